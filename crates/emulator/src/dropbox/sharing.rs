//! Shared links (`sharing/create_shared_link_with_settings`, with 409
//! `shared_link_already_exists`), the public link host, server-side copy
//! (`files/copy_v2`) and thumbnails (`files/get_thumbnail_v2`).

use super::errors::{self, json_response};
use super::{api, parent_for_write, resolve, Dropbox};
use crate::http::serve_blob;
use crate::store::{OnConflict, RenameStyle, StoreError};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

fn parse<T: serde::de::DeserializeOwned>(route: &str, body: &Bytes) -> Result<T, Response> {
    serde_json::from_slice(body)
        .map_err(|e| errors::bad_input(route, &format!("request body: {e}")))
}

fn link_permissions() -> Value {
    json!({
        "resolved_visibility": { ".tag": "public" },
        "requested_visibility": { ".tag": "public" },
        "can_revoke": true,
        "effective_audience": { ".tag": "public" },
        "link_access_level": { ".tag": "viewer" },
        "visibility_policies": [
            { "policy": { ".tag": "public" }, "resolved_policy": { ".tag": "public" }, "allowed": true },
        ],
        "can_set_expiry": false,
        "can_remove_expiry": false,
        "allow_download": true,
        "can_allow_download": true,
        "can_disallow_download": false,
        "allow_comments": true,
        "team_restricts_comments": false,
    })
}

#[derive(Deserialize)]
struct LinkArg {
    path: String,
}

pub async fn create_shared_link(
    State(db): State<Arc<Dropbox>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    authorized!(db, headers);
    let a: LinkArg = match parse("sharing/create_shared_link_with_settings", &body) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let store = locked!(db);
    let Some(node) = resolve(&store, &a.path)
        .filter(|n| n.parent.is_some())
        .cloned()
    else {
        return errors::route_error(json!({ ".tag": "path", "path": { ".tag": "not_found" } }));
    };
    let mut links = match db.links.lock() {
        Ok(links) => links,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let existing = links
        .iter()
        .find(|(_, id)| **id == node.id)
        .map(|(token, _)| token.clone());
    let token = existing.clone().unwrap_or_else(|| {
        crate::oauth::random_token("")
            .chars()
            .take(15)
            .collect::<String>()
            .to_lowercase()
    });
    let metadata = link_metadata(&db, &store, &node, &token);
    if existing.is_some() {
        return errors::route_error(json!({
            ".tag": "shared_link_already_exists",
            "shared_link_already_exists": { ".tag": "metadata", "metadata": metadata },
        }));
    }
    links.insert(token, node.id.clone());
    json_response(StatusCode::OK, metadata)
}

/// `sharing/list_shared_links {path}`: the links made for that item.
pub async fn list_shared_links(
    State(db): State<Arc<Dropbox>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    authorized!(db, headers);
    let a: LinkArg = match parse("sharing/list_shared_links", &body) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let store = locked!(db);
    let Some(node) = resolve(&store, &a.path).cloned() else {
        return errors::route_error(json!({ ".tag": "path", "path": { ".tag": "not_found" } }));
    };
    let links: Vec<Value> = db
        .links
        .lock()
        .map(|l| {
            l.iter()
                .filter(|(_, id)| **id == node.id)
                .map(|(token, _)| link_metadata(&db, &store, &node, token))
                .collect()
        })
        .unwrap_or_default();
    json_response(StatusCode::OK, json!({ "links": links, "has_more": false }))
}

/// `SharedLinkMetadata` for the link `token` to `node`.
fn link_metadata(
    db: &Dropbox,
    store: &crate::store::Store,
    node: &crate::store::Node,
    token: &str,
) -> Value {
    let name = url::form_urlencoded::byte_serialize(node.name.as_bytes()).collect::<String>();
    let path_display = store.display_path(&node.id);
    let mut metadata = json!({
        ".tag": if node.is_folder { "folder" } else { "file" },
        "url": format!("{}/s/{token}/{name}?dl=0", db.link_base()),
        "id": node.id,
        "name": node.name,
        "path_lower": path_display.to_lowercase(),
        "link_permissions": link_permissions(),
    });
    if !node.is_folder {
        metadata["client_modified"] = json!(api::timestamp(node.modified));
        metadata["server_modified"] = json!(api::timestamp(node.modified));
        metadata["rev"] = json!(api::rev(node));
        metadata["size"] = json!(node.size);
    }
    metadata
}

/// The public side of a shared link: the file's bytes, no token needed.
pub async fn open_link(
    State(db): State<Arc<Dropbox>>,
    Path((token, _name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let id = db.links.lock().ok().and_then(|l| l.get(&token).cloned());
    let blob = id.and_then(|id| db.store.lock().ok()?.get(&id)?.blob.clone());
    match blob {
        Some(blob) => serve_blob(&blob, &headers, HeaderMap::new()).await,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Deserialize)]
struct CopyArg {
    from_path: String,
    to_path: String,
    #[serde(default)]
    autorename: bool,
}

pub async fn copy(State(db): State<Arc<Dropbox>>, headers: HeaderMap, body: Bytes) -> Response {
    authorized!(db, headers);
    let a: CopyArg = match parse("files/copy_v2", &body) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let mut store = locked!(db);
    let Some(source) = resolve(&store, &a.from_path)
        .filter(|n| !n.is_folder)
        .cloned()
    else {
        return errors::route_error(
            json!({ ".tag": "from_lookup", "from_lookup": { ".tag": "not_found" } }),
        );
    };
    let Some((parent, name)) = parent_for_write(&mut store, &a.to_path) else {
        return errors::route_error(json!({ ".tag": "to", "to": { ".tag": "malformed_path" } }));
    };
    let blob = store.new_blob_path();
    let copied = source.blob.as_ref().map(|from| std::fs::copy(from, &blob));
    if !matches!(copied, Some(Ok(_))) {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let policy = if a.autorename {
        OnConflict::Rename(RenameStyle::Parenthesised)
    } else {
        OnConflict::Fail
    };
    match store.install_file(&parent, &name, blob, policy) {
        Ok(id) => match store.get(&id).cloned() {
            Some(node) => json_response(
                StatusCode::OK,
                json!({ "metadata": api::metadata(&store, &node) }),
            ),
            None => errors::not_found("path"),
        },
        Err(StoreError::NameTaken(_)) => errors::route_error(
            json!({ ".tag": "to", "to": { ".tag": "conflict", "conflict": { ".tag": "file" } } }),
        ),
        Err(StoreError::QuotaExceeded) => {
            errors::route_error(json!({ ".tag": "insufficient_quota" }))
        }
        Err(_) => errors::not_found("path"),
    }
}

#[derive(Deserialize)]
struct ThumbnailArg {
    resource: Value,
    #[serde(default)]
    format: Option<Value>,
    #[serde(default)]
    size: Option<Value>,
}

fn tag(value: &Option<Value>, default: &'static str) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get(".tag")
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_owned(),
        _ => default.to_owned(),
    }
}

/// `files/get_thumbnail_v2`: the image in the body, `PreviewResult` in `Dropbox-API-Result`.
pub async fn thumbnail(State(db): State<Arc<Dropbox>>, headers: HeaderMap) -> Response {
    authorized!(db, headers);
    let raw = headers
        .get("Dropbox-API-Arg")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let a: ThumbnailArg = match serde_json::from_str(raw) {
        Ok(a) => a,
        Err(e) => {
            return errors::bad_input(
                "files/get_thumbnail_v2",
                &format!("HTTP header \"Dropbox-API-Arg\": {e}"),
            )
        }
    };
    let path = a
        .resource
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let side: u32 = tag(&a.size, "w64h64")
        .trim_start_matches('w')
        .split('h')
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or(64);
    let format = if tag(&a.format, "jpeg") == "png" {
        crate::thumbnail::Format::Png
    } else {
        crate::thumbnail::Format::Jpeg
    };
    let (blob, metadata) = {
        let Ok(store) = db.store.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        match resolve(&store, &path).filter(|n| !n.is_folder) {
            None => {
                return errors::route_error(
                    json!({ ".tag": "path", "path": { ".tag": "not_found" } }),
                )
            }
            Some(n) if !crate::thumbnail::is_image(&n.name) => {
                return errors::route_error(json!({ ".tag": "unsupported_extension" }))
            }
            Some(n) => (n.blob.clone(), api::metadata(&store, n)),
        }
    };
    let Some(blob) = blob else {
        return errors::not_found("path");
    };
    let mut response = crate::thumbnail::serve(blob, side, format).await;
    if response.status().is_success() {
        let result = json!({ "file_metadata": metadata });
        response
            .headers_mut()
            .insert("Dropbox-API-Result", super::content::header_json(&result));
    }
    response
}
