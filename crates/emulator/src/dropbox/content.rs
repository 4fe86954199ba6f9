//! Content routes: download with `Range`, simple upload, and upload sessions
//! with Dropbox's offset rules.

use super::errors::{self, json_response};
use super::{api, parent_for_write, resolve, Dropbox};
use crate::hashes::HashKind;
use crate::http::{body_to_file_hashed, serve_blob};
use crate::store::{OnConflict, RenameStyle, StoreError};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// The most one `files/upload` request may carry.
const MAX_SIMPLE_UPLOAD: u64 = 150 * 1024 * 1024;

pub struct UploadSession {
    blob: PathBuf,
    offset: u64,
    closed: bool,
}

/// The `Dropbox-API-Arg` header, parsed.
fn arg<T: DeserializeOwned>(route: &str, headers: &HeaderMap) -> Result<T, Response> {
    let raw = headers
        .get("Dropbox-API-Arg")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            errors::bad_input(
                route,
                "Must provide HTTP header \"Dropbox-API-Arg\" or URL parameter \"arg\".",
            )
        })?;
    serde_json::from_str(raw)
        .map_err(|e| errors::bad_input(route, &format!("HTTP header \"Dropbox-API-Arg\": {e}")))
}

/// JSON for a header: non-ASCII characters escaped as `\uXXXX`, as Dropbox sends it.
pub(super) fn header_json(value: &Value) -> HeaderValue {
    let mut out = String::new();
    for c in value.to_string().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    HeaderValue::from_str(&out).unwrap_or_else(|_| HeaderValue::from_static("{}"))
}

#[derive(Deserialize)]
struct PathArg {
    path: String,
}

pub async fn download(State(db): State<Arc<Dropbox>>, headers: HeaderMap) -> Response {
    authorized!(db, headers);
    let a: PathArg = match arg("files/download", &headers) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let (blob, metadata) = {
        let Ok(store) = db.store.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        match resolve(&store, &a.path) {
            None => return errors::not_found("path"),
            Some(n) if n.is_folder => {
                return errors::route_error(errors::lookup("not_file", "path"))
            }
            Some(n) => (n.blob.clone(), api::metadata(&store, n)),
        }
    };
    let Some(blob) = blob else {
        return errors::not_found("path");
    };
    let mut extra = HeaderMap::new();
    extra.insert("Dropbox-API-Result", header_json(&metadata));
    serve_blob(&blob, &headers, extra).await
}

#[derive(Deserialize)]
struct CommitInfo {
    path: String,
    #[serde(default)]
    mode: Option<Value>,
    #[serde(default)]
    autorename: bool,
}

impl CommitInfo {
    fn policy(&self) -> OnConflict {
        let tag = match &self.mode {
            Some(Value::String(s)) => s.as_str(),
            Some(Value::Object(o)) => o.get(".tag").and_then(Value::as_str).unwrap_or("add"),
            _ => "add",
        };
        match (tag, self.autorename) {
            ("overwrite", _) => OnConflict::Replace,
            (_, true) => OnConflict::Rename(RenameStyle::Parenthesised),
            _ => OnConflict::Fail,
        }
    }
}

/// `content_hash` (`Sha256HexHash`): the content hash of the bytes this call
/// carries. Checked against them when given.
#[derive(Deserialize)]
struct CallHash {
    #[serde(default)]
    content_hash: Option<String>,
}

impl CallHash {
    /// 400 for a value that cannot be a `Sha256HexHash` (64 hex characters).
    fn checked(self, route: &str) -> Result<Option<String>, Response> {
        match self.content_hash {
            Some(hash) if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Err(errors::bad_input(
                    route,
                    &format!("HTTP header \"Dropbox-API-Arg\": content_hash: '{hash}' is not a 64-character hex SHA-256"),
                ))
            }
            other => Ok(other.map(|h| h.to_ascii_lowercase())),
        }
    }
}

/// The content hash to compute while a body is written: only when the client sent one.
fn hash_kind(expected: &Option<String>) -> Option<HashKind> {
    expected.as_ref().map(|_| HashKind::DropboxContent)
}

#[derive(Deserialize)]
struct UploadArg {
    #[serde(flatten)]
    commit: CommitInfo,
    #[serde(flatten)]
    hash: CallHash,
}

pub async fn upload(State(db): State<Arc<Dropbox>>, headers: HeaderMap, body: Body) -> Response {
    authorized!(db, headers);
    let route = "files/upload";
    let UploadArg { commit, hash } = match arg(route, &headers) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let expected = match hash.checked(route) {
        Ok(expected) => expected,
        Err(e) => return e,
    };
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_SIMPLE_UPLOAD) {
        return errors::route_error(json!({ ".tag": "payload_too_large" }));
    }
    let blob = match db.store.lock() {
        Ok(mut s) => s.new_blob_path(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let Ok((_, got)) = body_to_file_hashed(body, &blob, false, hash_kind(&expected)).await else {
        let _ = tokio::fs::remove_file(&blob).await;
        return StatusCode::BAD_REQUEST.into_response();
    };
    if expected.is_some() && got != expected {
        let _ = tokio::fs::remove_file(&blob).await;
        return errors::route_error(json!({ ".tag": "content_hash_mismatch" }));
    }
    // What the client's content_hash named is now known to be the file's.
    commit_blob(&db, blob, &commit, true, got)
}

/// Files a finished upload. `files/upload` wraps the `WriteError` in
/// `UploadWriteFailed {reason, upload_session_id}`, inline; `upload_session/finish` does not.
/// `content_hash`, when the whole file's is already known, is kept for replies.
fn commit_blob(
    db: &Dropbox,
    blob: PathBuf,
    commit: &CommitInfo,
    wrapped: bool,
    content_hash: Option<String>,
) -> Response {
    // A struct member of a union sits inline beside its `.tag`; a union member
    // goes under the tag's name.
    let write_error = |reason: Value| {
        if wrapped {
            errors::route_error(
                json!({ ".tag": "path", "reason": reason, "upload_session_id": "" }),
            )
        } else {
            errors::route_error(json!({ ".tag": "path", "path": reason }))
        }
    };
    let mut store = locked!(db);
    let Some((parent, name)) = parent_for_write(&mut store, &commit.path) else {
        let _ = std::fs::remove_file(&blob);
        return write_error(json!({ ".tag": "malformed_path" }));
    };
    match store.install_file(&parent, &name, blob, commit.policy()) {
        Ok(id) => match content_hash
            .map_or(&*store, |hash| {
                store.know_hash(&id, HashKind::DropboxContent, hash)
            })
            .get(&id)
            .cloned()
        {
            Some(node) => json_response(StatusCode::OK, api::metadata(&store, &node)),
            None => errors::not_found("path"),
        },
        Err(StoreError::NameTaken(_)) => {
            write_error(json!({ ".tag": "conflict", "conflict": { ".tag": "file" } }))
        }
        Err(StoreError::QuotaExceeded) => write_error(json!({ ".tag": "insufficient_space" })),
        Err(_) => write_error(json!({ ".tag": "malformed_path" })),
    }
}

#[derive(Deserialize)]
struct StartArg {
    #[serde(default)]
    close: bool,
    #[serde(flatten)]
    hash: CallHash,
}

pub async fn session_start(
    State(db): State<Arc<Dropbox>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    authorized!(db, headers);
    let route = "files/upload_session/start";
    let a: StartArg = match arg(route, &headers) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let expected = match a.hash.checked(route) {
        Ok(expected) => expected,
        Err(e) => return e,
    };
    let blob = match db.store.lock() {
        Ok(mut s) => s.new_blob_path(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let Ok((written, got)) = body_to_file_hashed(body, &blob, false, hash_kind(&expected)).await
    else {
        let _ = tokio::fs::remove_file(&blob).await;
        return StatusCode::BAD_REQUEST.into_response();
    };
    if expected.is_some() && got != expected {
        let _ = tokio::fs::remove_file(&blob).await;
        return errors::route_error(json!({ ".tag": "content_hash_mismatch" }));
    }
    let id = format!("pid_upload_session:{}", crate::oauth::random_token(""));
    {
        db.sessions.insert(
            id.clone(),
            UploadSession {
                blob,
                offset: written,
                closed: a.close,
            },
        );
    }
    json_response(StatusCode::OK, json!({ "session_id": id }))
}

#[derive(Deserialize)]
struct SessionCursor {
    session_id: String,
    offset: u64,
}

#[derive(Deserialize)]
struct AppendArg {
    cursor: SessionCursor,
    #[serde(default)]
    close: bool,
    #[serde(flatten)]
    hash: CallHash,
}

pub async fn session_append(
    State(db): State<Arc<Dropbox>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    authorized!(db, headers);
    let route = "files/upload_session/append_v2";
    let a: AppendArg = match arg(route, &headers) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let expected = match a.hash.checked(route) {
        Ok(expected) => expected,
        Err(e) => return e,
    };
    match append(&db, &a.cursor, body, expected, errors::route_error).await {
        Ok(mut session) => {
            session.closed |= a.close;
            drop(session);
            json_response(StatusCode::OK, Value::Null)
        }
        Err(response) => response,
    }
}

/// Appends a body at the cursor's offset, which must be where the session stands.
/// A body cut off mid-way, or one whose content hash is not `expected`, is
/// rolled back, so the offset stays what it was. `lookup_error` wraps an
/// `UploadSessionLookupError` as the route's error union has it.
async fn append<'a>(
    db: &'a Dropbox,
    cursor: &SessionCursor,
    body: Body,
    expected: Option<String>,
    lookup_error: fn(Value) -> Response,
) -> Result<crate::sessions::Held<'a, UploadSession>, Response> {
    let Some(mut session) = db.sessions.take(&cursor.session_id).await else {
        return Err(lookup_error(json!({ ".tag": "not_found" })));
    };
    let put_back = drop::<crate::sessions::Held<'_, UploadSession>>;
    if session.closed {
        put_back(session);
        return Err(lookup_error(json!({ ".tag": "closed" })));
    }
    if cursor.offset != session.offset {
        let correct = session.offset;
        put_back(session);
        return Err(lookup_error(
            json!({ ".tag": "incorrect_offset", "correct_offset": correct }),
        ));
    }
    // Bytes of an append whose client went away mid-way are not the session's.
    crate::sessions::truncate(&session.blob, session.offset);
    match body_to_file_hashed(body, &session.blob, true, hash_kind(&expected)).await {
        Ok((_, got)) if expected.is_some() && got != expected => {
            crate::sessions::truncate(&session.blob, session.offset);
            put_back(session);
            Err(errors::route_error(
                json!({ ".tag": "content_hash_mismatch" }),
            ))
        }
        Ok((written, _)) => {
            session.offset += written;
            Ok(session)
        }
        Err(_) => {
            crate::sessions::truncate(&session.blob, session.offset);
            put_back(session);
            Err(StatusCode::BAD_REQUEST.into_response())
        }
    }
}

#[derive(Deserialize)]
struct FinishArg {
    cursor: SessionCursor,
    commit: CommitInfo,
    #[serde(flatten)]
    hash: CallHash,
}

/// `UploadSessionFinishError.lookup_failed`: the lookup error one level down.
fn finish_lookup_error(lookup: Value) -> Response {
    errors::route_error(json!({ ".tag": "lookup_failed", "lookup_failed": lookup }))
}

pub async fn session_finish(
    State(db): State<Arc<Dropbox>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    authorized!(db, headers);
    let route = "files/upload_session/finish";
    let a: FinishArg = match arg(route, &headers) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let expected = match a.hash.checked(route) {
        Ok(expected) => expected,
        Err(e) => return e,
    };
    let session = match append(&db, &a.cursor, body, expected, finish_lookup_error).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let session = session.finish();
    commit_blob(&db, session.blob, &a.commit, false, None)
}
