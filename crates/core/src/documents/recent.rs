//! The cloud PDFs brought over last, by the version of the file they are:
//! Quick Look turns a PDF's pages, and the grid draws its first, without
//! bringing it over again. Their scratch folders go once they leave the
//! list and nothing draws from them.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How many stay (each at most `MAX_PREVIEW_BYTES`).
pub const KEPT: usize = 3;

/// A PDF brought over: the folder that holds it, and its path.
pub type Held = (Arc<tempfile::TempDir>, PathBuf);

#[derive(Default)]
pub struct RecentPdfs(Mutex<VecDeque<(PathBuf, Held)>>);

impl RecentPdfs {
    /// The PDF of `version`, if it is still here.
    pub fn get(&self, version: &Path) -> Option<Held> {
        let recent = self.0.lock().ok()?;
        recent
            .iter()
            .find(|(v, _)| v == version)
            .map(|(_, held)| held.clone())
    }

    /// Keeps the PDF at `path` in `dir` as `version`'s, the oldest going.
    pub fn keep(&self, version: PathBuf, dir: tempfile::TempDir, path: PathBuf) -> Held {
        let held = (Arc::new(dir), path);
        if let Ok(mut recent) = self.0.lock() {
            recent.retain(|(v, _)| *v != version);
            recent.push_back((version, held.clone()));
            while recent.len() > KEPT {
                recent.pop_front();
            }
        }
        held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_few_stay_and_an_older_one_goes_once_nothing_draws_from_it() {
        let recent = RecentPdfs::default();
        let version = |n: usize| PathBuf::from(format!("v{n}"));
        let mut dirs = Vec::new();
        for n in 0..KEPT {
            let dir = tempfile::tempdir().unwrap();
            dirs.push(dir.path().to_owned());
            let path = dir.path().join("a.pdf");
            drop(recent.keep(version(n), dir, path));
        }
        let held = recent.get(&version(0)).expect("kept");
        let newest = tempfile::tempdir().unwrap();
        let path = newest.path().join("b.pdf");
        drop(recent.keep(version(KEPT), newest, path));
        assert!(
            recent.get(&version(0)).is_none(),
            "the oldest left the list"
        );
        assert!(
            dirs[0].is_dir(),
            "while a drawing holds it, its folder stays"
        );
        drop(held);
        assert!(!dirs[0].exists(), "then it goes");
        assert!(recent.get(&version(1)).is_some() && dirs[1].is_dir());
    }
}
