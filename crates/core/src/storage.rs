//! Where picked files go: the local storage folder (the default), or a folder
//! on any connected drive (Filestack's `storeTo {location, path}`). A copy
//! lands there under a free name, and gets its distributable link: a
//! `file://` URL locally, the drive's share link elsewhere (or, on a drive
//! that makes none, the file's address in its API).

use crate::drive::{Drive, ListOptions};
use crate::drives::local::LocalDrive;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId};
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use ts_rs::TS;

/// Where to store: `local` (the storage folder, or `path` when given) or a
/// source id (`dropbox`, `onedrive:me@example.com`) and a folder path there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export, export_to = "StoreTo.ts")]
pub struct StoreTo {
    pub location: String,
    pub path: String,
}

impl StoreTo {
    pub const LOCAL: &'static str = "local";

    /// Reads `local:/path`, `dropbox:/Uploads` or `dropbox:me@x.com:/Uploads`.
    pub fn parse(text: &str) -> Result<Self> {
        let (location, path) = text.rsplit_once(":/").map_or((text, ""), |(l, p)| (l, p));
        if location.is_empty() || location.contains('/') {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{text:?} is not a storage location: write it like local:/home/you/Picked or dropbox:/Uploads"),
            ));
        }
        Ok(StoreTo {
            location: location.to_owned(),
            path: format!("/{path}"),
        })
    }

    pub fn is_local(&self) -> bool {
        self.location.is_empty() || self.location == Self::LOCAL
    }
}

impl std::fmt::Display for StoreTo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.location, self.path)
    }
}

/// An opened storage location: the drive, the folder, and how results name it.
pub struct Storage {
    drive: Arc<dyn Drive>,
    folder: ItemId,
    /// `local`, or the drive's source id.
    location: String,
    /// Results' `container`: the folder's path, or `dropbox:/Uploads`.
    container: String,
    /// For the local folder: its path, below which keys are.
    root: Option<PathBuf>,
    /// An object store: `container` is the bucket, and keys are inside it.
    in_bucket: bool,
}

impl Storage {
    /// Storage in the local `folder`, created if it does not exist yet.
    pub fn local(folder: &Path) -> Result<Self> {
        std::fs::create_dir_all(folder)
            .map_err(|e| Error::from_io(e, "create", &folder.display().to_string()))?;
        let drive = LocalDrive::new(folder)?;
        let root = drive.root_path().to_path_buf();
        Ok(Storage {
            folder: drive.root(),
            drive: Arc::new(drive),
            location: StoreTo::LOCAL.to_owned(),
            container: root.display().to_string(),
            root: Some(root),
            in_bucket: false,
        })
    }

    /// Storage in `path` on a connected drive, its folders created as needed.
    /// A drive without share links stores too: its files' `url` is their
    /// address in its API, and their status says there is no link.
    pub async fn on_drive(location: &str, drive: Arc<dyn Drive>, path: &str) -> Result<Self> {
        let folder = folder_at(&*drive, path).await?;
        let path = format!("/{}", path.trim_matches('/'));
        // On S3 and Azure, Filestack's `container` is the bucket.
        let in_bucket =
            crate::drives::registry::row(drive.kind()).is_some_and(|r| r.keys.is_some());
        let container = match path.trim_start_matches('/').split('/').next() {
            Some(bucket) if in_bucket && !bucket.is_empty() => bucket.to_owned(),
            _ if in_bucket => {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "Name the bucket to store in on {}: {location}:/bucket/folder",
                        drive.display_name()
                    ),
                ))
            }
            _ => format!("{location}:{path}"),
        };
        Ok(Storage {
            drive,
            folder,
            location: location.to_owned(),
            container,
            root: None,
            in_bucket,
        })
    }

    /// The local storage folder, for local storage.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    pub fn drive(&self) -> &Arc<dyn Drive> {
        &self.drive
    }

    pub fn folder(&self) -> &ItemId {
        &self.folder
    }

    pub fn location(&self) -> &str {
        &self.location
    }

    pub fn container(&self) -> &str {
        &self.container
    }

    pub fn is_local(&self) -> bool {
        self.root.is_some()
    }

    /// The folder as a person reads it: `Dropbox/Saved`, or a local path.
    pub fn place(&self) -> String {
        if self.in_bucket {
            return format!(
                "{}/{}",
                self.drive.display_name(),
                self.folder.as_str().trim_end_matches('/')
            );
        }
        match self.container.rsplit_once(":/") {
            Some((_, path)) if !self.is_local() => {
                format!("{}/{}", self.drive.display_name(), path)
            }
            _ => self.container.clone(),
        }
    }

    /// The stored copy's key: its path below the storage folder, or on its drive.
    pub fn key(&self, stored: &DriveItem) -> String {
        match &self.root {
            Some(root) => {
                let path = root.join(stored.id.as_str().trim_start_matches('/'));
                path.strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .into_owned()
            }
            None if self.in_bucket => stored
                .id
                .as_str()
                .split_once('/')
                .map_or("", |(_, key)| key)
                .to_owned(),
            None => stored.display_path.trim_start_matches('/').to_owned(),
        }
    }

    /// The stored copy's distributable link.
    pub async fn link(&self, stored: &DriveItem) -> Result<String> {
        match self.drive.local_url(&stored.id) {
            Some(url) => Ok(url.into()),
            None => self.drive.share_link(&stored.id).await,
        }
    }

    /// The files directly in the storage folder, to look for duplicates.
    pub async fn files(&self) -> Result<Vec<DriveItem>> {
        let pages: Vec<_> = self
            .drive
            .list(
                &self.folder,
                ListOptions {
                    include_hidden: true,
                    ..ListOptions::default()
                },
            )
            .try_collect()
            .await?;
        Ok(pages
            .into_iter()
            .flat_map(|p| p.items)
            .filter(|i| !i.is_folder())
            .collect())
    }
}

/// The folder at `path` on `drive`, each missing folder created on the way.
pub async fn folder_at(drive: &dyn Drive, path: &str) -> Result<ItemId> {
    let mut folder = drive.root();
    for name in path.split('/').filter(|s| !s.is_empty()) {
        if name == "." || name == ".." {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{path:?} is not a folder path: use names only, without . or .."),
            ));
        }
        folder = match child_folder(drive, &folder, name).await? {
            Some(found) => found,
            None => drive.create_folder(&folder, name).await?.id,
        };
    }
    Ok(folder)
}

/// The subfolder called `name`, by exact name first, then ignoring case
/// (most cloud drives treat names so).
async fn child_folder(drive: &dyn Drive, parent: &ItemId, name: &str) -> Result<Option<ItemId>> {
    let options = ListOptions {
        include_hidden: true,
        ..ListOptions::default()
    };
    let mut pages = drive.list(parent, options);
    let mut loose = None;
    while let Some(page) = pages.try_next().await? {
        for item in page.items.into_iter().filter(DriveItem::is_folder) {
            if item.name == name {
                return Ok(Some(item.id));
            }
            if loose.is_none() && item.name.eq_ignore_ascii_case(name) {
                loose = Some(item.id);
            }
        }
    }
    Ok(loose)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_storage_locations_as_the_command_line_writes_them() {
        let at = |text: &str| StoreTo::parse(text).unwrap();
        assert_eq!(
            at("dropbox:/Uploads/2026"),
            StoreTo {
                location: "dropbox".into(),
                path: "/Uploads/2026".into()
            }
        );
        assert_eq!(
            at("onedrive:me@example.com:/Team").location,
            "onedrive:me@example.com"
        );
        assert_eq!(at("local:/home/you/Picked").path, "/home/you/Picked");
        assert!(at("local:/x").is_local());
        assert_eq!(at("box").path, "/");
        assert!(StoreTo::parse("/just/a/path").is_err());
        assert_eq!(at("dropbox:/Uploads").to_string(), "dropbox:/Uploads");
    }
}
