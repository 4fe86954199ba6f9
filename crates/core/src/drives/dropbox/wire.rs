//! Dropbox wire types, as `files.stone` and `users.stone` spell them.

use crate::drives::hashes::HashKind;
use crate::item::{ContentHash, DriveItem, ItemId, ItemKind};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = ".tag", rename_all = "lowercase")]
pub enum Metadata {
    File(FileMetadata),
    Folder(FolderMetadata),
    Deleted(DeletedMetadata),
}

#[derive(Debug, Clone, Deserialize)]
pub struct FileMetadata {
    pub id: String,
    pub name: String,
    pub path_display: Option<String>,
    pub server_modified: String,
    pub size: u64,
    pub content_hash: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FolderMetadata {
    pub id: String,
    pub name: String,
    pub path_display: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DeletedMetadata {
    pub name: String,
}

impl Metadata {
    pub fn into_item(self) -> Option<DriveItem> {
        match self {
            Metadata::File(f) => Some(DriveItem {
                mime_type: Some(crate::mime::from_name(&f.name)),
                display_path: f.path_display.unwrap_or_else(|| format!("/{}", f.name)),
                id: ItemId(f.id),
                kind: ItemKind::File,
                size: Some(f.size),
                modified: Some(f.server_modified),
                hash: f
                    .content_hash
                    .map(|v| ContentHash::new(HashKind::DropboxContent, v)),
                name: f.name,
            }),
            Metadata::Folder(f) => Some(DriveItem {
                mime_type: None,
                display_path: f.path_display.unwrap_or_else(|| format!("/{}", f.name)),
                id: ItemId(f.id),
                kind: ItemKind::Folder,
                size: None,
                modified: None,
                hash: None,
                name: f.name,
            }),
            Metadata::Deleted(_) => None,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ListFolderResult {
    pub entries: Vec<Metadata>,
    pub cursor: String,
    pub has_more: bool,
}

#[derive(Debug, Deserialize)]
pub struct FullAccount {
    pub name: Name,
    pub email: String,
}

#[derive(Debug, Deserialize)]
pub struct Name {
    pub display_name: String,
}

#[derive(Debug, Deserialize)]
pub struct SpaceUsage {
    pub used: u64,
    pub allocation: Allocation,
}

#[derive(Debug, Deserialize)]
pub struct Allocation {
    pub allocated: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct UploadSessionStartResult {
    pub session_id: String,
}

#[derive(Debug, Deserialize)]
pub struct MetadataResult {
    pub metadata: Metadata,
}

#[derive(Debug, Deserialize)]
pub struct SearchV2Result {
    pub matches: Vec<SearchMatch>,
}

#[derive(Debug, Deserialize)]
pub struct SearchMatch {
    pub metadata: MetadataV2,
}

#[derive(Debug, Deserialize)]
pub struct MetadataV2 {
    pub metadata: Option<Metadata>,
}

#[derive(Debug, Deserialize)]
pub struct SharedLink {
    pub url: String,
}
