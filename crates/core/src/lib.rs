//! Cloudpick's engine: the `Drive` trait and its drives, the pick pipeline,
//! settings, and the API the desktop shell and the command line call.
//! Nothing here depends on Tauri.

pub mod app;
pub mod connect;
pub mod decodes;
pub mod documents;
pub mod drive;
pub mod drives;
pub mod error;
pub mod events;
pub mod folders;
pub mod given;
pub mod history;
pub mod item;
pub mod listings;
pub mod media;
pub mod mime;
pub mod names;
pub mod notices;
pub mod opening;
pub mod pick;
pub mod portal;
pub mod preview;
pub mod restrictions;
pub mod settings;
pub mod sources;
pub mod storage;
pub mod thumbnails;
pub mod transform;
pub mod webhooks;
pub mod window_events;
pub mod window_state;

pub use drive::{ByteStream, Drive, Journal, ListOptions, Upload, UploadSession};
pub use error::{ApiError, Error, ErrorKind, Result};
pub use item::{
    Account, ByteRange, Capabilities, ConflictPolicy, DriveItem, ItemId, ItemKind, Page,
};
