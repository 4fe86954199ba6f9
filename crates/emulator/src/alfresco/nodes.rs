//! Alfresco routes: people, nodes and their children, content, copy,
//! renditions, search, shared links, and the tickets API.

use super::{api, Alfresco, PASSWORD};
use crate::http::{body_to_file, serve_blob};
use crate::store::{OnConflict, RenameStyle, StoreError};
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

type Params = Query<HashMap<String, String>>;

macro_rules! authorized {
    ($a:expr, $headers:expr, $q:expr) => {
        if let Err(denied) = $a.authorize(&$headers, $q.get("alf_ticket").map(String::as_str)) {
            return denied;
        }
    };
}

pub async fn person(
    State(a): State<Arc<Alfresco>>,
    Path(id): Path<String>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers, q);
    if id == "-me-" || id == api::USER {
        api::entry(api::person())
    } else {
        api::not_found()
    }
}

pub async fn get(
    State(a): State<Arc<Alfresco>>,
    Path(id): Path<String>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers, q);
    let store = locked!(a);
    let with_path = q
        .get("include")
        .is_some_and(|i| i.split(',').any(|f| f == "path"));
    match a.node_id(&store, &id).and_then(|id| store.get(&id)) {
        Some(node) => api::entry(api::node(&store, node, with_path)),
        None => api::not_found(),
    }
}

pub async fn children(
    State(a): State<Arc<Alfresco>>,
    Path(id): Path<String>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers, q);
    let skip: usize = q.get("skipCount").and_then(|s| s.parse().ok()).unwrap_or(0);
    let max: usize = match q.get("maxItems").map(|m| m.parse::<usize>()) {
        None => 100,
        Some(Ok(n)) if n >= 1 => n,
        Some(_) => return api::error(StatusCode::BAD_REQUEST, "Invalid paging parameter maxItems"),
    };
    let with_path = q
        .get("include")
        .is_some_and(|i| i.split(',').any(|f| f == "path"));
    let store = locked!(a);
    let Some(folder) = a.node_id(&store, &id) else {
        return api::not_found();
    };
    let Ok(kids) = store.children(&folder) else {
        return api::error(
            StatusCode::BAD_REQUEST,
            "Could not find the folder: the node is not a folder",
        );
    };
    let page: Vec<Value> = kids
        .iter()
        .skip(skip)
        .take(max)
        .map(|n| api::node(&store, n, with_path))
        .collect();
    api::list(page, skip, max, kids.len())
}

fn policy(auto_rename: bool, overwrite: bool) -> OnConflict {
    if overwrite {
        OnConflict::Replace
    } else if auto_rename {
        OnConflict::Rename(RenameStyle::Dashed)
    } else {
        OnConflict::Fail
    }
}

fn conflict(name: &str) -> Response {
    api::error(
        StatusCode::CONFLICT,
        &format!("Duplicate child name not allowed: {name}"),
    )
}

/// `POST /nodes/{id}/children`: JSON for a folder, multipart (`filedata`) for a file.
pub async fn create(
    State(a): State<Arc<Alfresco>>,
    Path(id): Path<String>,
    Query(q): Params,
    request: Request,
) -> Response {
    authorized!(a, request.headers().clone(), q);
    let auto_rename = match crate::http::flag(&q, "autoRename") {
        Ok(on) => on,
        Err(message) => return api::error(StatusCode::BAD_REQUEST, &message),
    };
    let parent = {
        let store = locked!(a);
        match a.node_id(&store, &id) {
            Some(p) if store.get(&p).is_some_and(|n| n.is_folder) => p,
            _ => return api::not_found(),
        }
    };
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        let Ok(bytes) = axum::body::to_bytes(request.into_body(), 1 << 20).await else {
            return api::error(StatusCode::BAD_REQUEST, "Unreadable body");
        };
        let Ok(spec) = serde_json::from_slice::<Value>(&bytes) else {
            return api::error(
                StatusCode::BAD_REQUEST,
                "Could not read content from HTTP request body",
            );
        };
        let name = spec["name"].as_str().unwrap_or_default();
        if !api::valid_name(name) {
            return api::error(StatusCode::UNPROCESSABLE_ENTITY, "Name is invalid");
        }
        if spec["nodeType"] != "cm:folder" {
            return api::error(
                StatusCode::BAD_REQUEST,
                "Only cm:folder nodes can be created without content",
            );
        }
        let mut store = locked!(a);
        return match store.create_folder(&parent, name, policy(auto_rename, false)) {
            Ok(id) => match store.get(&id) {
                Some(node) => api::created(api::node(&store, node, false)),
                None => api::not_found(),
            },
            Err(StoreError::NameTaken(_)) => conflict(name),
            Err(_) => api::not_found(),
        };
    }
    let Ok(mut form) = Multipart::from_request(request, &()).await else {
        return api::error(StatusCode::BAD_REQUEST, "Invalid multipart body");
    };
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut upload: Option<(std::path::PathBuf, String)> = None;
    while let Ok(Some(mut field)) = form.next_field().await {
        let key = field.name().unwrap_or_default().to_owned();
        if key == "filedata" {
            let filename = field.file_name().unwrap_or("unnamed").to_owned();
            let blob = match a.store.lock() {
                Ok(mut s) => s.new_blob_path(),
                Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            };
            match crate::http::part_to_file(&mut field, &blob, |_| {}).await {
                Ok(()) => {}
                Err(crate::http::PartError::Cut) => {
                    return api::error(StatusCode::BAD_REQUEST, "The upload was cut off")
                }
                Err(crate::http::PartError::Io) => {
                    let _ = std::fs::remove_file(&blob);
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
            }
            upload = Some((blob, filename));
        } else if let Ok(text) = field.text().await {
            fields.insert(key, text);
        }
    }
    let Some((blob, filename)) = upload else {
        return api::error(
            StatusCode::BAD_REQUEST,
            "Required parameters are missing: filedata",
        );
    };
    let name = fields.get("name").cloned().unwrap_or(filename);
    if !api::valid_name(&name) {
        let _ = std::fs::remove_file(&blob);
        return api::error(StatusCode::UNPROCESSABLE_ENTITY, "Name is invalid");
    }
    let (form_rename, overwrite) = match (
        crate::http::flag(&fields, "autoRename"),
        crate::http::flag(&fields, "overwrite"),
    ) {
        (Ok(rename), Ok(overwrite)) => (rename, overwrite),
        (Err(message), _) | (_, Err(message)) => {
            let _ = std::fs::remove_file(&blob);
            return api::error(StatusCode::BAD_REQUEST, &message);
        }
    };
    let auto_rename = auto_rename || form_rename;
    let mut store = locked!(a);
    match store.install_file(&parent, &name, blob, policy(auto_rename, overwrite)) {
        Ok(id) => match store.get(&id) {
            Some(node) => api::created(api::node(&store, node, false)),
            None => api::not_found(),
        },
        Err(StoreError::NameTaken(_)) => conflict(&name),
        Err(StoreError::QuotaExceeded) => {
            api::error(StatusCode::INSUFFICIENT_STORAGE, "Content quota exceeded")
        }
        Err(_) => api::not_found(),
    }
}

pub async fn content(
    State(a): State<Arc<Alfresco>>,
    Path(id): Path<String>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers, q);
    let blob = {
        let store = locked!(a);
        a.node_id(&store, &id)
            .and_then(|id| store.get(&id)?.blob.clone())
    };
    match blob {
        Some(blob) => serve_blob(&blob, &headers, HeaderMap::new()).await,
        None => api::not_found(),
    }
}

pub async fn replace_content(
    State(a): State<Arc<Alfresco>>,
    Path(id): Path<String>,
    Query(q): Params,
    headers: HeaderMap,
    body: Body,
) -> Response {
    authorized!(a, headers, q);
    let target = {
        let store = locked!(a);
        a.node_id(&store, &id).and_then(|id| {
            store
                .get(&id)
                .filter(|n| !n.is_folder)
                .and_then(|n| Some((n.parent.clone()?, n.name.clone())))
        })
    };
    let Some((parent, name)) = target else {
        return api::not_found();
    };
    let blob = match a.store.lock() {
        Ok(mut s) => s.new_blob_path(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if body_to_file(body, &blob, false).await.is_err() {
        let _ = std::fs::remove_file(&blob);
        return api::error(StatusCode::BAD_REQUEST, "The upload was cut off");
    }
    let mut store = locked!(a);
    match store.install_file(&parent, &name, blob, OnConflict::Replace) {
        Ok(id) => match store.get(&id) {
            Some(node) => api::entry(api::node(&store, node, false)),
            None => api::not_found(),
        },
        Err(StoreError::QuotaExceeded) => {
            api::error(StatusCode::INSUFFICIENT_STORAGE, "Content quota exceeded")
        }
        Err(_) => api::not_found(),
    }
}

pub async fn delete(
    State(a): State<Arc<Alfresco>>,
    Path(id): Path<String>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers, q);
    let mut store = locked!(a);
    let Some(node) = a.node_id(&store, &id) else {
        return api::not_found();
    };
    if node == store.root() || node == a.home || node == a.shared {
        return api::error(StatusCode::FORBIDDEN, "Permission was denied");
    }
    match store.delete(&node) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(_) => api::not_found(),
    }
}

pub async fn copy(
    State(a): State<Arc<Alfresco>>,
    Path(id): Path<String>,
    Query(q): Params,
    headers: HeaderMap,
    Json(spec): Json<Value>,
) -> Response {
    authorized!(a, headers, q);
    let mut store = locked!(a);
    let Some(source) = a
        .node_id(&store, &id)
        .and_then(|id| store.get(&id).cloned())
    else {
        return api::not_found();
    };
    let Some(target) = spec["targetParentId"]
        .as_str()
        .and_then(|t| a.node_id(&store, t))
    else {
        return api::not_found();
    };
    let (Some(from), false) = (source.blob.clone(), source.is_folder) else {
        return api::error(
            StatusCode::BAD_REQUEST,
            "Copying folders is not supported by this emulator",
        );
    };
    let name = spec["name"].as_str().unwrap_or(&source.name).to_owned();
    let blob = store.new_blob_path();
    if std::fs::copy(from, &blob).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    match store.install_file(&target, &name, blob, OnConflict::Fail) {
        Ok(id) => match store.get(&id) {
            Some(node) => api::created(api::node(&store, node, false)),
            None => api::not_found(),
        },
        Err(StoreError::NameTaken(_)) => conflict(&name),
        Err(_) => api::not_found(),
    }
}

/// `doclib` is a 100-pixel PNG, as Share's document library shows.
pub async fn rendition(
    State(a): State<Arc<Alfresco>>,
    Path((id, rendition)): Path<(String, String)>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers, q);
    let side = match rendition.as_str() {
        "doclib" => 100,
        "imgpreview" => 960,
        _ => return api::not_found(),
    };
    let found = {
        let store = locked!(a);
        a.node_id(&store, &id).and_then(|id| {
            store
                .get(&id)
                .and_then(|n| Some((n.blob.clone()?, n.name.clone())))
        })
    };
    match found.filter(|(_, name)| crate::thumbnail::is_image(name)) {
        Some((blob, _)) => crate::thumbnail::serve(blob, side, crate::thumbnail::Format::Png).await,
        None => api::not_found(),
    }
}

pub async fn search(
    State(a): State<Arc<Alfresco>>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers, q);
    let term = q.get("term").cloned().unwrap_or_default();
    if term.trim_matches('*').chars().count() < 3 {
        return api::error(
            StatusCode::BAD_REQUEST,
            "Query 'term' not specified or too short (at least 3 characters)",
        );
    }
    let skip: usize = q.get("skipCount").and_then(|s| s.parse().ok()).unwrap_or(0);
    let max: usize = q
        .get("maxItems")
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let store = locked!(a);
    let hits = store.search(term.trim_matches('*'));
    let page: Vec<Value> = hits
        .iter()
        .skip(skip)
        .take(max)
        .map(|n| api::node(&store, n, false))
        .collect();
    api::list(page, skip, max, hits.len())
}

pub async fn share(
    State(a): State<Arc<Alfresco>>,
    Query(q): Params,
    headers: HeaderMap,
    Json(spec): Json<Value>,
) -> Response {
    authorized!(a, headers, q);
    let store = locked!(a);
    let Some(node) = spec["nodeId"]
        .as_str()
        .and_then(|n| a.node_id(&store, n))
        .and_then(|id| store.get(&id).cloned())
    else {
        return api::not_found();
    };
    if node.is_folder {
        return api::error(StatusCode::BAD_REQUEST, "Folders cannot be shared by link");
    }
    // A node has one shared link: asking again returns it.
    let id = match a.shared_links.lock() {
        Ok(mut links) => match links.iter().find(|(_, n)| **n == node.id) {
            Some((id, _)) => id.clone(),
            None => {
                let id = crate::oauth::random_token("")[..22].to_owned();
                links.insert(id.clone(), node.id.clone());
                id
            }
        },
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    // The spec answers 200 here, not 201.
    api::entry(
        json!({ "id": id, "nodeId": node.id, "name": node.name, "sharedByUser": { "id": api::USER, "displayName": "Demo User" } }),
    )
}

/// Public: anyone with the link id gets the bytes.
pub async fn shared_content(
    State(a): State<Arc<Alfresco>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let node = a.shared_links.lock().ok().and_then(|l| l.get(&id).cloned());
    let blob = node.and_then(|n| a.store.lock().ok()?.get(&n)?.blob.clone());
    match blob {
        Some(blob) => serve_blob(&blob, &headers, HeaderMap::new()).await,
        None => api::not_found(),
    }
}

pub async fn login(State(a): State<Arc<Alfresco>>, Json(spec): Json<Value>) -> Response {
    if spec["userId"] != api::USER || spec["password"] != PASSWORD {
        return api::error(StatusCode::FORBIDDEN, "Login failed");
    }
    let ticket = format!("TICKET_{}", crate::oauth::random_token("").to_lowercase());
    if let Ok(mut tickets) = a.tickets.lock() {
        tickets.insert(ticket.clone());
    }
    api::created(json!({ "id": ticket, "userId": api::USER }))
}

pub async fn validate_ticket(
    State(a): State<Arc<Alfresco>>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers, q);
    api::entry(json!({ "id": "-me-" }))
}

pub async fn logout(
    State(a): State<Arc<Alfresco>>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers, q);
    let ticket = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .map(|t| t.rsplit(':').next().unwrap_or_default().to_owned())
        .or_else(|| q.get("alf_ticket").cloned());
    if let (Some(ticket), Ok(mut tickets)) = (ticket, a.tickets.lock()) {
        tickets.remove(&ticket);
    }
    StatusCode::NO_CONTENT.into_response()
}
