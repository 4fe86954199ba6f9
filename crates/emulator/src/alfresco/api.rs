//! Alfresco wire types: node entries, list pagination, people and errors,
//! as the Content Services REST v1 spec names them.

use crate::http::rfc3339;
use crate::store::{Node, Store};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub const USER: &str = "demo";

fn user_info() -> Value {
    json!({ "id": USER, "displayName": "Demo User" })
}

/// A `Node`. `with_path` adds `path` (`include=path`).
pub fn node(store: &Store, node: &Node, with_path: bool) -> Value {
    let mut value = json!({
        "id": node.id,
        "name": if node.parent.is_none() { "Company Home".to_owned() } else { node.name.clone() },
        "nodeType": if node.is_folder { "cm:folder" } else { "cm:content" },
        "isFolder": node.is_folder,
        "isFile": !node.is_folder,
        "isLocked": false,
        "createdAt": rfc3339(node.created),
        "createdByUser": user_info(),
        "modifiedAt": rfc3339(node.modified),
        "modifiedByUser": user_info(),
    });
    if let Some(parent) = &node.parent {
        value["parentId"] = json!(parent);
    }
    if !node.is_folder {
        let mime = crate::mime::from_name(&node.name);
        value["content"] = json!({ "mimeType": mime, "mimeTypeName": mime, "sizeInBytes": node.size, "encoding": "UTF-8" });
    }
    if with_path {
        let mut names = vec!["Company Home".to_owned()];
        let mut elements = vec![json!({ "id": store.root(), "name": "Company Home" })];
        let mut current = store.root().to_owned();
        for part in store
            .path_of(&node.id)
            .iter()
            .take(store.path_of(&node.id).len().saturating_sub(1))
        {
            if let Some(child) = store.child_named(&current, part) {
                current = child.id.clone();
                elements.push(json!({ "id": child.id, "name": child.name }));
                names.push(child.name.clone());
            }
        }
        value["path"] = json!({ "name": format!("/{}", names.join("/")), "isComplete": true, "elements": elements });
    }
    value
}

pub fn entry(value: Value) -> Response {
    Json(json!({ "entry": value })).into_response()
}

pub fn created(value: Value) -> Response {
    (StatusCode::CREATED, Json(json!({ "entry": value }))).into_response()
}

/// `{"list": {"pagination": {...}, "entries": [{"entry": ...}]}}`.
pub fn list(entries: Vec<Value>, skip: usize, max: usize, total: usize) -> Response {
    Json(json!({
        "list": {
            "pagination": {
                "count": entries.len(),
                "hasMoreItems": skip + entries.len() < total,
                "totalItems": total,
                "skipCount": skip,
                "maxItems": max,
            },
            "entries": entries.into_iter().map(|e| json!({ "entry": e })).collect::<Vec<_>>(),
        }
    }))
    .into_response()
}

pub fn person() -> Value {
    json!({
        "id": USER,
        "firstName": "Demo",
        "lastName": "User",
        "displayName": "Demo User",
        "email": "demo@cloudpick.invalid",
        "enabled": true,
        "emailNotificationsEnabled": true,
        "company": {},
    })
}

pub fn error(status: StatusCode, summary: &str) -> Response {
    let body = json!({
        "error": {
            "errorKey": summary,
            "statusCode": status.as_u16(),
            "briefSummary": format!("{} {summary}", crate::oauth::random_token("")[..8].to_lowercase()),
            "stackTrace": "For security reasons the stack trace is no longer displayed, but the property is kept for previous versions",
            "descriptionURL": "https://api-explorer.alfresco.com",
            "logId": crate::oauth::random_token("")[..12].to_lowercase(),
        }
    });
    (status, Json(body)).into_response()
}

pub fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "The entity with the given id was not found",
    )
}

/// Alfresco refuses these characters, and a trailing dot or space.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['*', '"', '<', '>', '\\', '/', '?', ':', '|'])
        && !name.ends_with(['.', ' '])
}
