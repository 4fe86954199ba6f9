//! Microsoft Graph wire types for OneDrive, as the v1.0 CSDL names them.

use crate::drives::hashes::HashKind;
use crate::item::{ContentHash, DriveItem, ItemId, ItemKind};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub name: String,
    pub size: Option<u64>,
    pub last_modified_date_time: Option<String>,
    pub parent_reference: Option<ParentReference>,
    pub file: Option<FileFacet>,
    pub folder: Option<serde_json::Value>,
    pub root: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ParentReference {
    pub path: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileFacet {
    pub mime_type: Option<String>,
    pub hashes: Option<Hashes>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hashes {
    pub quick_xor_hash: Option<String>,
}

impl Item {
    /// `/Docs/report.pdf`, from the parent's `/drive/root:/Docs`.
    pub fn display_path(&self) -> String {
        if self.root.is_some() {
            return "/".into();
        }
        let parent = self
            .parent_reference
            .as_ref()
            .and_then(|p| p.path.as_deref())
            .unwrap_or("/drive/root:");
        let parent = parent.split_once("root:").map_or("", |(_, rest)| rest);
        format!("{}/{}", parent.trim_end_matches('/'), self.name)
    }

    pub fn quick_xor(&self) -> Option<&str> {
        self.file
            .as_ref()?
            .hashes
            .as_ref()?
            .quick_xor_hash
            .as_deref()
    }

    pub fn into_item(self) -> DriveItem {
        let display_path = self.display_path();
        let hash = self
            .quick_xor()
            .map(|v| ContentHash::new(HashKind::QuickXor, v));
        let is_folder = self.folder.is_some() || self.root.is_some();
        DriveItem {
            id: ItemId(if self.root.is_some() {
                super::client::ROOT.to_owned()
            } else {
                self.id
            }),
            name: if self.root.is_some() {
                "OneDrive".into()
            } else {
                self.name.clone()
            },
            kind: if is_folder {
                ItemKind::Folder
            } else {
                ItemKind::File
            },
            size: (!is_folder).then_some(self.size.unwrap_or(0)),
            modified: self.last_modified_date_time,
            mime_type: self
                .file
                .and_then(|f| f.mime_type)
                .or_else(|| (!is_folder).then(|| crate::mime::from_name(&self.name))),
            display_path,
            hash,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Children {
    pub value: Vec<Item>,
    #[serde(rename = "@odata.nextLink")]
    pub next_link: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub display_name: String,
    pub mail: Option<String>,
    pub user_principal_name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Drive {
    pub quota: Option<Quota>,
}

#[derive(Debug, Deserialize)]
pub struct Quota {
    pub used: Option<u64>,
    pub total: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSession {
    pub upload_url: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionStatus {
    pub next_expected_ranges: Vec<String>,
}
