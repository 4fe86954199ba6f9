//! The history: every pick, with its files, result JSON and links, in a
//! SQLite database in the data folder (`~/.local/share/Cloudpick/cloudpick.db`).
//! The Activity view lists it; Recent lists the files picked last, across
//! drives; a stored copy can be removed from there.

mod activity;
mod database;
mod journal;
mod schema;

pub use activity::{Activity, ActivityFile, ActivityStatus, FileState, RecentItem};
pub use database::History;
pub use journal::{PickLog, Unfinished};
