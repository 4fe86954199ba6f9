//! driveItem metadata routes: get, children with `$top` paging, folders,
//! delete, search, share links and copy.

use super::{api, not_found, Address, Graph, QUOTA_TOTAL};
use crate::store::{OnConflict, RenameStyle, StoreError};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub async fn me(State(graph): State<Arc<Graph>>, headers: HeaderMap) -> Response {
    match graph.authorize(&headers) {
        Err(denied) => denied,
        Ok(()) => Json(api::user()).into_response(),
    }
}

pub async fn drive(State(graph): State<Arc<Graph>>, headers: HeaderMap) -> Response {
    authorized!(graph, headers);
    let used = graph.store.lock().map(|s| s.used_bytes()).unwrap_or(0);
    Json(api::drive(used, QUOTA_TOTAL)).into_response()
}

/// A driveItem as the API returns it, with a fresh download URL for files.
pub fn item_json(graph: &Graph, store: &crate::store::Store, id: &str) -> Option<Value> {
    let node = store.get(id)?;
    let download = (!node.is_folder).then(|| graph.download_url(id));
    Some(api::drive_item(store, node, download))
}

pub fn get(graph: &Graph, address: &Address) -> Response {
    let store = locked!(graph);
    match address
        .resolve(&store)
        .and_then(|id| item_json(graph, &store, &id))
    {
        Some(item) => Json(item).into_response(),
        None => not_found(),
    }
}

pub fn children(graph: &Graph, address: &Address, query: &HashMap<String, String>) -> Response {
    let top: usize = match query.get("$top").map(|t| t.parse()) {
        None => 200,
        Some(Ok(n)) if (1..=1000).contains(&n) => n,
        Some(_) => {
            return api::error(
                StatusCode::BAD_REQUEST,
                "invalidRequest",
                "Invalid $top value",
            )
        }
    };
    let skip: usize = query
        .get("$skiptoken")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let store = locked!(graph);
    let Some(id) = address.resolve(&store) else {
        return not_found();
    };
    let Ok(kids) = store.children(&id) else {
        return not_found();
    };
    let end = (skip + top).min(kids.len());
    let value: Vec<Value> = kids[skip.min(end)..end]
        .iter()
        .filter_map(|n| item_json(graph, &store, &n.id))
        .collect();
    let mut body = json!({ "value": value });
    if end < kids.len() {
        body["@odata.nextLink"] = json!(format!(
            "{}/me/drive/items/{id}/children?$top={top}&$skiptoken={end}",
            graph.api_base()
        ));
    }
    Json(body).into_response()
}

pub fn conflict_behavior(value: Option<&str>, default: OnConflict) -> OnConflict {
    match value {
        Some("fail") => OnConflict::Fail,
        Some("replace") => OnConflict::Replace,
        Some("rename") => OnConflict::Rename(RenameStyle::Spaced),
        _ => default,
    }
}

pub async fn create_folder(graph: &Graph, address: &Address, request: Request) -> Response {
    let Ok(body) = axum::body::to_bytes(request.into_body(), 1 << 20).await else {
        return api::error(StatusCode::BAD_REQUEST, "invalidRequest", "Unreadable body");
    };
    let Ok(spec) = serde_json::from_slice::<Value>(&body) else {
        return api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "Invalid JSON body",
        );
    };
    let Some(name) = spec["name"].as_str().filter(|n| !n.is_empty()) else {
        return api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "The name of the new folder is missing",
        );
    };
    if spec.get("folder").is_none() {
        return api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "Only folders can be created this way: add \"folder\": {}",
        );
    }
    if name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) {
        return api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "The name contains characters OneDrive does not allow",
        );
    }
    let policy = conflict_behavior(
        spec["@microsoft.graph.conflictBehavior"].as_str(),
        OnConflict::Fail,
    );
    let mut store = locked!(graph);
    let Some(parent) = address.resolve(&store) else {
        return not_found();
    };
    match store.create_folder(&parent, name, policy) {
        Ok(id) => match item_json(graph, &store, &id) {
            Some(item) => (StatusCode::CREATED, Json(item)).into_response(),
            None => not_found(),
        },
        Err(StoreError::NameTaken(_)) => api::error(
            StatusCode::CONFLICT,
            "nameAlreadyExists",
            "An item with the same name already exists under the parent",
        ),
        Err(_) => not_found(),
    }
}

pub fn delete(graph: &Graph, address: &Address) -> Response {
    let mut store = locked!(graph);
    let Some(id) = address.resolve(&store) else {
        return not_found();
    };
    if id == store.root() {
        return api::error(
            StatusCode::FORBIDDEN,
            "accessDenied",
            "The root folder cannot be deleted",
        );
    }
    match store.delete(&id) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(_) => not_found(),
    }
}

pub fn search(graph: &Graph, action: &str) -> Response {
    // `search(q='it''s')`: the router has percent-decoded it already.
    let query = action
        .trim_start_matches("/search(q=")
        .trim_end_matches(')')
        .trim_matches('\'')
        .replace("''", "'");
    let store = locked!(graph);
    let value: Vec<Value> = store
        .search(&query)
        .iter()
        .filter_map(|n| item_json(graph, &store, &n.id))
        .collect();
    Json(json!({ "value": value })).into_response()
}

pub fn create_link(graph: &Graph, address: &Address) -> Response {
    let store = locked!(graph);
    let Some(id) = address.resolve(&store) else {
        return not_found();
    };
    // One anonymous view link per item: asking again returns the same one.
    let url = match graph.shares.lock() {
        Ok(mut shares) => shares
            .entry(id.clone())
            .or_insert_with(|| graph.download_url(&id))
            .clone(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    Json(json!({
        "id": format!("link-{id}"),
        "roles": ["read"],
        "link": { "type": "view", "scope": "anonymous", "webUrl": url },
    }))
    .into_response()
}

/// `POST .../copy`: 202 with a `Location` to poll; the copy is done by the time it is polled.
pub async fn copy(graph: &Graph, address: &Address, request: Request) -> Response {
    let Ok(body) = axum::body::to_bytes(request.into_body(), 1 << 20).await else {
        return api::error(StatusCode::BAD_REQUEST, "invalidRequest", "Unreadable body");
    };
    let spec: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut store = locked!(graph);
    let Some(source) = address
        .resolve(&store)
        .and_then(|id| store.get(&id).cloned())
    else {
        return not_found();
    };
    let Some(blob) = source.blob.clone() else {
        return api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "Copying folders is not supported by this emulator",
        );
    };
    let parent = spec["parentReference"]["id"]
        .as_str()
        .map(str::to_owned)
        .or(source.parent.clone());
    let Some(parent) = parent.filter(|p| store.get(p).is_some_and(|n| n.is_folder)) else {
        return not_found();
    };
    let name = spec["name"].as_str().unwrap_or(&source.name).to_owned();
    let copy = store.new_blob_path();
    if std::fs::copy(&blob, &copy).is_err() {
        return api::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "generalException",
            "Copy failed",
        );
    }
    match store.install_file(&parent, &name, copy, OnConflict::Fail) {
        Ok(new_id) => {
            let monitor = format!("{}/monitor/{new_id}", graph.content_base());
            let mut response = StatusCode::ACCEPTED.into_response();
            if let Ok(value) = header::HeaderValue::from_str(&monitor) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Err(StoreError::NameTaken(_)) => api::error(
            StatusCode::CONFLICT,
            "nameAlreadyExists",
            "An item with the same name already exists under the parent",
        ),
        Err(_) => not_found(),
    }
}
