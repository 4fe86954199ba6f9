//! Box wire types: file and folder objects, the user, and error bodies, as the
//! Box OpenAPI spec names them.

use crate::hashes::HashKind;
use crate::http::rfc3339;
use crate::store::{Node, Store};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub fn etag(node: &Node) -> String {
    (node.revision - 1).to_string()
}

fn mini_folder(store: &Store, id: &str) -> Value {
    let node = store.get(id);
    json!({
        "type": "folder",
        "id": box_id(store, id),
        "sequence_id": node.map(|n| if n.parent.is_none() { Value::Null } else { json!(etag(n)) }).unwrap_or(Value::Null),
        "etag": node.map(|n| if n.parent.is_none() { Value::Null } else { json!(etag(n)) }).unwrap_or(Value::Null),
        "name": node.map(|n| if n.parent.is_none() { "All Files".to_owned() } else { n.name.clone() }).unwrap_or_default(),
    })
}

/// Box calls the root folder `0`.
pub fn box_id(store: &Store, id: &str) -> String {
    if id == store.root() {
        "0".to_owned()
    } else {
        id.to_owned()
    }
}

/// The store's id for a Box id.
pub fn store_id(store: &Store, id: &str) -> String {
    if id == "0" {
        store.root().to_owned()
    } else {
        id.to_owned()
    }
}

/// A full file or folder object.
pub fn item(store: &Store, node: &Node) -> Value {
    let ancestors: Vec<String> = {
        let mut chain = Vec::new();
        let mut current = node.parent.clone();
        while let Some(id) = current {
            chain.push(id.clone());
            current = store.get(&id).and_then(|n| n.parent.clone());
        }
        chain.reverse();
        chain
    };
    let mut value = json!({
        "type": if node.is_folder { "folder" } else { "file" },
        "id": box_id(store, &node.id),
        "sequence_id": etag(node),
        "etag": etag(node),
        "name": if node.parent.is_none() { "All Files".to_owned() } else { node.name.clone() },
        "size": node.size,
        "created_at": rfc3339(node.created),
        "modified_at": rfc3339(node.modified),
        "content_created_at": rfc3339(node.created),
        "content_modified_at": rfc3339(node.modified),
        "path_collection": {
            "total_count": ancestors.len(),
            "entries": ancestors.iter().map(|id| mini_folder(store, id)).collect::<Vec<_>>(),
        },
        "parent": node.parent.as_ref().map(|p| mini_folder(store, p)),
        "item_status": "active",
        "description": "",
        "shared_link": null,
    });
    if !node.is_folder {
        value["sha1"] = json!(node.hash(HashKind::Sha1));
        value["file_version"] = json!({ "type": "file_version", "id": format!("{}{}", node.id, node.revision), "sha1": node.hash(HashKind::Sha1) });
        value["extension"] = json!(node.name.rsplit_once('.').map(|(_, e)| e).unwrap_or(""));
    }
    value
}

/// What a listing shows of an item: the mini representation, or, when the
/// request names `fields`, the base fields (`type`, `id`, `etag`) and those.
pub fn listed(store: &Store, node: &Node, fields: Option<&str>) -> Value {
    let full = item(store, node);
    let keep: Vec<&str> = match fields {
        Some(list) => ["type", "id", "etag"]
            .into_iter()
            .chain(list.split(',').map(str::trim))
            .collect(),
        None if node.is_folder => vec!["type", "id", "sequence_id", "etag", "name"],
        None => vec![
            "type",
            "id",
            "sequence_id",
            "etag",
            "name",
            "sha1",
            "file_version",
        ],
    };
    let mut out = serde_json::Map::new();
    for key in keep {
        if let Some(value) = full.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    Value::Object(out)
}

pub fn user(used: u64, total: u64, max_upload: u64) -> Value {
    json!({
        "type": "user",
        "id": "33107837",
        "name": "Demo User",
        "login": "demo@cloudpick.invalid",
        "created_at": "2024-01-01T00:00:00Z",
        "modified_at": "2024-01-01T00:00:00Z",
        "language": "en",
        "timezone": "Europe/London",
        "space_amount": total,
        "space_used": used,
        "max_upload_size": max_upload,
        "status": "active",
    })
}

/// `{"type": "error", "status", "code", "message", "request_id"}`.
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    error_with(status, code, message, None)
}

pub fn error_with(
    status: StatusCode,
    code: &str,
    message: &str,
    context: Option<Value>,
) -> Response {
    let mut body = json!({
        "type": "error",
        "status": status.as_u16(),
        "code": code,
        "message": message,
        "request_id": crate::oauth::random_token("")[..12].to_lowercase(),
    });
    if let Some(context) = context {
        body["context_info"] = context;
    }
    (status, Json(body)).into_response()
}

/// 401 as Box sends it: an empty body and the reason in `WWW-Authenticate`.
pub fn unauthorized(reason: &str) -> Response {
    let mut response = StatusCode::UNAUTHORIZED.into_response();
    let value = format!(
        "Bearer realm=\"Service\", error=\"invalid_token\", error_description=\"{reason}\""
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    response
}

pub fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "Not Found")
}

/// 409 `item_name_in_use`, naming what holds the name.
pub fn name_in_use(store: &Store, existing: &str) -> Response {
    let conflict = store
        .get(existing)
        .map(|n| item(store, n))
        .unwrap_or(Value::Null);
    error_with(
        StatusCode::CONFLICT,
        "item_name_in_use",
        "Item with the same name already exists",
        Some(json!({ "conflicts": [conflict] })),
    )
}
