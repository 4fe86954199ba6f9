//! Box uploads: one multipart request (attributes before file), or a chunked
//! session for files of 20 MB and more, with per-part SHA-1 `Digest` checks
//! and a commit that first answers 202 with `Retry-After`.

use super::api::{self, store_id};
use super::BoxCom;
use crate::hashes::HashKind;
use crate::store::{OnConflict, StoreError};
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};
use sha1::{Digest, Sha1};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Sessions are for files of at least this size.
pub const SESSION_MIN: u64 = 20_000_000;
/// Every part but the last is exactly this long.
pub const PART_SIZE: u64 = 8 * 1024 * 1024;

pub struct ChunkedSession {
    folder: String,
    name: String,
    size: u64,
    /// offset → (part file, sha1 hex, part id)
    parts: BTreeMap<u64, (PathBuf, String, String)>,
    commit_attempts: u32,
    /// A new version of an existing file rather than a new file.
    replace: bool,
}

fn bad(message: &str) -> Response {
    api::error(StatusCode::BAD_REQUEST, "bad_request", message)
}

/// `POST /files/content`: `attributes` (JSON) must come before `file`.
/// Reads `attributes` (JSON, which must come first when present) and `file`
/// (into a blob, checked against `Content-MD5` when sent), and its SHA-1.
async fn read_form(
    b: &BoxCom,
    headers: &HeaderMap,
    mut form: Multipart,
    need_attributes: bool,
) -> Result<(Value, PathBuf, String), Response> {
    let mut attributes: Option<Value> = None;
    let mut stored: Option<(PathBuf, String)> = None;
    while let Ok(Some(mut field)) = form.next_field().await {
        match field.name() {
            Some("attributes") => match field
                .text()
                .await
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
            {
                Some(value) => attributes = Some(value),
                None => return Err(bad("attributes is not valid JSON")),
            },
            Some("file") => {
                if need_attributes && attributes.is_none() {
                    return Err(bad("The attributes part must come before the file part"));
                }
                let blob = match b.store.lock() {
                    Ok(mut s) => s.new_blob_path(),
                    Err(_) => return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
                };
                let mut sha = Sha1::new();
                match crate::http::part_to_file(&mut field, &blob, |chunk| sha.update(chunk)).await
                {
                    Ok(()) => {}
                    Err(crate::http::PartError::Cut) => return Err(bad("The upload was cut off")),
                    Err(crate::http::PartError::Io) => {
                        let _ = std::fs::remove_file(&blob);
                        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
                    }
                }
                stored = Some((
                    blob,
                    sha.finalize().iter().map(|b| format!("{b:02x}")).collect(),
                ));
            }
            _ => {}
        }
    }
    let Some((blob, sha1)) = stored else {
        return Err(bad("the file part is required"));
    };
    let attributes = match attributes {
        Some(a) => a,
        None if !need_attributes => Value::Null,
        None => {
            let _ = std::fs::remove_file(&blob);
            return Err(bad("attributes and file are both required"));
        }
    };
    if let Some(expected) = headers.get("Content-MD5").and_then(|v| v.to_str().ok()) {
        if !expected.eq_ignore_ascii_case(&sha1) {
            let _ = std::fs::remove_file(&blob);
            return Err(api::error(
                StatusCode::PRECONDITION_FAILED,
                "sha1_mismatch",
                "The SHA-1 in Content-MD5 does not match the file received",
            ));
        }
    }
    Ok((attributes, blob, sha1))
}

/// `POST /files/content`: a new file.
pub async fn simple(State(b): State<Arc<BoxCom>>, headers: HeaderMap, form: Multipart) -> Response {
    authorized!(b, headers);
    let (attributes, blob, sha1) = match read_form(&b, &headers, form, true).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let (Some(name), Some(parent)) = (
        attributes["name"].as_str(),
        attributes["parent"]["id"].as_str(),
    ) else {
        let _ = std::fs::remove_file(&blob);
        return bad("attributes.name and attributes.parent.id are required");
    };
    install(&b, parent, name, (blob, sha1), OnConflict::Fail)
}

/// `POST /files/{id}/content`: a new version of an existing file.
pub async fn new_version(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    authorized!(b, headers);
    let (_, blob, sha1) = match read_form(&b, &headers, form, false).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let target = b.store.lock().ok().and_then(|s| {
        s.get(&id)
            .filter(|n| !n.is_folder)
            .and_then(|n| Some((n.parent.clone()?, n.name.clone())))
    });
    let Some((parent, name)) = target else {
        let _ = std::fs::remove_file(&blob);
        return api::not_found();
    };
    install(&b, &parent, &name, (blob, sha1), OnConflict::Replace)
}

/// Files a received blob with the SHA-1 computed as it came in.
fn install(
    b: &BoxCom,
    parent: &str,
    name: &str,
    (blob, sha1): (PathBuf, String),
    policy: OnConflict,
) -> Response {
    let mut store = locked!(b);
    let parent = store_id(&store, parent);
    match store.install_file(&parent, name, blob, policy) {
        Ok(id) => match store.know_hash(&id, HashKind::Sha1, sha1).get(&id) {
            Some(node) => (
                StatusCode::CREATED,
                Json(json!({ "total_count": 1, "entries": [api::item(&store, node)] })),
            )
                .into_response(),
            None => api::not_found(),
        },
        Err(StoreError::NameTaken(existing)) => api::name_in_use(&store, &existing),
        Err(StoreError::QuotaExceeded) => api::error(
            StatusCode::FORBIDDEN,
            "storage_limit_exceeded",
            "Account storage limit reached",
        ),
        Err(_) => api::not_found(),
    }
}

pub async fn create_session(
    State(b): State<Arc<BoxCom>>,
    headers: HeaderMap,
    Json(spec): Json<Value>,
) -> Response {
    authorized!(b, headers);
    let (Some(folder), Some(size), Some(name)) = (
        spec["folder_id"].as_str(),
        spec["file_size"].as_u64(),
        spec["file_name"].as_str(),
    ) else {
        return bad("folder_id, file_size and file_name are required");
    };
    if size < SESSION_MIN {
        return bad("Files under 20 MB are uploaded in one request, not a session");
    }
    {
        let Ok(store) = b.store.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let folder_id = store_id(&store, folder);
        if !store.get(&folder_id).is_some_and(|n| n.is_folder) {
            return api::not_found();
        }
        if let Some(existing) = store.child_named(&folder_id, name) {
            return api::name_in_use(&store, &existing.id.clone());
        }
    }
    let id = crate::oauth::random_token("")
        .chars()
        .take(32)
        .collect::<String>()
        .to_uppercase();
    if let Ok(mut sessions) = b.sessions.lock() {
        sessions.insert(
            id.clone(),
            ChunkedSession {
                folder: folder.to_owned(),
                name: name.to_owned(),
                size,
                parts: BTreeMap::new(),
                commit_attempts: 0,
                replace: false,
            },
        );
    }
    (StatusCode::CREATED, Json(session_json(&b, &id, size, 0))).into_response()
}

fn session_json(b: &BoxCom, id: &str, size: u64, processed: usize) -> Value {
    let url = format!("{}/files/upload_sessions/{id}", b.upload_base());
    json!({
        "id": id,
        "type": "upload_session",
        "session_expires_at": crate::http::rfc3339(std::time::SystemTime::now() + std::time::Duration::from_secs(7 * 86400)),
        "part_size": PART_SIZE,
        "total_parts": size.div_ceil(PART_SIZE),
        "num_parts_processed": processed,
        "session_endpoints": {
            "upload_part": url,
            "commit": format!("{url}/commit"),
            "abort": url,
            "list_parts": format!("{url}/parts"),
            "status": url,
            "log_event": format!("{url}/log"),
        },
    })
}

fn sha1_from_digest(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("Digest")?.to_str().ok()?;
    let b64 = value
        .strip_prefix("sha=")
        .or_else(|| value.strip_prefix("SHA="))?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn content_range(headers: &HeaderMap) -> Option<(u64, u64, u64)> {
    let value = headers
        .get(header::CONTENT_RANGE)?
        .to_str()
        .ok()?
        .strip_prefix("bytes ")?;
    let (span, total) = value.split_once('/')?;
    let (a, z) = span.split_once('-')?;
    Some((a.parse().ok()?, z.parse().ok()?, total.parse().ok()?))
}

pub async fn upload_part(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    authorized!(b, headers);
    let Some(size) = b
        .sessions
        .lock()
        .ok()
        .and_then(|s| s.get(&id).map(|s| s.size))
    else {
        return api::not_found();
    };
    let Some(digest) = sha1_from_digest(&headers) else {
        return api::error(
            StatusCode::PRECONDITION_FAILED,
            "missing_digest",
            "A Digest header with the part's SHA-1 is required",
        );
    };
    let Some((start, end, total)) = content_range(&headers) else {
        return bad("Content-Range is required");
    };
    let length = end.saturating_sub(start) + 1;
    let last = end + 1 == total;
    if total != size
        || end < start
        || start % PART_SIZE != 0
        || (!last && length != PART_SIZE)
        || (last && length > PART_SIZE)
    {
        return api::error(
            StatusCode::RANGE_NOT_SATISFIABLE,
            "range_mismatch",
            "The part must start at a multiple of part_size and be part_size long, except the last",
        );
    }
    let part = match b.store.lock() {
        Ok(mut s) => s.new_blob_path(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let written = crate::http::body_to_file(body, &part, false).await;
    if written.as_ref().ok() != Some(&length) {
        let _ = std::fs::remove_file(&part);
        return bad("The part body does not match its Content-Range, or was cut off");
    }
    let Ok(actual) = sha1_of(&part) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if actual != digest {
        let _ = std::fs::remove_file(&part);
        return api::error(
            StatusCode::PRECONDITION_FAILED,
            "sha1_mismatch",
            "The Digest does not match the part received",
        );
    }
    let Ok(mut sessions) = b.sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Some(session) = sessions.get_mut(&id) else {
        return api::not_found();
    };
    if let Some((_, existing, _)) = session.parts.get(&start) {
        if *existing != actual {
            let _ = std::fs::remove_file(&part);
            return api::error(
                StatusCode::CONFLICT,
                "range_overlaps_existing_part",
                "A different part was already uploaded at this offset",
            );
        }
    }
    let part_id = format!("{:08X}", start / PART_SIZE + 0xBEEF_0000);
    session
        .parts
        .insert(start, (part, actual.clone(), part_id.clone()));
    Json(json!({ "part": { "part_id": part_id, "offset": start, "size": length, "sha1": actual } }))
        .into_response()
}

fn sha1_of(path: &std::path::Path) -> std::io::Result<String> {
    crate::store::hash_file(path, HashKind::Sha1)
}

fn parts_json(session: &ChunkedSession) -> Vec<Value> {
    session
        .parts
        .iter()
        .map(|(offset, (path, sha1, id))| {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            json!({ "part_id": id, "offset": offset, "size": size, "sha1": sha1 })
        })
        .collect()
}

pub async fn list_parts(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    let Ok(sessions) = b.sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Some(session) = sessions.get(&id) else {
        return api::not_found();
    };
    let entries = parts_json(session);
    Json(json!({ "total_count": entries.len(), "limit": 1000, "offset": 0, "entries": entries }))
        .into_response()
}

pub async fn status(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    let Some((size, done)) = b
        .sessions
        .lock()
        .ok()
        .and_then(|s| s.get(&id).map(|s| (s.size, s.parts.len())))
    else {
        return api::not_found();
    };
    Json(session_json(&b, &id, size, done)).into_response()
}

pub async fn abort(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(b, headers);
    match b.sessions.lock().ok().and_then(|mut s| s.remove(&id)) {
        Some(session) => {
            session
                .parts
                .values()
                .for_each(|(p, _, _)| drop(std::fs::remove_file(p)));
            StatusCode::NO_CONTENT.into_response()
        }
        None => api::not_found(),
    }
}

/// `POST .../commit {"parts": [...]}` with the whole file's `Digest`.
pub async fn commit(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(spec): Json<Value>,
) -> Response {
    authorized!(b, headers);
    let Some(digest) = sha1_from_digest(&headers) else {
        return api::error(
            StatusCode::PRECONDITION_FAILED,
            "missing_digest",
            "A Digest header with the file's SHA-1 is required",
        );
    };
    let listed: Vec<(u64, String)> = spec["parts"]
        .as_array()
        .map(|parts| {
            parts
                .iter()
                .filter_map(|p| Some((p["offset"].as_u64()?, p["sha1"].as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let (folder, name, paths, replace) = {
        let Ok(mut sessions) = b.sessions.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let Some(session) = sessions.get_mut(&id) else {
            return api::not_found();
        };
        let uploaded: Vec<(u64, String)> = session
            .parts
            .iter()
            .map(|(o, (_, s, _))| (*o, s.clone()))
            .collect();
        let covered: u64 = session
            .parts
            .values()
            .map(|(p, _, _)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum();
        if listed != uploaded || covered != session.size {
            return bad(
                "The parts listed do not match the parts uploaded, or do not cover the whole file",
            );
        }
        session.commit_attempts += 1;
        if session.commit_attempts == 1 {
            // All parts are in, but Box is still processing them.
            let mut response = (
                StatusCode::ACCEPTED,
                Json(session_json(&b, &id, session.size, session.parts.len())),
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
        let paths: Vec<PathBuf> = session.parts.values().map(|(p, _, _)| p.clone()).collect();
        (
            session.folder.clone(),
            session.name.clone(),
            paths,
            session.replace,
        )
    };
    let blob = match b.store.lock() {
        Ok(mut s) => s.new_blob_path(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if concatenate(&paths, &blob).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    if sha1_of(&blob).ok().as_deref() != Some(digest.as_str()) {
        let _ = std::fs::remove_file(&blob);
        return api::error(
            StatusCode::PRECONDITION_FAILED,
            "sha1_mismatch",
            "The Digest does not match the assembled file",
        );
    }
    if let Some(session) = b.sessions.lock().ok().and_then(|mut s| s.remove(&id)) {
        session
            .parts
            .values()
            .for_each(|(p, _, _)| drop(std::fs::remove_file(p)));
    }
    let policy = if replace {
        OnConflict::Replace
    } else {
        OnConflict::Fail
    };
    install(&b, &folder, &name, (blob, digest), policy)
}

fn concatenate(parts: &[PathBuf], to: &std::path::Path) -> std::io::Result<()> {
    let mut out = std::fs::File::create(to)?;
    for part in parts {
        std::io::copy(&mut std::fs::File::open(part)?, &mut out)?;
    }
    out.sync_all()
}

/// `POST /files/{id}/upload_sessions {file_size}`: a session for a new version.
pub async fn create_version_session(
    State(b): State<Arc<BoxCom>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(spec): Json<Value>,
) -> Response {
    authorized!(b, headers);
    let Some(size) = spec["file_size"].as_u64() else {
        return bad("file_size is required");
    };
    if size < SESSION_MIN {
        return bad("Files under 20 MB are uploaded in one request, not a session");
    }
    let target = b.store.lock().ok().and_then(|s| {
        s.get(&id)
            .filter(|n| !n.is_folder)
            .and_then(|n| Some((n.parent.clone()?, n.name.clone())))
    });
    let Some((folder, name)) = target else {
        return api::not_found();
    };
    let session = crate::oauth::random_token("")
        .chars()
        .take(32)
        .collect::<String>()
        .to_uppercase();
    if let Ok(mut sessions) = b.sessions.lock() {
        sessions.insert(
            session.clone(),
            ChunkedSession {
                folder,
                name,
                size,
                parts: BTreeMap::new(),
                commit_attempts: 0,
                replace: true,
            },
        );
    }
    (
        StatusCode::CREATED,
        Json(session_json(&b, &session, size, 0)),
    )
        .into_response()
}
