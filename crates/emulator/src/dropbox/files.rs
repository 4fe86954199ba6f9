//! RPC routes: account, listing, metadata, folders, delete, search.

use super::errors::{self, json_response};
use super::{api, parent_and_name, resolve, Dropbox, ALLOCATED};
use crate::store::{OnConflict, RenameStyle, StoreError};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;

/// Parses an RPC call's JSON argument, answering 400 as Dropbox does.
fn arg<T: DeserializeOwned>(route: &str, headers: &HeaderMap, body: &Bytes) -> Result<T, Response> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Browsers' CORS workaround: Dropbox reads JSON sent as this type too.
    let cors_hack = content_type.eq_ignore_ascii_case("text/plain; charset=dropbox-cors-hack");
    if !content_type.starts_with("application/json") && !cors_hack {
        return Err(errors::bad_input(route, &format!("Bad HTTP \"Content-Type\" header: \"{content_type}\". Expecting \"application/json\".")));
    }
    serde_json::from_slice(body)
        .map_err(|e| errors::bad_input(route, &format!("request body: {e}")))
}

pub async fn current_account(State(db): State<Arc<Dropbox>>, headers: HeaderMap) -> Response {
    authorized!(db, headers);
    json_response(StatusCode::OK, api::full_account())
}

pub async fn space_usage(State(db): State<Arc<Dropbox>>, headers: HeaderMap) -> Response {
    authorized!(db, headers);
    let used = db.store.lock().map(|s| s.used_bytes()).unwrap_or(0);
    json_response(
        StatusCode::OK,
        json!({ "used": used, "allocation": { ".tag": "individual", "allocated": ALLOCATED } }),
    )
}

#[derive(Deserialize)]
struct ListFolderArg {
    path: String,
    #[serde(default)]
    limit: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    folder: String,
    offset: usize,
    limit: usize,
}

pub async fn list_folder(
    State(db): State<Arc<Dropbox>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    authorized!(db, headers);
    let a: ListFolderArg = match arg("files/list_folder", &headers, &body) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let limit = a.limit.unwrap_or(2000);
    if !(1..=2000).contains(&limit) {
        return errors::bad_input(
            "files/list_folder",
            &format!("request body: limit: {limit} is not within range [1, 2000]"),
        );
    }
    let folder = {
        let Ok(store) = db.store.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        match resolve(&store, &a.path) {
            None => return errors::not_found("path"),
            Some(n) if !n.is_folder => {
                return errors::route_error(errors::lookup("not_folder", "path"))
            }
            Some(n) => n.id.clone(),
        }
    };
    page(
        &db,
        Cursor {
            folder,
            offset: 0,
            limit: limit as usize,
        },
    )
}

#[derive(Deserialize)]
struct ContinueArg {
    cursor: String,
}

pub async fn list_folder_continue(
    State(db): State<Arc<Dropbox>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    authorized!(db, headers);
    let a: ContinueArg = match arg("files/list_folder/continue", &headers, &body) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let cursor = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&a.cursor)
        .ok()
        .and_then(|b| serde_json::from_slice::<Cursor>(&b).ok());
    match cursor {
        Some(cursor) => page(&db, cursor),
        None => errors::route_error(json!({ ".tag": "reset" })),
    }
}

fn page(db: &Dropbox, cursor: Cursor) -> Response {
    let store = locked!(db);
    let children = match store.children(&cursor.folder) {
        Ok(c) => c,
        Err(_) => return errors::route_error(json!({ ".tag": "reset" })),
    };
    let end = (cursor.offset + cursor.limit).min(children.len());
    let entries: Vec<_> = children[cursor.offset.min(end)..end]
        .iter()
        .map(|n| api::metadata(&store, n))
        .collect();
    let next = Cursor {
        offset: end,
        ..cursor
    };
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&next).unwrap_or_default());
    json_response(
        StatusCode::OK,
        json!({ "entries": entries, "cursor": encoded, "has_more": end < children.len() }),
    )
}

#[derive(Deserialize)]
struct PathArg {
    path: String,
    #[serde(default)]
    autorename: bool,
}

pub async fn get_metadata(
    State(db): State<Arc<Dropbox>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    authorized!(db, headers);
    let a: PathArg = match arg("files/get_metadata", &headers, &body) {
        Ok(a) => a,
        Err(e) => return e,
    };
    if a.path.is_empty() {
        return errors::bad_input(
            "files/get_metadata",
            "request body: path: The root folder is unsupported.",
        );
    }
    let store = locked!(db);
    match resolve(&store, &a.path) {
        Some(node) => json_response(StatusCode::OK, api::metadata(&store, node)),
        None => errors::not_found("path"),
    }
}

pub async fn create_folder(
    State(db): State<Arc<Dropbox>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    authorized!(db, headers);
    let a: PathArg = match arg("files/create_folder_v2", &headers, &body) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let mut store = locked!(db);
    let Some((parent, name)) = parent_and_name(&store, &a.path) else {
        return errors::not_found("path");
    };
    let policy = if a.autorename {
        OnConflict::Rename(RenameStyle::Parenthesised)
    } else {
        OnConflict::Fail
    };
    match store.create_folder(&parent, &name, policy) {
        Ok(id) => {
            let node = store.get(&id).cloned();
            match node {
                Some(node) => json_response(
                    StatusCode::OK,
                    json!({ "metadata": api::metadata(&store, &node) }),
                ),
                None => errors::not_found("path"),
            }
        }
        Err(StoreError::NameTaken(_)) => errors::conflict("path", "folder"),
        Err(_) => errors::not_found("path"),
    }
}

pub async fn delete(State(db): State<Arc<Dropbox>>, headers: HeaderMap, body: Bytes) -> Response {
    authorized!(db, headers);
    let a: PathArg = match arg("files/delete_v2", &headers, &body) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let mut store = locked!(db);
    let Some(node) = resolve(&store, &a.path)
        .filter(|n| n.parent.is_some())
        .cloned()
    else {
        return errors::route_error(errors::lookup("not_found", "path_lookup"));
    };
    let metadata = api::metadata(&store, &node);
    match store.delete(&node.id) {
        Ok(()) => json_response(StatusCode::OK, json!({ "metadata": metadata })),
        Err(_) => errors::route_error(errors::lookup("not_found", "path_lookup")),
    }
}

#[derive(Deserialize)]
struct SearchArg {
    query: String,
    #[serde(default)]
    options: Option<SearchOptions>,
}

#[derive(Deserialize)]
struct SearchOptions {
    #[serde(default)]
    max_results: Option<usize>,
}

pub async fn search(State(db): State<Arc<Dropbox>>, headers: HeaderMap, body: Bytes) -> Response {
    authorized!(db, headers);
    let a: SearchArg = match arg("files/search_v2", &headers, &body) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let max = a
        .options
        .and_then(|o| o.max_results)
        .unwrap_or(100)
        .clamp(1, 1000);
    let store = locked!(db);
    let hits = store.search(&a.query);
    let matches: Vec<_> = hits
        .iter()
        .take(max)
        .map(|n| json!({ "match_type": { ".tag": "filename" }, "metadata": { ".tag": "metadata", "metadata": api::metadata(&store, n) } }))
        .collect();
    json_response(
        StatusCode::OK,
        json!({ "matches": matches, "has_more": hits.len() > max }),
    )
}

/// `auth/token/revoke`: the bearer token itself is revoked.
pub async fn revoke(State(db): State<Arc<Dropbox>>, headers: HeaderMap) -> Response {
    authorized!(db, headers);
    db.oauth.revoke_bearer(&headers);
    json_response(StatusCode::OK, serde_json::Value::Null)
}
