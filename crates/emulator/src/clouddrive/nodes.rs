//! Amazon Cloud Drive nodes: root query, children with `nextToken`, folders,
//! trash, multipart uploads (`metadata` then `content`), ranged downloads.

use super::{filters, Amazon, QUOTA};
use crate::hashes::HashKind;
use crate::http::serve_blob;
use crate::store::{Node, OnConflict, Store, StoreError};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Children per page.
const PAGE: usize = 200;

fn node(_store: &Store, n: &Node) -> Value {
    let mut value = json!({
        "id": n.id,
        "name": n.name,
        "kind": if n.is_folder { "FOLDER" } else { "FILE" },
        "version": n.revision,
        "modifiedDate": crate::http::rfc3339(n.modified),
        "createdDate": crate::http::rfc3339(n.created),
        "labels": [],
        "createdBy": "CloudDriveWeb",
        "parents": n.parent.iter().collect::<Vec<_>>(),
        "status": "AVAILABLE",
        "restricted": false,
        "isRoot": n.parent.is_none(),
    });
    if n.parent.is_none() {
        value["name"] = Value::Null;
    }
    if !n.is_folder {
        let ext = n
            .name
            .rsplit_once('.')
            .map(|(_, e)| e.to_lowercase())
            .unwrap_or_default();
        value["contentProperties"] = json!({
            "size": n.size,
            "version": n.revision,
            "md5": n.hash(HashKind::Md5),
            "contentType": crate::mime::from_name(&n.name),
            "extension": ext,
            "contentDate": crate::http::rfc3339(n.modified),
        });
    }
    value
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "code": code, "logref": crate::oauth::random_token("")[..12].to_owned(), "message": message }))).into_response()
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "NOT_FOUND", "Node does not exist")
}

fn name_taken(existing: &str, name: &str, parent: &str) -> Response {
    let message = format!("Node with the name {name} already exists under parentId {parent} conflicting NodeId: {existing}");
    let body = json!({ "code": "NAME_ALREADY_EXISTS", "logref": crate::oauth::random_token("")[..12].to_owned(), "message": message, "info": { "nodeId": existing } });
    (StatusCode::CONFLICT, Json(body)).into_response()
}

pub async fn account_info(State(a): State<Arc<Amazon>>, headers: HeaderMap) -> Response {
    authorized!(a, headers);
    Json(json!({ "termsOfUse": "1.0.0", "status": "ACTIVE" })).into_response()
}

pub async fn quota(State(a): State<Arc<Amazon>>, headers: HeaderMap) -> Response {
    authorized!(a, headers);
    let used = locked!(a).used_bytes();
    Json(json!({ "quota": QUOTA, "lastCalculated": crate::http::rfc3339(std::time::SystemTime::now()), "available": QUOTA.saturating_sub(used) })).into_response()
}

/// `GET /nodes?filters=...`: the root (`kind:FOLDER AND isRoot:true`) or a
/// search (`name:deep*`), optionally within one parent.
pub async fn query(
    State(a): State<Arc<Amazon>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers);
    let store = locked!(a);
    let filters = match filters::parse(q.get("filters").map_or("", String::as_str)) {
        Ok(f) if f.is_root || f.name.is_some() => f,
        Ok(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "INVALID_INPUT",
                "A name or isRoot filter is required",
            )
        }
        Err(message) => return error(StatusCode::BAD_REQUEST, "INVALID_INPUT", &message),
    };
    let data: Vec<Value> = if filters.is_root {
        store
            .get(store.root())
            .map(|n| node(&store, n))
            .into_iter()
            .collect()
    } else {
        let text = filters.name.as_ref().map_or("", |m| m.text.as_str());
        store
            .search(text)
            .into_iter()
            .filter(|n| filters.matches(n))
            .take(PAGE)
            .map(|n| node(&store, n))
            .collect()
    };
    Json(json!({ "count": data.len(), "data": data })).into_response()
}

pub async fn get(
    State(a): State<Arc<Amazon>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers);
    let store = locked!(a);
    match store.get(&id) {
        Some(n) => Json(node(&store, n)).into_response(),
        None => not_found(),
    }
}

pub async fn children(
    State(a): State<Arc<Amazon>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers);
    let limit: usize = q
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(PAGE)
        .clamp(1, PAGE);
    let start: usize = q
        .get("startToken")
        .and_then(|t| t.strip_prefix("t").and_then(|n| n.parse().ok()))
        .unwrap_or(0);
    let filters = match filters::parse(q.get("filters").map_or("", String::as_str)) {
        Ok(f) => f,
        Err(message) => return error(StatusCode::BAD_REQUEST, "INVALID_INPUT", &message),
    };
    let store = locked!(a);
    let Ok(kids) = store.children(&id) else {
        return not_found();
    };
    let kids: Vec<&Node> = kids.into_iter().filter(|n| filters.matches(n)).collect();
    let end = (start + limit).min(kids.len());
    let data: Vec<Value> = kids[start.min(end)..end]
        .iter()
        .map(|n| node(&store, n))
        .collect();
    let mut body = json!({ "count": kids.len(), "data": data });
    if end < kids.len() {
        body["nextToken"] = json!(format!("t{end}"));
    }
    Json(body).into_response()
}

pub async fn create_folder(
    State(a): State<Arc<Amazon>>,
    headers: HeaderMap,
    Json(spec): Json<Value>,
) -> Response {
    authorized!(a, headers);
    let (Some(name), Some(parent), Some("FOLDER")) = (
        spec["name"].as_str(),
        spec["parents"][0].as_str(),
        spec["kind"].as_str(),
    ) else {
        return error(
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "name, kind FOLDER and parents are required",
        );
    };
    let mut store = locked!(a);
    match store.create_folder(parent, name, OnConflict::Fail) {
        Ok(id) => match store.get(&id) {
            Some(n) => (StatusCode::CREATED, Json(node(&store, n))).into_response(),
            None => not_found(),
        },
        Err(StoreError::NameTaken(existing)) => name_taken(&existing, name, parent),
        Err(_) => not_found(),
    }
}

/// `PUT /trash/{id}`: the node leaves its folder (this emulator has no trash view).
pub async fn trash(
    State(a): State<Arc<Amazon>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers);
    let mut store = locked!(a);
    let Some(n) = store.get(&id).filter(|n| n.parent.is_some()).cloned() else {
        return not_found();
    };
    let mut value = node(&store, &n);
    value["status"] = json!("TRASH");
    match store.delete(&id) {
        Ok(()) => Json(value).into_response(),
        Err(_) => not_found(),
    }
}

/// A multipart body read: `metadata` (JSON, first), the blob of `content`,
/// and its MD5, computed as the bytes came in (the reply carries it).
struct Form {
    metadata: Option<Value>,
    blob: std::path::PathBuf,
    md5: String,
}

/// Reads a multipart body: `metadata` (JSON, first) and `content` (the bytes).
async fn read_form(a: &Amazon, mut form: Multipart) -> Result<Form, Response> {
    let mut metadata = None;
    while let Ok(Some(mut field)) = form.next_field().await {
        match field.name() {
            Some("metadata") => {
                metadata = field
                    .text()
                    .await
                    .ok()
                    .and_then(|t| serde_json::from_str(&t).ok())
            }
            Some("content") => {
                let blob = a
                    .store
                    .lock()
                    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())?
                    .new_blob_path();
                let mut md5 = crate::hashes::Hasher::new(HashKind::Md5);
                match crate::http::part_to_file(&mut field, &blob, |c| md5.update(c)).await {
                    Ok(()) => {}
                    Err(crate::http::PartError::Cut) => {
                        return Err(error(
                            StatusCode::BAD_REQUEST,
                            "INVALID_INPUT",
                            "The upload was cut off",
                        ))
                    }
                    Err(crate::http::PartError::Io) => {
                        let _ = std::fs::remove_file(&blob);
                        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
                    }
                }
                return Ok(Form {
                    metadata,
                    blob,
                    md5: md5.finish(),
                });
            }
            _ => {}
        }
    }
    Err(error(
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "A content part is required",
    ))
}

pub async fn upload(State(a): State<Arc<Amazon>>, headers: HeaderMap, form: Multipart) -> Response {
    authorized!(a, headers);
    let Form {
        metadata,
        blob,
        md5,
    } = match read_form(&a, form).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let Some(metadata) = metadata else {
        let _ = std::fs::remove_file(&blob);
        return error(
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "The metadata part must come before the content part",
        );
    };
    let (Some(name), Some(parent)) = (metadata["name"].as_str(), metadata["parents"][0].as_str())
    else {
        let _ = std::fs::remove_file(&blob);
        return error(
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "metadata needs name and parents",
        );
    };
    let mut store = locked!(a);
    match store.install_file(parent, name, blob, OnConflict::Fail) {
        Ok(id) => match store.know_hash(&id, HashKind::Md5, md5).get(&id) {
            Some(n) => (StatusCode::CREATED, Json(node(&store, n))).into_response(),
            None => not_found(),
        },
        Err(StoreError::NameTaken(existing)) => name_taken(&existing, name, parent),
        Err(StoreError::QuotaExceeded) => {
            error(StatusCode::FORBIDDEN, "QUOTA_EXCEEDED", "Quota exceeded")
        }
        Err(_) => not_found(),
    }
}

pub async fn overwrite(
    State(a): State<Arc<Amazon>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    authorized!(a, headers);
    let Form { blob, md5, .. } = match read_form(&a, form).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let mut store = locked!(a);
    let Some((parent, name)) = store
        .get(&id)
        .filter(|n| !n.is_folder)
        .and_then(|n| Some((n.parent.clone()?, n.name.clone())))
    else {
        let _ = std::fs::remove_file(&blob);
        return not_found();
    };
    match store.install_file(&parent, &name, blob, OnConflict::Replace) {
        Ok(id) => match store.know_hash(&id, HashKind::Md5, md5).get(&id) {
            Some(n) => Json(node(&store, n)).into_response(),
            None => not_found(),
        },
        Err(StoreError::QuotaExceeded) => {
            error(StatusCode::FORBIDDEN, "QUOTA_EXCEEDED", "Quota exceeded")
        }
        Err(_) => not_found(),
    }
}

pub async fn download(
    State(a): State<Arc<Amazon>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers);
    let blob = a.store.lock().ok().and_then(|s| s.get(&id)?.blob.clone());
    match blob {
        Some(blob) => serve_blob(&blob, &headers, HeaderMap::new()).await,
        None => not_found(),
    }
}
