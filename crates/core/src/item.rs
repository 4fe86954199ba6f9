//! What a drive holds, as every drive describes it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A body of bytes, streamed.
pub type ByteStream = futures::stream::BoxStream<'static, crate::error::Result<bytes::Bytes>>;

/// An item's id. Opaque: only the drive that issued it knows what it means.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export, export_to = "ItemId.ts")]
pub struct ItemId(pub String);

impl ItemId {
    pub fn new(id: impl Into<String>) -> Self {
        ItemId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "ItemKind.ts")]
pub enum ItemKind {
    File,
    Folder,
}

/// One file or folder on a drive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "DriveItem.ts")]
pub struct DriveItem {
    pub id: ItemId,
    pub name: String,
    pub kind: ItemKind,
    /// Bytes, for files.
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    /// RFC 3339, UTC.
    pub modified: Option<String>,
    /// For people: `/Photos/2024/beach.jpg`. Never parse it to find an item.
    pub display_path: String,
    pub mime_type: Option<String>,
    /// The provider's hash of the content, for files whose drive reports one.
    #[serde(default)]
    pub hash: Option<ContentHash>,
}

/// A content hash as the provider writes it (base64 for QuickXorHash, hex otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "ContentHash.ts")]
pub struct ContentHash {
    pub algorithm: crate::drives::hashes::HashKind,
    pub value: String,
}

impl ContentHash {
    pub fn new(algorithm: crate::drives::hashes::HashKind, value: impl Into<String>) -> Self {
        ContentHash {
            algorithm,
            value: value.into(),
        }
    }
}

impl DriveItem {
    /// A drive's root folder, `id`, shown as the drive's `name`.
    pub fn root(id: &str, name: &str) -> Self {
        DriveItem {
            id: ItemId::new(id),
            name: name.to_owned(),
            kind: ItemKind::Folder,
            size: None,
            modified: None,
            display_path: "/".into(),
            mime_type: None,
            hash: None,
        }
    }

    pub fn is_folder(&self) -> bool {
        self.kind == ItemKind::Folder
    }
}

/// One page of a folder listing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Page.ts")]
pub struct Page {
    pub items: Vec<DriveItem>,
    /// Present while more pages follow.
    pub next_cursor: Option<String>,
}

/// Who is signed in to a drive, and how full it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Account.ts")]
pub struct Account {
    pub display_name: String,
    pub email: Option<String>,
    #[ts(type = "number | null")]
    pub quota_used: Option<u64>,
    #[ts(type = "number | null")]
    pub quota_total: Option<u64>,
}

/// What a drive can do beyond the basics every drive has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Capabilities.ts")]
pub struct Capabilities {
    pub search: bool,
    pub thumbnail: bool,
    pub share_link: bool,
    pub server_side_copy: bool,
    pub resumable_upload: bool,
    /// Every upload carries the hash of its bytes and the drive refuses them
    /// when they differ (Dropbox's `content_hash`, Box's `Content-MD5` and
    /// `Digest`): a byte changed on the way is caught at once and sent again.
    pub verified_upload: bool,
}

impl Capabilities {
    /// Every extra: what Dropbox and Box do.
    pub const ALL: Capabilities = Capabilities {
        search: true,
        thumbnail: true,
        share_link: true,
        server_side_copy: true,
        resumable_upload: true,
        verified_upload: true,
    };
}

/// What a write does when the name is already taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "ConflictPolicy.ts")]
pub enum ConflictPolicy {
    /// Keep both: the new file becomes `name (1).ext`, `name (2).ext`, ...
    #[default]
    Rename,
    Replace,
    Fail,
}

/// A byte range to read: from `start`, `len` bytes or to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    pub start: u64,
    pub len: Option<u64>,
}

impl ByteRange {
    pub fn from(start: u64) -> Self {
        ByteRange { start, len: None }
    }

    pub fn new(start: u64, len: u64) -> Self {
        ByteRange {
            start,
            len: Some(len),
        }
    }
}
