//! Save for another application (the desktop's Save dialog, #25). A folder
//! of This computer gets the application's file at its own path. A cloud
//! folder gets a staging path under the cache instead: the application
//! writes there, and once it has closed the file and a short quiet has
//! passed, the file is saved to the drive through the usual export (its
//! resumable uploads, Activity, the notification). Saving again within a
//! day replaces it there with the new version.

use crate::app::export::{ExportRequest, OnConflict};
use crate::app::export_plan::{ExportItem, PATH_SOURCE};
use crate::app::script::Location;
use crate::app::Cloudpick;
use crate::drives::local::KIND as LOCAL;
use crate::error::{Error, ErrorKind, Result};
use crate::item::ItemId;
use crate::storage::StoreTo;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;
use ts_rs::TS;

/// How long after the application's last write the file is uploaded.
pub const QUIET: Duration = Duration::from_secs(2);

/// Where the user chose to save: a drive, its folder, and the name.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "SaveForApp.ts")]
pub struct SaveForApp {
    pub source: String,
    /// The folder's id on that drive (This computer's folders by id only).
    pub folder: ItemId,
    /// The folder's path on a cloud drive, from its root (`/Documents`).
    pub path: String,
    pub name: String,
    /// `ask` first; `replace` or `rename` once the user answered.
    pub on_conflict: OnConflict,
}

/// The answer: where the application writes, or a taken name to ask about.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[ts(export, export_to = "SavedForApp.ts")]
pub enum SavedForApp {
    /// The path the application gets.
    Path {
        #[ts(type = "string")]
        path: PathBuf,
    },
    /// The name is taken there: replace, or keep both?
    Taken { message: String },
}

/// A cloud save waiting for the application's writes.
#[derive(Debug, Clone)]
pub struct Staged {
    pub file: PathBuf,
    pub to: StoreTo,
    pub name: String,
}

impl Cloudpick {
    /// Where the application saves `to`, asking first about a taken name.
    /// For a cloud folder, also the staging file to watch.
    pub async fn save_for_app(&self, to: SaveForApp) -> Result<(SavedForApp, Option<Staged>)> {
        let name = crate::names::sanitize(&to.name);
        if name.is_empty() {
            return Err(Error::new(ErrorKind::InvalidInput, "Give the file a name"));
        }
        if to.source == LOCAL {
            let folder = self.folder_for_app(&to.folder)?;
            let taken = |name: &str| folder.join(name).exists();
            let Some(name) = choose_name(&name, to.on_conflict, &taken) else {
                return Ok((taken_answer(&name), None));
            };
            let path = folder.join(name);
            return Ok((SavedForApp::Path { path }, None));
        }
        let mut names_here = Vec::new();
        let place = Location {
            source: to.source.clone(),
            path: to.path.clone(),
        };
        for item in self.list_at(&place).await? {
            names_here.push(item.name.to_lowercase());
        }
        let taken = |name: &str| names_here.contains(&name.to_lowercase());
        let Some(name) = choose_name(&name, to.on_conflict, &taken) else {
            return Ok((taken_answer(&name), None));
        };
        let folder = self.staging_folder()?;
        let file = folder.join(&name);
        let staged = Staged {
            file: file.clone(),
            to: StoreTo {
                location: to.source,
                path: to.path,
            },
            name,
        };
        Ok((SavedForApp::Path { path: file }, Some(staged)))
    }

    /// Uploads `staged` each time the application has written it and a
    /// quiet has passed, for a day; then its staging folder goes. Ends early
    /// if the folder is removed.
    pub async fn upload_staged(&self, staged: Staged) {
        let Some(folder) = staged.file.parent().map(Path::to_path_buf) else {
            return;
        };
        let mut writes = watch_writes(&folder, &staged.name);
        let until = tokio::time::Instant::now() + super::open_for_app::KEPT_FOR;
        let mut written = false;
        loop {
            tokio::select! {
                event = writes.recv() => match event {
                    Some(_) => written = true,
                    None => break,
                },
                _ = tokio::time::sleep(QUIET), if written => {
                    written = false;
                    self.upload_once(&staged).await;
                }
                _ = tokio::time::sleep_until(until) => break,
            }
        }
        let _ = std::fs::remove_dir_all(&folder);
    }

    /// One upload of the staged file, replacing the version before (the
    /// name was settled when the user chose it). The export records it in
    /// Activity and the notification tells how it went.
    async fn upload_once(&self, staged: &Staged) {
        let request = ExportRequest {
            items: vec![ExportItem {
                source: PATH_SOURCE.to_owned(),
                id: ItemId::new(staged.file.display().to_string()),
                name: Some(staged.name.clone()),
            }],
            to: staged.to.clone(),
            on_conflict: OnConflict::Replace,
        };
        if let Err(err) = self.export(request, std::sync::Arc::new(|_| {})).await {
            self.events
                .send(crate::events::Event::SaveForAppFailed(format!(
                    "{}: {}",
                    staged.name,
                    err.message()
                )));
        }
    }

    /// A new folder for one save's staging file, under the cache.
    fn staging_folder(&self) -> Result<PathBuf> {
        let parent = self.paths.cache_dir.join("saving");
        std::fs::create_dir_all(&parent)
            .map_err(|e| Error::from_io(e, "create", &parent.display().to_string()))?;
        let dir = tempfile::Builder::new()
            .prefix("request-")
            .tempdir_in(&parent)
            .map_err(|e| Error::from_io(e, "create", "a folder for the saved file"))?;
        Ok(dir.keep())
    }
}

/// The name to save under: `name` when free or to be replaced, the first
/// free `name (n).ext` to keep both, or `None` to ask.
fn choose_name(
    name: &str,
    on_conflict: OnConflict,
    taken: &dyn Fn(&str) -> bool,
) -> Option<String> {
    if !taken(name) || on_conflict == OnConflict::Replace {
        return Some(name.to_owned());
    }
    if on_conflict == OnConflict::Ask {
        return None;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    (1..10_000)
        .map(|n| format!("{stem} ({n}){ext}"))
        .find(|candidate| !taken(candidate))
}

fn taken_answer(name: &str) -> SavedForApp {
    SavedForApp::Taken {
        message: format!("{name} is already there. Replace it, or keep both?"),
    }
}

/// The application's finished writes of `name` in `folder` (closed after
/// writing, or moved in), each as the name written, from inotify on a
/// thread of its own. The channel closes when the folder goes.
fn watch_writes(folder: &Path, name: &str) -> tokio::sync::mpsc::UnboundedReceiver<String> {
    use rustix::fs::inotify;
    let (tell, writes) = tokio::sync::mpsc::unbounded_channel();
    let watched = inotify::init(inotify::CreateFlags::CLOEXEC).and_then(|fd| {
        let flags = inotify::WatchFlags::CLOSE_WRITE
            | inotify::WatchFlags::MOVED_TO
            | inotify::WatchFlags::DELETE_SELF;
        inotify::add_watch(&fd, folder, flags).map(|_| fd)
    });
    let Ok(fd) = watched else {
        // No watch, no uploads: the channel closes at once, and says so.
        return writes;
    };
    let name = name.to_owned();
    std::thread::spawn(move || {
        let mut buffer = [std::mem::MaybeUninit::uninit(); 4096];
        let mut reader = inotify::Reader::new(&fd, &mut buffer);
        while let Ok(event) = reader.next() {
            if event.events().contains(inotify::ReadFlags::IGNORED) {
                break;
            }
            let ours = event
                .file_name()
                .is_some_and(|n| n.to_bytes() == name.as_bytes());
            if ours && tell.send(name.clone()).is_err() {
                break;
            }
        }
    });
    writes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_is_asked_about_replaced_or_numbered() {
        let taken = |n: &str| n == "notes.txt" || n == "notes (1).txt";
        assert_eq!(
            choose_name("plan.txt", OnConflict::Ask, &taken).as_deref(),
            Some("plan.txt")
        );
        assert_eq!(choose_name("notes.txt", OnConflict::Ask, &taken), None);
        assert_eq!(
            choose_name("notes.txt", OnConflict::Replace, &taken).as_deref(),
            Some("notes.txt")
        );
        assert_eq!(
            choose_name("notes.txt", OnConflict::Rename, &taken).as_deref(),
            Some("notes (2).txt")
        );
    }

    #[tokio::test]
    async fn a_write_closed_in_the_folder_is_heard_and_others_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut writes = watch_writes(dir.path(), "report.odt");
        // Events come in order: had the other file's write been heard, it
        // would come first.
        std::fs::write(dir.path().join("other.txt"), b"x").unwrap();
        std::fs::write(dir.path().join("report.odt"), b"v1").unwrap();
        let heard = tokio::time::timeout(Duration::from_secs(10), writes.recv()).await;
        assert_eq!(
            heard.unwrap().as_deref(),
            Some("report.odt"),
            "the other file's write is not heard"
        );
        // Written to a temporary name and moved in, as many editors save.
        std::fs::write(dir.path().join(".tmp-report"), b"v2").unwrap();
        std::fs::rename(
            dir.path().join(".tmp-report"),
            dir.path().join("report.odt"),
        )
        .unwrap();
        let heard = tokio::time::timeout(Duration::from_secs(10), writes.recv()).await;
        assert_eq!(heard.unwrap().as_deref(), Some("report.odt"));
        drop(dir);
        let closed = tokio::time::timeout(Duration::from_secs(10), writes.recv()).await;
        assert_eq!(closed.unwrap(), None, "the folder gone, the watch ends");
    }
}
