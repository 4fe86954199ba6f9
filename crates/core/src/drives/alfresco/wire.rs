//! Alfresco wire types: node entries and list pagination.

use crate::item::{DriveItem, ItemId, ItemKind};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    pub id: String,
    pub name: String,
    pub is_folder: bool,
    pub modified_at: Option<String>,
    pub content: Option<Content>,
    pub path: Option<NodePath>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    pub mime_type: Option<String>,
    pub size_in_bytes: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NodePath {
    pub name: String,
    pub elements: Vec<Element>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Element {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct Entry<T> {
    pub entry: T,
}

#[derive(Debug, Deserialize)]
pub struct List {
    pub list: ListBody,
}

#[derive(Debug, Deserialize)]
pub struct ListBody {
    pub pagination: Pagination,
    pub entries: Vec<Entry<Node>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub has_more_items: bool,
    pub count: usize,
}

impl Node {
    /// The path below `home` (the user's home folder path, `/Company Home/User Homes/demo`).
    pub fn into_item(self, home: &str) -> DriveItem {
        let parent = self
            .path
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let below = parent.strip_prefix(home).unwrap_or(&parent);
        let display_path = format!("{}/{}", below.trim_end_matches('/'), self.name);
        DriveItem {
            id: ItemId(self.id),
            kind: if self.is_folder {
                ItemKind::Folder
            } else {
                ItemKind::File
            },
            size: self
                .content
                .as_ref()
                .and_then(|c| c.size_in_bytes)
                .filter(|_| !self.is_folder)
                .or((!self.is_folder).then_some(0)),
            modified: self.modified_at,
            mime_type: self.content.and_then(|c| c.mime_type),
            display_path,
            name: self.name,
            hash: None,
        }
    }
}
