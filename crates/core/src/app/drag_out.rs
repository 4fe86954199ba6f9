//! Drag out: a file dragged from the window to the desktop or a file manager
//! is handed over as a path on this computer. A file of This computer is
//! its own path; a cloud file is downloaded first (checked against its
//! drive's hash) into the cache, where the drop target copies it from.

use crate::app::Cloudpick;
use crate::drives::local::LocalDrive;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, ItemId, ItemKind};
use crate::Drive;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Larger files are saved with Save to… or picked, not dragged: a drag
/// waits for the whole download.
pub const MOST_DRAGGED: u64 = 512 * 1024 * 1024;

impl Cloudpick {
    /// The path on this computer that a drag of file `id` on `source` hands
    /// over, downloading a cloud file first (once: a copy of the same size
    /// and version is reused).
    pub async fn stage_for_drag(&self, source: &str, id: &ItemId) -> Result<PathBuf> {
        if source == crate::drives::local::KIND {
            let root = self.settings().local_root(&self.paths);
            let path = LocalDrive::new(&root)?.path_of(id)?;
            return match path.is_file() {
                true => Ok(path),
                false => Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "{} is not a file: only files can be dragged out",
                        path.display()
                    ),
                )),
            };
        }
        let drive = self.drive(source)?;
        let item = drive.stat(id).await?;
        if item.kind == ItemKind::Folder {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{} is a folder: drag its files, or pick it", item.name),
            ));
        }
        if item.size.is_some_and(|s| s > MOST_DRAGGED) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{} is too large to drag out: pick it, or use Save to…",
                    item.name
                ),
            ));
        }
        // One folder per file and version, so a changed file is fetched again.
        let key = format!(
            "{source}\n{}\n{}\n{}",
            id.as_str(),
            item.modified.as_deref().unwrap_or(""),
            item.size.unwrap_or(0)
        );
        let digest = Sha256::digest(key.as_bytes());
        let folder: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let dir = self.paths.cache_dir.join("dragged").join(folder);
        let name = crate::names::sanitize(&item.name);
        let path = dir.join(&name);
        if path.is_file()
            && item
                .size
                .is_none_or(|s| std::fs::metadata(&path).is_ok_and(|m| m.len() == s))
        {
            return Ok(path);
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::from_io(e, "create", &dir.display().to_string()))?;
        let body = drive.read_verified(&item).await?;
        // The local drive writes through a temp file and renames: a drop
        // target never sees half a file.
        let staging = LocalDrive::new(&dir)?;
        let upload = crate::Upload {
            name,
            size: item.size,
            body,
            on_conflict: ConflictPolicy::Replace,
        };
        staging.write(&staging.root(), upload).await?;
        Ok(path)
    }
}
