//! What a save to a drive will copy: each requested item looked up on its
//! drive, a file given by its path on this computer (dropped on the window,
//! named on the command line) opened where it is, and a folder walked, so
//! that its files go into folders of the same names at the destination.

use crate::app::Cloudpick;
use crate::drive::{Drive, ListOptions};
use crate::drives::local::LocalDrive;
use crate::error::{Error, ErrorKind, Result};
use crate::item::ItemId;
use crate::item::{DriveItem, ItemKind};
use futures::StreamExt;
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;
use ts_rs::TS;

/// One file to save, and the name to save it under (Filestack's
/// `suggestedFilename`, as the user edited it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "ExportItem.ts")]
pub struct ExportItem {
    pub source: String,
    pub id: ItemId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
}

/// The `source` of an export item that is a file or folder on this
/// computer, anywhere, by its absolute path (the item's `id`).
pub const PATH_SOURCE: &str = "path";

/// How many files one dropped folder may hold, so that a drop of `/` by
/// mistake stops with a message instead of walking the whole disk.
const MOST_FILES: usize = 10_000;

/// One file to copy, and where below the destination folder it goes.
pub(crate) struct Job {
    pub drive: Arc<dyn Drive>,
    /// Filestack's name of the source ("dropbox", "local").
    pub source_name: String,
    /// The source as the request named it, for the history.
    pub source: String,
    pub item: DriveItem,
    /// The name to save it under.
    pub name: String,
    /// The folders below the destination, `""` or `"Trip/Day 1"`.
    pub folder: String,
}

/// An item that could not be looked up, with why.
pub(crate) struct Unreadable {
    pub source: String,
    pub shown: String,
    pub source_name: String,
    pub error: Error,
}

// One per file of a save: the size does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Planned {
    Copy(Job),
    Fail(Unreadable),
}

/// The plan: the files in order, and every folder to make (empty ones too).
#[derive(Default)]
pub(crate) struct Plan {
    pub files: Vec<Planned>,
    pub folders: Vec<String>,
}

impl Cloudpick {
    pub(crate) async fn plan_export(&self, items: &[ExportItem]) -> Plan {
        let mut plan = Plan::default();
        for wanted in items {
            let shown = wanted.id.as_str().to_owned();
            let fail = |source_name: &str, error: Error| {
                Planned::Fail(Unreadable {
                    source: wanted.source.clone(),
                    shown: shown.clone(),
                    source_name: source_name.to_owned(),
                    error,
                })
            };
            let drive = match self.export_drive(wanted) {
                Ok(drive) => drive,
                Err(e) => {
                    plan.files.push(fail("", e));
                    continue;
                }
            };
            let source_name = crate::sources::filestack_name(drive.kind()).to_owned();
            let id = match wanted.source == PATH_SOURCE {
                true => root_child(&shown),
                false => wanted.id.clone(),
            };
            let item = match drive.stat(&id).await {
                Ok(item) => item,
                Err(e) => {
                    plan.files.push(fail(&source_name, e));
                    continue;
                }
            };
            let name = crate::names::sanitize(wanted.name.as_deref().unwrap_or(&item.name));
            let job = Job {
                drive,
                source_name,
                source: wanted.source.clone(),
                item,
                name,
                folder: String::new(),
            };
            if job.item.kind == ItemKind::Folder {
                if let Err(e) = walk(job, &mut plan).await {
                    plan.files.push(fail("", e));
                }
            } else {
                plan.files.push(Planned::Copy(job));
            }
        }
        plan
    }

    /// The drive an item is read from; a path on this computer gets a
    /// drive over its parent folder.
    fn export_drive(&self, wanted: &ExportItem) -> Result<Arc<dyn Drive>> {
        if wanted.source != PATH_SOURCE {
            return self.drive(&wanted.source);
        }
        let path = Path::new(wanted.id.as_str());
        let parent = path
            .parent()
            .filter(|_| path.is_absolute())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("{} is not a full path to a file", path.display()),
                )
            })?;
        Ok(Arc::new(LocalDrive::new(parent)?))
    }
}

/// The id of a path's last part in a drive over its parent folder.
fn root_child(path: &str) -> crate::item::ItemId {
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::item::ItemId::new(format!("/{name}"))
}

/// Adds a folder's files (and folders) to the plan, depth first, names kept.
async fn walk(top: Job, plan: &mut Plan) -> Result<()> {
    let options = ListOptions {
        page_size: 1000,
        include_hidden: true,
    };
    let mut pending = vec![(top.item.clone(), top.name.clone())];
    let mut count = 0usize;
    while let Some((folder, path)) = pending.pop() {
        plan.folders.push(path.clone());
        let mut pages = top.drive.list(&folder.id, options);
        let mut children = Vec::new();
        while let Some(page) = pages.next().await {
            children.extend(page?.items);
        }
        children.sort_by(|a, b| a.name.cmp(&b.name));
        let mut subfolders = Vec::new();
        for child in children {
            let name = crate::names::sanitize(&child.name);
            match child.kind {
                ItemKind::Folder => subfolders.push((child, format!("{path}/{name}"))),
                _ => {
                    count += 1;
                    if count > MOST_FILES {
                        return Err(Error::new(
                            ErrorKind::InvalidInput,
                            format!(
                                "{} holds more than {MOST_FILES} files: save a smaller folder",
                                top.name
                            ),
                        ));
                    }
                    plan.files.push(Planned::Copy(Job {
                        drive: top.drive.clone(),
                        source_name: top.source_name.clone(),
                        source: top.source.clone(),
                        item: child,
                        name,
                        folder: path.clone(),
                    }));
                }
            }
        }
        pending.extend(subfolders.into_iter().rev());
    }
    Ok(())
}
