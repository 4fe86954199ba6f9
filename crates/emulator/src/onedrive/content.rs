//! Bytes: the `/content` redirect to a pre-authenticated download URL, simple
//! upload, upload sessions with Graph's fragment rules, and thumbnails.

use super::items::{conflict_behavior, item_json};
use super::{api, not_found, Address, Graph};
use crate::http::{body_to_file, serve_blob};
use crate::store::{OnConflict, StoreError};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// Fragments must be multiples of this, except the last.
pub const FRAGMENT_UNIT: u64 = 320 * 1024;
/// And smaller than this.
pub const FRAGMENT_MAX: u64 = 60 * 1024 * 1024;
/// Simple uploads take at most this much.
const SIMPLE_MAX: u64 = 250 * 1024 * 1024;

pub struct UploadSession {
    parent: String,
    name: String,
    policy: OnConflict,
    blob: PathBuf,
    received: u64,
    total: Option<u64>,
}

impl Graph {
    /// A pre-authenticated URL for a file's bytes, on the download host.
    pub fn download_url(&self, id: &str) -> String {
        let token = crate::oauth::random_token("dl");
        if let Ok(mut downloads) = self.downloads.lock() {
            downloads.insert(token.clone(), id.to_owned());
        }
        format!("{}/download/{token}", self.content_base())
    }
}

pub fn redirect_to_download(graph: &Graph, address: &Address) -> Response {
    let id = match graph.store.lock() {
        Ok(store) => address
            .resolve(&store)
            .filter(|id| store.get(id).is_some_and(|n| !n.is_folder)),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match id {
        Some(id) => crate::http::found(&graph.download_url(&id)),
        None => not_found(),
    }
}

/// The download host: no Authorization needed, `Range` honoured.
pub async fn download(
    State(graph): State<Arc<Graph>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let id = graph
        .downloads
        .lock()
        .ok()
        .and_then(|d| d.get(&token).cloned());
    let blob = id.and_then(|id| graph.store.lock().ok()?.get(&id)?.blob.clone());
    match blob {
        Some(blob) => serve_blob(&blob, &headers, HeaderMap::new()).await,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn simple_upload(
    graph: &Graph,
    address: &Address,
    query: &std::collections::HashMap<String, String>,
    request: Request,
) -> Response {
    let length = content_length(request.headers());
    if length.is_some_and(|n| n > SIMPLE_MAX) {
        return api::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "maxFileSizeExceeded",
            "Use an upload session for files over 250 MB",
        );
    }
    let policy = conflict_behavior(
        query
            .get("@microsoft.graph.conflictBehavior")
            .map(String::as_str),
        OnConflict::Replace,
    );
    let target = {
        let Ok(store) = graph.store.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        match address {
            Address::Id(_) | Address::Root => address
                .resolve(&store)
                .and_then(|id| store.get(&id))
                .filter(|n| !n.is_folder)
                .and_then(|n| Some((n.parent.clone()?, n.name.clone()))),
            _ => address.parent_and_name(&store),
        }
    };
    let Some((parent, name)) = target else {
        return not_found();
    };
    let blob = match graph.store.lock() {
        Ok(mut s) => s.new_blob_path(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if body_to_file(request.into_body(), &blob, false)
        .await
        .is_err()
    {
        let _ = std::fs::remove_file(&blob);
        return api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "The request body was cut off",
        );
    }
    install(graph, &parent, &name, blob, policy)
}

fn install(graph: &Graph, parent: &str, name: &str, blob: PathBuf, policy: OnConflict) -> Response {
    let mut store = locked!(graph);
    let existed = store.child_named(parent, name).is_some();
    match store.install_file(parent, name, blob, policy) {
        Ok(id) => {
            let status = if existed && policy == OnConflict::Replace {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            match item_json(graph, &store, &id) {
                Some(item) => (status, Json(item)).into_response(),
                None => not_found(),
            }
        }
        Err(StoreError::NameTaken(_)) => api::error(
            StatusCode::CONFLICT,
            "nameAlreadyExists",
            "An item with the same name already exists under the parent",
        ),
        Err(StoreError::QuotaExceeded) => api::error(
            StatusCode::INSUFFICIENT_STORAGE,
            "quotaLimitReached",
            "Insufficient Space Available",
        ),
        Err(_) => not_found(),
    }
}

pub async fn create_session(graph: &Graph, address: &Address, request: Request) -> Response {
    let body = axum::body::to_bytes(request.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    let spec: Value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    };
    // Graph's default for sessions, as for PUT, is to replace.
    let policy = conflict_behavior(
        spec["item"]["@microsoft.graph.conflictBehavior"].as_str(),
        OnConflict::Replace,
    );
    let (parent, name, blob) = {
        let Ok(mut store) = graph.store.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let Some((parent, name)) = address.parent_and_name(&store) else {
            return not_found();
        };
        if policy == OnConflict::Fail && store.child_named(&parent, &name).is_some() {
            return api::error(
                StatusCode::CONFLICT,
                "nameAlreadyExists",
                "An item with the same name already exists under the parent",
            );
        }
        (parent, name, store.new_blob_path())
    };
    if std::fs::write(&blob, b"").is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let id = crate::oauth::random_token("up");
    let expires = crate::http::rfc3339(
        std::time::SystemTime::now() + std::time::Duration::from_secs(3 * 86400),
    );
    graph.sessions.insert(
        id.clone(),
        UploadSession {
            parent,
            name,
            policy,
            blob,
            received: 0,
            total: None,
        },
    );
    Json(json!({
        "uploadUrl": format!("{}/upload/{id}", graph.content_base()),
        "expirationDateTime": expires,
        "nextExpectedRanges": ["0-"],
    }))
    .into_response()
}

/// The `uploadUrl`: `PUT` a fragment, `GET` the status, `DELETE` to cancel.
/// Authorization is accepted but not needed, as on the real host.
pub async fn session(
    State(graph): State<Arc<Graph>>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    match *request.method() {
        Method::GET => {
            let received = graph.sessions.read(&id, |s| s.received).await;
            match received {
                Some(r) => Json(json!({ "nextExpectedRanges": [format!("{r}-")] })).into_response(),
                None => session_gone(),
            }
        }
        Method::DELETE => {
            let removed = graph.sessions.take(&id).await;
            match removed {
                Some(session) => {
                    let session = session.finish();
                    let _ = std::fs::remove_file(session.blob);
                    StatusCode::NO_CONTENT.into_response()
                }
                None => session_gone(),
            }
        }
        Method::PUT => put_fragment(&graph, &id, request).await,
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

fn session_gone() -> Response {
    api::error(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        "The upload session was not found or has expired",
    )
}

/// `bytes a-b/total`.
fn parse_content_range(headers: &HeaderMap) -> Option<(u64, u64, u64)> {
    let value = headers
        .get(header::CONTENT_RANGE)?
        .to_str()
        .ok()?
        .strip_prefix("bytes ")?;
    let (span, total) = value.split_once('/')?;
    let (a, b) = span.split_once('-')?;
    Some((a.parse().ok()?, b.parse().ok()?, total.parse().ok()?))
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

async fn put_fragment(graph: &Graph, id: &str, request: Request) -> Response {
    let Some((start, end, total)) = parse_content_range(request.headers()) else {
        return api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "The Content-Range header is missing or malformed",
        );
    };
    let length = end.saturating_sub(start) + 1;
    if end < start || end >= total || content_length(request.headers()) != Some(length) {
        return api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "The Content-Range header does not match the body length",
        );
    }
    let last = end + 1 == total;
    if !last && length % FRAGMENT_UNIT != 0 {
        return api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "Fragments must be a multiple of 320 KiB, except the last",
        );
    }
    if length >= FRAGMENT_MAX {
        return api::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalidRequest",
            "Fragments must be smaller than 60 MiB",
        );
    }
    let Some(mut session) = graph.sessions.take(id).await else {
        return session_gone();
    };
    let put_back = drop::<crate::sessions::Held<'_, UploadSession>>;
    if session.total.is_some_and(|t| t != total) || start != session.received {
        let expected = session.received;
        put_back(session);
        return api::error(
            StatusCode::RANGE_NOT_SATISFIABLE,
            "invalidRange",
            &format!(
                "The uploaded fragment overlaps or skips data; next expected range: {expected}-"
            ),
        );
    }
    // A fragment counts only whole: what arrived of one whose client went away is not kept.
    crate::sessions::truncate(&session.blob, session.received);
    match body_to_file(request.into_body(), &session.blob, true).await {
        Ok(written) if written == length => session.received += written,
        _ => {
            crate::sessions::truncate(&session.blob, session.received);
            put_back(session);
            return api::error(
                StatusCode::BAD_REQUEST,
                "invalidRequest",
                "The fragment was cut off",
            );
        }
    }
    session.total = Some(total);
    if !last {
        let received = session.received;
        put_back(session);
        return (
            StatusCode::ACCEPTED,
            Json(json!({ "nextExpectedRanges": [format!("{received}-")] })),
        )
            .into_response();
    }
    let session = session.finish();
    install(
        graph,
        &session.parent,
        &session.name,
        session.blob,
        session.policy,
    )
}

/// Thumbnail sets for images; none for other files.
pub fn thumbnails(graph: &Graph, address: &Address) -> Response {
    let store = locked!(graph);
    let Some(node) = address.resolve(&store).and_then(|id| store.get(&id)) else {
        return not_found();
    };
    if node.is_folder || !crate::thumbnail::is_image(&node.name) {
        return Json(json!({ "value": [] })).into_response();
    }
    let size = |side: u32| json!({ "width": side, "height": side, "url": format!("{}/thumbnail/{}/{side}", graph.content_base(), node.id) });
    Json(json!({ "value": [{ "id": "0", "small": size(96), "medium": size(176), "large": size(800) }] })).into_response()
}

pub async fn thumbnail(
    State(graph): State<Arc<Graph>>,
    Path((id, side)): Path<(String, u32)>,
) -> Response {
    let blob = graph
        .store
        .lock()
        .ok()
        .and_then(|s| s.get(&id)?.blob.clone());
    match blob {
        Some(blob) => crate::thumbnail::serve(blob, side, crate::thumbnail::Format::Jpeg).await,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn monitor(Path(id): Path<String>) -> Response {
    Json(json!({ "status": "completed", "percentageComplete": 100.0, "resourceId": id }))
        .into_response()
}
