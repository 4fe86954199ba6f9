//! Box metadata routes: the user, folders and their items (offset or marker
//! paging), files, downloads, copy, shared links, search, thumbnails.

use super::api::{self, not_found, store_id};
use super::{BoxCom, MAX_UPLOAD, SPACE_AMOUNT};
use crate::http::serve_blob;
use crate::store::{OnConflict, StoreError};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub async fn me(State(b): State<Arc<BoxCom>>, headers: HeaderMap) -> Response {
    authorized!(b, headers);
    let used = locked!(b).used_bytes();
    Json(api::user(used, SPACE_AMOUNT, MAX_UPLOAD)).into_response()
}

fn get_kind(b: &BoxCom, id: &str, folder: bool) -> Response {
    let store = locked!(b);
    match store
        .get(&store_id(&store, id))
        .filter(|n| n.is_folder == folder)
    {
        Some(node) => Json(api::item(&store, node)).into_response(),
        None => not_found(),
    }
}

pub async fn get_folder(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    get_kind(&b, &id, true)
}

pub async fn get_file(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    get_kind(&b, &id, false)
}

/// `GET /folders/{id}/items`: offset paging, or marker paging with `usemarker=true`.
pub async fn list(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    let limit: usize = match q.get("limit").map(|l| l.parse()) {
        None => 100,
        Some(Ok(n)) if (1..=1000).contains(&n) => n,
        Some(_) => {
            return api::error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "limit must be between 1 and 1000",
            )
        }
    };
    let marker_mode = match crate::http::flag(&q, "usemarker") {
        Ok(on) => on,
        Err(message) => return api::error(StatusCode::BAD_REQUEST, "bad_request", &message),
    };
    let start: usize = if marker_mode {
        q.get("marker")
            .and_then(|m| m.strip_prefix("m").and_then(|n| n.parse().ok()))
            .unwrap_or(0)
    } else {
        q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0)
    };
    let store = locked!(b);
    let Ok(kids) = store.children(&store_id(&store, &id)) else {
        return not_found();
    };
    let end = (start + limit).min(kids.len());
    let fields = q.get("fields").map(String::as_str);
    let entries: Vec<Value> = kids[start.min(end)..end]
        .iter()
        .map(|n| api::listed(&store, n, fields))
        .collect();
    let body = if marker_mode {
        json!({ "entries": entries, "limit": limit, "next_marker": if end < kids.len() { json!(format!("m{end}")) } else { Value::Null } })
    } else {
        json!({ "total_count": kids.len(), "entries": entries, "offset": start, "limit": limit, "order": [{ "by": "name", "direction": "ASC" }] })
    };
    Json(body).into_response()
}

pub async fn create_folder(
    State(b): State<Arc<BoxCom>>,
    headers: HeaderMap,
    Json(spec): Json<Value>,
) -> Response {
    authorized!(b, headers);
    let (Some(name), Some(parent)) = (spec["name"].as_str(), spec["parent"]["id"].as_str()) else {
        return api::error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "name and parent.id are required",
        );
    };
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        return api::error(
            StatusCode::BAD_REQUEST,
            "item_name_invalid",
            "Item name invalid",
        );
    }
    let mut store = locked!(b);
    let parent = store_id(&store, parent);
    match store.create_folder(&parent, name, OnConflict::Fail) {
        Ok(id) => match store.get(&id) {
            Some(node) => (StatusCode::CREATED, Json(api::item(&store, node))).into_response(),
            None => not_found(),
        },
        Err(StoreError::NameTaken(existing)) => api::name_in_use(&store, &existing),
        Err(_) => not_found(),
    }
}

fn delete_kind(b: &BoxCom, id: &str, folder: bool, recursive: bool) -> Response {
    let mut store = locked!(b);
    let id = store_id(&store, id);
    let Some(node) = store
        .get(&id)
        .filter(|n| n.is_folder == folder && n.parent.is_some())
    else {
        return not_found();
    };
    if folder && !recursive && store.children(&node.id).is_ok_and(|c| !c.is_empty()) {
        return api::error(
            StatusCode::BAD_REQUEST,
            "folder_not_empty",
            "Cannot delete – folder not empty",
        );
    }
    match store.delete(&id) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(_) => not_found(),
    }
}

pub async fn delete_folder(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    match crate::http::flag(&q, "recursive") {
        Ok(recursive) => delete_kind(&b, &id, true, recursive),
        Err(message) => api::error(StatusCode::BAD_REQUEST, "bad_request", &message),
    }
}

pub async fn delete_file(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    delete_kind(&b, &id, false, false)
}

/// `PUT /files/{id}`: here, for a shared link (`{"shared_link": {"access": "open"}}`).
pub async fn update_file(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(spec): Json<Value>,
) -> Response {
    authorized!(b, headers);
    let store = locked!(b);
    let Some(node) = store.get(&id).filter(|n| !n.is_folder) else {
        return not_found();
    };
    let mut item = api::item(&store, node);
    if spec.get("shared_link").is_some() {
        // One open link per file: asking again returns the same one.
        let Some((url, download_url)) = super::shared::links(&b, node) else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        item["shared_link"] = json!({
            "url": url,
            "download_url": download_url,
            "vanity_url": null,
            "vanity_name": null,
            "access": spec["shared_link"]["access"].as_str().unwrap_or("open"),
            "effective_access": "open",
            "effective_permission": "can_download",
            "unshared_at": null,
            "is_password_enabled": false,
            "download_count": 0,
            "preview_count": 0,
        });
    }
    Json(item).into_response()
}

impl BoxCom {
    fn download_url(&self, id: &str) -> String {
        let token = crate::oauth::random_token("d");
        if let Ok(mut downloads) = self.downloads.lock() {
            downloads.insert(token.clone(), id.to_owned());
        }
        format!("{}/{token}", self.download_base())
    }
}

/// `GET /files/{id}/content`: 302 to the download host.
pub async fn content(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    let exists = locked!(b).get(&id).is_some_and(|n| !n.is_folder);
    if !exists {
        return not_found();
    }
    crate::http::found(&b.download_url(&id))
}

pub async fn download(
    State(b): State<Arc<BoxCom>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let id = b.downloads.lock().ok().and_then(|d| d.get(&token).cloned());
    let blob = id.and_then(|id| b.store.lock().ok()?.get(&id)?.blob.clone());
    match blob {
        Some(blob) => serve_blob(&blob, &headers, HeaderMap::new()).await,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn copy(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(spec): Json<Value>,
) -> Response {
    authorized!(b, headers);
    let mut store = locked!(b);
    let Some(source) = store.get(&id).filter(|n| !n.is_folder).cloned() else {
        return not_found();
    };
    let Some(parent) = spec["parent"]["id"].as_str().map(|p| store_id(&store, p)) else {
        return api::error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "parent.id is required",
        );
    };
    let name = spec["name"].as_str().unwrap_or(&source.name).to_owned();
    let blob = store.new_blob_path();
    let Some(from) = source.blob.as_ref() else {
        return not_found();
    };
    if std::fs::copy(from, &blob).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    match store.install_file(&parent, &name, blob, OnConflict::Fail) {
        Ok(new) => match store.get(&new) {
            Some(node) => (StatusCode::CREATED, Json(api::item(&store, node))).into_response(),
            None => not_found(),
        },
        Err(StoreError::NameTaken(existing)) => api::name_in_use(&store, &existing),
        Err(StoreError::QuotaExceeded) => api::error(
            StatusCode::FORBIDDEN,
            "storage_limit_exceeded",
            "Account storage limit reached",
        ),
        Err(_) => not_found(),
    }
}

pub async fn search(
    State(b): State<Arc<BoxCom>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    let Some(query) = q.get("query").filter(|s| !s.is_empty()) else {
        return api::error(StatusCode::BAD_REQUEST, "bad_request", "query is required");
    };
    let limit: usize = q
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(30)
        .clamp(1, 200);
    let offset: usize = q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
    let store = locked!(b);
    let hits = store.search(query);
    let entries: Vec<Value> = hits
        .iter()
        .skip(offset)
        .take(limit)
        .map(|n| api::item(&store, n))
        .collect();
    Json(json!({ "type": "search_results_items", "total_count": hits.len(), "limit": limit, "offset": offset, "entries": entries })).into_response()
}

/// `GET /files/{id}/thumbnail.png?min_width=`: a real PNG for images.
pub async fn thumbnail(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    let side: u32 = q
        .get("min_width")
        .and_then(|w| w.parse().ok())
        .unwrap_or(128);
    let (blob, name) = {
        let store = locked!(b);
        match store.get(&id).filter(|n| !n.is_folder) {
            Some(n) => (n.blob.clone(), n.name.clone()),
            None => return not_found(),
        }
    };
    match blob.filter(|_| crate::thumbnail::is_image(&name)) {
        Some(blob) => crate::thumbnail::serve(blob, side, crate::thumbnail::Format::Png).await,
        // Box answers 302 to a generic icon for files it cannot render.
        None => {
            let mut response = StatusCode::FOUND.into_response();
            response.headers_mut().insert(
                header::LOCATION,
                HeaderValue::from_static("https://app.box.com/img/file-icon.png"),
            );
            response
        }
    }
}
