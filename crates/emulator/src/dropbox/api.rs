//! Dropbox wire types, spelled as `files.stone` and `users.stone` spell them.

use crate::hashes::HashKind;
use crate::store::{Node, Store};
use serde_json::{json, Value};
use std::time::SystemTime;

/// `FileMetadata` or `FolderMetadata`, with its `.tag`.
pub fn metadata(store: &Store, node: &Node) -> Value {
    let path_display = store.display_path(&node.id);
    if node.is_folder {
        json!({
            ".tag": "folder",
            "name": node.name,
            "id": node.id,
            "path_lower": path_display.to_lowercase(),
            "path_display": path_display,
        })
    } else {
        json!({
            ".tag": "file",
            "name": node.name,
            "id": node.id,
            "client_modified": timestamp(node.modified),
            "server_modified": timestamp(node.modified),
            "rev": rev(node),
            "size": node.size,
            "path_lower": path_display.to_lowercase(),
            "path_display": path_display,
            "is_downloadable": true,
            "content_hash": node.hash(HashKind::DropboxContent),
        })
    }
}

/// A revision id: at least 9 hex characters, different for every version.
pub fn rev(node: &Node) -> String {
    format!(
        "{:09x}{:06x}",
        node.revision,
        node.id.len() as u64 * 7919 + node.size % 0xfff
    )
}

/// Dropbox's `Timestamp("%Y-%m-%dT%H:%M:%SZ")`.
pub fn timestamp(time: SystemTime) -> String {
    crate::http::rfc3339(time)
}

/// The demo account's id: `AccountId` is exactly 40 characters (`users_common.stone`).
pub const ACCOUNT_ID: &str = "dbid:AADemoAccountCloudpickEmulator00001";
/// The account's legacy numeric user id, as the token reply's `uid`.
pub const UID: &str = "3235641";

pub fn full_account() -> Value {
    json!({
        "account_id": ACCOUNT_ID,
        "name": {
            "given_name": "Demo",
            "surname": "User",
            "familiar_name": "Demo",
            "display_name": "Demo User",
            "abbreviated_name": "DU"
        },
        "email": "demo@cloudpick.invalid",
        "email_verified": true,
        "disabled": false,
        "locale": "en",
        "referral_link": "https://www.dropbox.com/referrals/cloudpick-demo",
        "is_paired": false,
        "account_type": { ".tag": "basic" },
        "root_info": { ".tag": "user", "root_namespace_id": "3235641", "home_namespace_id": "3235641" },
        "country": "GB"
    })
}
