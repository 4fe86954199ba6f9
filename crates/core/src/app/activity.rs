//! The Activity and Recent views' calls: what was picked, and removing a
//! stored copy (Filestack's `remove`): the copy goes, the record stays.

use crate::app::Cloudpick;
use crate::drive::Drive;
use crate::drives::local::LocalDrive;
use crate::error::{Error, ErrorKind, Result};
use crate::history::{Activity, RecentItem};

/// How many picks the Activity view lists, and how many files Recent does.
pub const ACTIVITY_SHOWN: u32 = 100;
pub const RECENT_SHOWN: u32 = 100;

impl Cloudpick {
    /// The last picks, newest first.
    pub fn activity(&self) -> Result<Vec<Activity>> {
        self.history.activity(ACTIVITY_SHOWN)
    }

    /// The files picked last, across drives, newest first.
    pub fn recent(&self) -> Result<Vec<RecentItem>> {
        self.history.recent(RECENT_SHOWN)
    }

    /// Deletes the stored copy of file `position` of pick `id`, on the
    /// storage folder or drive it went to. A copy that is already gone
    /// counts as removed; the original is never touched.
    pub async fn remove_stored(&self, id: i64, position: u32) -> Result<()> {
        let (storage, stored, stored_id) = self.history.stored(id, position)?;
        let deleted = if storage == crate::storage::StoreTo::LOCAL {
            let folder = std::path::Path::new(&stored.container);
            match folder.is_dir() {
                true => LocalDrive::new(folder)?.delete(&stored_id).await,
                false => Ok(()),
            }
        } else {
            self.drive(&storage)?.delete(&stored_id).await
        };
        match deleted {
            Ok(()) => {}
            Err(err) if err.kind() == ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
        self.history.mark_removed(id, position)
    }
}

impl Cloudpick {
    /// Saves file `position` of the failed save `id` again, to the drive
    /// and folder it was meant for. A file an application saved through
    /// the desktop's file dialog replaces what is there (its name was
    /// settled when the user chose it); any other asks about a taken name.
    pub async fn retry_save(&self, id: i64, position: u32) -> Result<crate::pick::PickResult> {
        use crate::app::export::{ExportRequest, OnConflict};
        use crate::app::export_plan::{ExportItem, PATH_SOURCE};
        let failed = self.history.failed_save(id, position)?;
        let path = failed
            .destination
            .strip_prefix(&format!("{}:", failed.storage))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Unsupported,
                    "This save cannot be tried again from here: save the file again with Save to…",
                )
            })?;
        let for_app = failed.source == PATH_SOURCE
            && std::path::Path::new(failed.item_id.as_str())
                .starts_with(self.paths.cache_dir.join("saving"));
        let request = ExportRequest {
            items: vec![ExportItem {
                source: failed.source,
                id: failed.item_id,
                name: failed.name,
            }],
            to: crate::storage::StoreTo {
                location: failed.storage,
                path: path.to_owned(),
            },
            on_conflict: if for_app {
                OnConflict::Replace
            } else {
                OnConflict::Ask
            },
        };
        let result = self.export(request, std::sync::Arc::new(|_| {})).await?;
        if let Some(taken) = result.files_taken.first() {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!(
                    "{} is already there: save it again with Save to… to replace it or keep both",
                    taken.filename
                ),
            ));
        }
        match result.files_failed.first() {
            Some(failed) => Err(Error::new(ErrorKind::Io, failed.error.clone())),
            None => Ok(result),
        }
    }
}
