//! Box wire types, as the Box OpenAPI spec names them, and the ids Cloudpick
//! gives Box items: `folder:ID` and `file:ID` (Box's ids are typed by route).

use crate::drives::hashes::HashKind;
use crate::item::{ContentHash, DriveItem, ItemId, ItemKind};
use serde::Deserialize;

/// The fields Cloudpick asks listings for.
pub const FIELDS: &str = "type,id,name,size,modified_at,sha1,path_collection";

#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub name: Option<String>,
    pub size: Option<u64>,
    pub modified_at: Option<String>,
    pub sha1: Option<String>,
    pub path_collection: Option<PathCollection>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PathCollection {
    pub entries: Vec<Mini>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Mini {
    pub id: String,
    pub name: Option<String>,
}

pub fn item_id(kind: &str, id: &str) -> ItemId {
    ItemId(format!("{kind}:{id}"))
}

/// (`file` or `folder`, Box's id).
pub fn split(id: &ItemId) -> (&str, &str) {
    id.as_str()
        .split_once(':')
        .unwrap_or(("folder", id.as_str()))
}

impl Item {
    pub fn display_path(&self) -> String {
        let mut parts: Vec<String> = self
            .path_collection
            .as_ref()
            .map(|p| {
                p.entries
                    .iter()
                    .filter(|e| e.id != "0")
                    .filter_map(|e| e.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        if self.id != "0" {
            parts.push(self.name.clone().unwrap_or_default());
        }
        format!("/{}", parts.join("/"))
    }

    pub fn into_item(self) -> DriveItem {
        let display_path = self.display_path();
        let folder = self.kind == "folder";
        DriveItem {
            id: item_id(&self.kind, &self.id),
            name: if self.id == "0" {
                "Box".into()
            } else {
                self.name.clone().unwrap_or_default()
            },
            kind: if folder {
                ItemKind::Folder
            } else {
                ItemKind::File
            },
            size: (!folder).then_some(self.size.unwrap_or(0)),
            modified: self.modified_at,
            mime_type: (!folder)
                .then(|| crate::mime::from_name(self.name.as_deref().unwrap_or_default())),
            hash: self
                .sha1
                .clone()
                .map(|v| ContentHash::new(HashKind::Sha1, v)),
            display_path,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Items {
    pub entries: Vec<Item>,
    pub next_marker: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Files {
    pub entries: Vec<Item>,
}

#[derive(Debug, Deserialize)]
pub struct UploadSession {
    pub part_size: u64,
    pub session_endpoints: SessionEndpoints,
}

#[derive(Debug, Deserialize)]
pub struct SessionEndpoints {
    pub upload_part: String,
    pub commit: String,
    pub list_parts: String,
}
