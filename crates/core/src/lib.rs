//! Cloudpick's engine: the `Drive` trait and its drives, the pick pipeline,
//! settings, and the API the desktop shell and the command line call.
//! Nothing here depends on Tauri.

pub mod accounts;
mod activity;
pub mod alfresco;
pub mod alfresco_accounts;
pub mod amazon;
pub mod api;
pub mod boxcom;
pub mod browse;
pub mod connect;
pub mod drag_out;
pub mod drive;
pub mod dropbox;
pub mod edit_stored;
pub mod error;
pub mod events;
pub mod export;
pub mod export_plan;
pub mod hashes;
pub mod history;
pub mod item;
pub mod local;
pub mod mime;
pub mod names;
pub mod notices;
pub mod onedrive;
pub mod pick;
pub mod provider_apps;
pub mod remote;
pub mod restrictions;
pub mod script;
pub mod settings;
pub mod sources;
pub mod storage;
pub mod thumbnails;
mod transfers;
pub mod transform;
pub mod webhooks;
pub mod window_events;
pub mod window_state;

pub use drive::{ByteStream, Drive, Journal, ListOptions, Upload, UploadSession};
pub use error::{ApiError, Error, ErrorKind, Result};
pub use item::{
    Account, ByteRange, Capabilities, ConflictPolicy, DriveItem, ItemId, ItemKind, Page,
};
