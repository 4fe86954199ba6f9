//! Cloud Drive wire types: nodes and child pages, and the escaping its
//! query filters need.

use crate::drives::hashes::HashKind;
use crate::item::{ContentHash, DriveItem, ItemId, ItemKind};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    pub id: String,
    pub name: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub parents: Vec<String>,
    pub modified_date: Option<String>,
    #[serde(default)]
    pub is_root: bool,
    pub content_properties: Option<ContentProperties>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentProperties {
    pub size: Option<u64>,
    pub md5: Option<String>,
    pub content_type: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Children {
    pub data: Vec<Node>,
    pub next_token: Option<String>,
}

impl Node {
    pub fn is_folder(&self) -> bool {
        self.kind == "FOLDER"
    }

    pub fn md5(&self) -> Option<&str> {
        self.content_properties.as_ref()?.md5.as_deref()
    }

    /// `folder_path` is the parent's display path (`/` for the root).
    pub fn into_item(self, folder_path: &str) -> DriveItem {
        let name = self.name.clone().unwrap_or_default();
        let folder = self.is_folder();
        let content = self.content_properties;
        DriveItem {
            id: ItemId(self.id),
            kind: if folder {
                ItemKind::Folder
            } else {
                ItemKind::File
            },
            size: (!folder).then(|| content.as_ref().and_then(|c| c.size).unwrap_or(0)),
            modified: self.modified_date,
            display_path: format!("{}/{name}", folder_path.trim_end_matches('/')),
            hash: content
                .as_ref()
                .and_then(|c| c.md5.clone())
                .map(|v| ContentHash::new(HashKind::Md5, v)),
            mime_type: content.and_then(|c| c.content_type),
            name,
        }
    }
}

/// Escapes a value for a `filters` term: Lucene's special characters and
/// spaces get a backslash.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if " +-&|!(){}[]^'\"~*?:\\/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_spaces_and_specials() {
        assert_eq!(super::escape("a b*(1).txt"), r"a\ b\*\(1\).txt");
        assert_eq!(super::escape("日本語"), "日本語");
    }
}
