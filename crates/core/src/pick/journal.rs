//! What a pick tells the journal of its resumable uploads, so that they
//! can go on after a pause or a restart.

use crate::drive::UploadSession;
use crate::error::Result;
use crate::item::DriveItem;

/// Why a paused file is not in `filesUploaded` yet.
pub const PAUSED: &str = "Paused: resume it from Activity";

/// Uploads to a drive with resumable sessions are journaled from this size on.
pub const RESUMABLE_FROM: u64 = 8 * 1024 * 1024;

/// Where a pick journals its resumable uploads: the history, in the app.
pub trait TransferLog: Send + Sync {
    /// A new upload of file `position`; returns its journal id.
    fn begin(&self, position: usize, item: &DriveItem, session: &UploadSession) -> Result<i64>;
    /// What the server confirmed so far.
    fn journal(&self, id: i64, session: &UploadSession) -> Result<()>;
    fn end(&self, id: i64, ended: Ended) -> Result<()>;
    /// Whether the user paused file `position` (rather than cancelled it).
    fn paused(&self, position: usize) -> bool;
}

/// How a transfer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Done,
    Failed,
    Cancelled,
    /// Stopped by the user, to go on later.
    Paused,
}
