//! What the history shows: a pick with its files, as Activity lists it,
//! and a file of Recent.

use crate::item::{DriveItem, ItemId};
use crate::pick::{PickResult, StoredFile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One pick, as the Activity view shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Activity.ts")]
pub struct Activity {
    #[ts(type = "number")]
    pub id: i64,
    /// `pick`.
    pub kind: String,
    pub status: ActivityStatus,
    /// Unix milliseconds.
    #[ts(type = "number")]
    pub started: i64,
    #[ts(type = "number | null")]
    pub finished: Option<i64>,
    /// Where the files went: the storage folder, or `dropbox:/Uploads`.
    pub destination: String,
    /// The application the files were opened in, through the desktop's
    /// file dialog (`org.mozilla.firefox`, or "An application").
    pub opened_in: Option<String>,
    pub files: Vec<ActivityFile>,
    /// The result as the pick returned it (Filestack's shape).
    pub result: Option<PickResult>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "ActivityStatus.ts")]
pub enum ActivityStatus {
    Running,
    Done,
    /// Cloudpick stopped before the pick ended.
    Interrupted,
}

/// One file of a pick.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "ActivityFile.ts")]
pub struct ActivityFile {
    pub position: u32,
    /// The source id it came from (`dropbox:me@example.com`).
    pub source: String,
    pub item_id: ItemId,
    /// The file as its drive described it, once read.
    pub item: Option<DriveItem>,
    pub state: FileState,
    pub stored: Option<StoredFile>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "FileState.ts")]
pub enum FileState {
    Pending,
    Stored,
    Failed,
    /// The stored copy was deleted from the Activity view.
    Removed,
    /// Link only: no copy, the source drive's link.
    Linked,
    /// Stopped by the user; Resume goes on from where the server stands.
    Paused,
}

/// A file picked lately, with the drive it is on: Recent's rows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "RecentItem.ts")]
pub struct RecentItem {
    pub source: String,
    pub item: DriveItem,
    /// What was done with it last: `picked`, or `saved` (to a drive).
    pub action: String,
    /// Unix milliseconds.
    #[ts(type = "number")]
    pub at: i64,
    /// Where it went that last time: the storage's location (`local`, or a
    /// source id such as `dropbox:ann@example.com`) and the folder there.
    pub to: String,
    pub to_folder: String,
}
