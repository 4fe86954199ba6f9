//! Microsoft Graph wire types: driveItem, drive, user, as the v1.0 CSDL names them.

use crate::hashes::HashKind;
use crate::store::{Node, Store};
use serde_json::{json, Value};

pub const DRIVE_ID: &str = "b!cloudpickDemoDrive0001";

/// A driveItem. `download` is the pre-authenticated URL for files.
pub fn drive_item(store: &Store, node: &Node, download: Option<String>) -> Value {
    let created = crate::http::rfc3339(node.created);
    let modified = crate::http::rfc3339(node.modified);
    let mut item = json!({
        "id": node.id,
        "name": if node.parent.is_none() { "root".to_owned() } else { node.name.clone() },
        "eTag": format!("\"{{{}}},{}\"", node.id, node.revision),
        "cTag": format!("\"c:{{{}}},{}\"", node.id, node.revision),
        "createdDateTime": created,
        "lastModifiedDateTime": modified,
        "size": if node.is_folder { folder_size(store, node) } else { node.size },
        "webUrl": format!("https://onedrive.live.com/?id={}", node.id),
        "fileSystemInfo": { "createdDateTime": created, "lastModifiedDateTime": modified },
    });
    if let Some(parent) = node.parent.as_ref().and_then(|p| store.get(p)) {
        let parent_path = store.path_of(&parent.id).join("/");
        item["parentReference"] = json!({
            "driveId": DRIVE_ID,
            "driveType": "personal",
            "id": parent.id,
            "path": if parent_path.is_empty() { "/drive/root:".to_owned() } else { format!("/drive/root:/{parent_path}") },
        });
    } else {
        item["root"] = json!({});
    }
    if node.is_folder {
        let count = store.children(&node.id).map(|c| c.len()).unwrap_or(0);
        item["folder"] = json!({ "childCount": count });
    } else {
        item["file"] = json!({
            "mimeType": crate::mime::from_name(&node.name),
            "hashes": { "quickXorHash": node.hash(HashKind::QuickXor) },
        });
        if let Some(url) = download {
            item["@microsoft.graph.downloadUrl"] = json!(url);
        }
    }
    item
}

fn folder_size(store: &Store, node: &Node) -> u64 {
    store
        .children(&node.id)
        .map(|c| {
            c.iter()
                .map(|n| {
                    if n.is_folder {
                        folder_size(store, n)
                    } else {
                        n.size
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

pub fn user() -> Value {
    json!({
        "id": "48d31887-5fad-4d73-a9f5-3c356e68a038",
        "displayName": "Demo User",
        "givenName": "Demo",
        "surname": "User",
        "mail": "demo@cloudpick.invalid",
        "userPrincipalName": "demo@cloudpick.invalid",
    })
}

pub fn drive(used: u64, total: u64) -> Value {
    json!({
        "id": DRIVE_ID,
        "driveType": "personal",
        "name": "OneDrive",
        "owner": { "user": { "id": "48d31887-5fad-4d73-a9f5-3c356e68a038", "displayName": "Demo User" } },
        "quota": { "total": total, "used": used, "remaining": total.saturating_sub(used), "deleted": 0, "state": "normal" },
    })
}

/// Graph's error body: `{"error": {"code", "message", "innerError"}}`.
pub fn error(
    status: axum::http::StatusCode,
    code: &str,
    message: &str,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let body = json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": { "date": crate::http::rfc3339(std::time::SystemTime::now()), "request-id": crate::oauth::random_token("") },
        }
    });
    (status, axum::Json(body)).into_response()
}
