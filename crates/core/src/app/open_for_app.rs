//! Open for another application (the desktop's file dialog, #25): the
//! user's own files of This computer are handed over as they are; cloud
//! files are picked into a folder of this request's own under the cache,
//! checked against their drive's hash on the way, and handed over from
//! there. Nothing outside that folder is handed over but the local picks.

use crate::app::picking::PickRequest;
use crate::app::Cloudpick;
use crate::drives::local::{LocalDrive, KIND as LOCAL};
use crate::error::{Error, ErrorKind, Result};
use crate::item::ItemId;
use crate::pick::ProgressSink;
use crate::storage::StoreTo;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tokio_util::sync::CancellationToken;

/// How long a request's downloaded files stay for the application to read.
pub const KEPT_FOR: Duration = Duration::from_secs(24 * 60 * 60);

impl Cloudpick {
    /// The files of `request` as paths on this computer for application
    /// `asker`, in the order picked. Any file that could not be brought
    /// fails the whole answer: an application asked for all of them.
    /// `stop` (the application gone, the request answered) stops the
    /// downloads; what came down of an unanswered request is removed.
    pub async fn open_for_app(
        &self,
        request: PickRequest,
        asker: &str,
        sink: ProgressSink,
        stop: CancellationToken,
    ) -> Result<Vec<PathBuf>> {
        let mut paths: Vec<Option<PathBuf>> = Vec::with_capacity(request.items.len());
        let mut cloud = Vec::new();
        for item in &request.items {
            if item.source == LOCAL && item.transform.is_none() {
                paths.push(Some(self.local_file(&item.id)?));
            } else {
                paths.push(None);
                cloud.push(item.clone());
            }
        }
        if !cloud.is_empty() {
            // Removed when dropped: kept only once the application has its files.
            let request_dir = self.request_folder()?;
            let folder = request_dir.path().to_owned();
            let picked = PickRequest {
                items: cloud,
                store_to: Some(StoreTo {
                    location: StoreTo::LOCAL.to_owned(),
                    path: folder.display().to_string(),
                }),
                link_only: Some(false),
                reuse_duplicates: Some(false),
                documents_to_pdf: request.documents_to_pdf,
            };
            let result = self.pick_until(picked, sink, &stop).await?;
            self.history.opened_in_last_pick(asker)?;
            if let Some(failed) = result.files_failed.first() {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!("{}: {}", failed.filename, failed.error),
                ));
            }
            let mut stored = result.files_uploaded.iter();
            for slot in paths.iter_mut().filter(|p| p.is_none()) {
                let file = stored.next().ok_or_else(|| {
                    Error::new(ErrorKind::Io, "A picked file was not brought over")
                })?;
                *slot = Some(inside(&folder, &file.key)?);
            }
            let _kept = request_dir.keep();
        }
        Ok(paths.into_iter().flatten().collect())
    }

    /// A file of This computer, by its id, as its own path.
    fn local_file(&self, id: &ItemId) -> Result<PathBuf> {
        let root = self.settings().local_root(&self.paths);
        LocalDrive::new(&root)?.path_of(id)
    }

    /// A folder of This computer, by its id, for an application that asks
    /// for a folder.
    pub fn folder_for_app(&self, id: &ItemId) -> Result<PathBuf> {
        let path = self.local_file(id)?;
        match path.is_dir() {
            true => Ok(path),
            false => Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{} is not a folder", path.display()),
            )),
        }
    }

    /// The id on This computer of a folder of this computer, when it is
    /// inside the folder Cloudpick may browse.
    pub fn local_id(&self, path: &Path) -> Option<ItemId> {
        let root = LocalDrive::new(&self.settings().local_root(&self.paths)).ok()?;
        let real = path.canonicalize().ok()?;
        let below = real.strip_prefix(root.root_path()).ok()?;
        Some(ItemId::new(format!("/{}", below.to_string_lossy())))
    }

    /// A new folder for one request's files, under the cache; folders of
    /// requests older than a day go first.
    fn request_folder(&self) -> Result<tempfile::TempDir> {
        let parent = self.paths.cache_dir.join("opened");
        std::fs::create_dir_all(&parent)
            .map_err(|e| Error::from_io(e, "create", &parent.display().to_string()))?;
        sweep(&parent, KEPT_FOR);
        tempfile::Builder::new()
            .prefix("request-")
            .tempdir_in(&parent)
            .map_err(|e| Error::from_io(e, "create", "a folder for the opened files"))
    }
}

/// `key` below `folder`, refused when it would lead outside it.
fn inside(folder: &Path, key: &str) -> Result<PathBuf> {
    let path = folder.join(key);
    let real = path
        .canonicalize()
        .map_err(|e| Error::from_io(e, "find", key))?;
    let root = folder
        .canonicalize()
        .map_err(|e| Error::from_io(e, "find", &folder.display().to_string()))?;
    if real.starts_with(&root) && real.is_file() {
        Ok(real)
    } else {
        Err(Error::new(
            ErrorKind::PermissionDenied,
            format!("{key} is not inside this request's folder"),
        ))
    }
}

/// Removes the request folders last changed more than `age` ago.
fn sweep(parent: &Path, age: Duration) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|d| d > age);
        if old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_that_leads_outside_the_request_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("request");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("a.txt"), b"a").unwrap();
        std::fs::write(dir.path().join("secret"), b"s").unwrap();
        assert!(inside(&folder, "a.txt").unwrap().ends_with("request/a.txt"));
        assert!(inside(&folder, "../secret").is_err());
        std::os::unix::fs::symlink(dir.path().join("secret"), folder.join("link")).unwrap();
        assert!(inside(&folder, "link").is_err());
    }
}
