//! The Activity and Recent views' calls: what was picked, and removing a
//! stored copy (Filestack's `remove`): the copy goes, the record stays.

use crate::app::Cloudpick;
use crate::drive::Drive;
use crate::drives::local::LocalDrive;
use crate::error::{ErrorKind, Result};
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
