//! Uploads: one multipart request (attributes, then the file, with its SHA-1
//! in `Content-MD5`) under 20 MB, chunked sessions above, each part with its
//! SHA-1 `Digest`, committed with the whole file's. A taken name is renamed,
//! replaced with a new version, or refused, as the policy says.

use super::client::{conflicting_id, Client, NAME};
use super::wire::{split, Files, Item, UploadSession};
use crate::drive::{ByteStream, Journal, Upload, UploadSession as DriveUploadSession};
use crate::drives::remote::bearer::{self, Bearer};
use crate::drives::remote::cloud::Writing;
use crate::drives::remote::deadline::Pulse;
use crate::drives::remote::session as sessions;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, DriveItem, ItemId};
use async_trait::async_trait;
use base64::Engine;
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha1::{Digest, Sha1};
use std::time::Duration;

/// Box takes files of this size and more only in sessions.
pub const SESSION_MIN: u64 = 20_000_000;
/// How many ` (n)` names to try.
const RENAMES: u32 = 100;

fn b64(digest: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(digest)
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

async fn read_up_to(body: &mut ByteStream, buffer: &mut BytesMut, want: usize) -> Result<()> {
    while buffer.len() < want {
        match body.next().await {
            Some(chunk) => buffer.extend_from_slice(&chunk?),
            None => break,
        }
    }
    Ok(())
}

/// What a Box upload session needs to go on after a restart.
#[derive(Serialize, Deserialize)]
struct SessionState {
    upload_part: String,
    commit: String,
    list_parts: String,
    part_size: u64,
    size: u64,
}

fn taken(name: &str) -> Error {
    Error::new(
        ErrorKind::Conflict,
        format!("\"{name}\" already exists in that Box folder"),
    )
    .with_drive(NAME)
}

async fn small(
    client: &Client,
    folder_id: &str,
    name: &str,
    bytes: Bytes,
    policy: ConflictPolicy,
) -> Result<DriveItem> {
    let sha1 = hex(&Sha1::digest(&bytes));
    let send = |url: String, attributes: Option<Value>| {
        let bytes = bytes.clone();
        let sha1 = sha1.clone();
        let file_name = name.to_owned();
        async move {
            client
                .json::<Files>(|http| {
                    let mut form = reqwest::multipart::Form::new();
                    if let Some(a) = &attributes {
                        form = form.text("attributes", a.to_string());
                    }
                    let part = reqwest::multipart::Part::bytes(bytes.to_vec())
                        .file_name(file_name.clone());
                    http.post(&url)
                        .header("Content-MD5", &sha1)
                        .multipart(form.part("file", part))
                })
                .await
        }
    };
    let mut attempt = 0;
    let mut current = name.to_owned();
    loop {
        let attributes = json!({ "name": current, "parent": { "id": folder_id } });
        match send(client.upload("/files/content"), Some(attributes)).await {
            Ok(files) => return finish(files, &sha1),
            Err(err) if err.kind() == ErrorKind::Conflict => match (policy, conflicting_id(&err)) {
                (ConflictPolicy::Replace, Some(existing)) => {
                    let files =
                        send(client.upload(&format!("/files/{existing}/content")), None).await?;
                    return finish(files, &sha1);
                }
                (ConflictPolicy::Rename, _) if attempt < RENAMES => {
                    attempt += 1;
                    current = crate::names::numbered(name, attempt);
                }
                _ => return Err(taken(name)),
            },
            Err(err) => return Err(err),
        }
    }
}

/// Checks Box's SHA-1 against the one computed here.
fn finish(files: Files, sha1: &str) -> Result<DriveItem> {
    let item: Item = files
        .entries
        .into_iter()
        .next()
        .ok_or_else(|| Error::new(ErrorKind::Io, "Box did not return the uploaded file"))?;
    if item
        .sha1
        .as_deref()
        .is_some_and(|remote| !remote.eq_ignore_ascii_case(sha1))
    {
        return Err(Error::new(
            ErrorKind::Transient,
            "Box stored different content than was sent (SHA-1 mismatch)",
        )
        .with_drive(NAME));
    }
    Ok(item.into_item())
}

/// The parts Box has, in order, and how many bytes from the start they cover.
async fn uploaded_parts(client: &Client, list_parts: &str) -> Result<(Vec<Value>, u64)> {
    let listed: Value = client.json(|http| http.get(list_parts)).await?;
    let mut parts: Vec<Value> = listed["entries"].as_array().cloned().unwrap_or_default();
    parts.sort_by_key(|p| p["offset"].as_u64().unwrap_or(u64::MAX));
    let mut covered = 0u64;
    let mut kept = Vec::new();
    for part in parts {
        if part["offset"].as_u64() != Some(covered) {
            break;
        }
        covered += part["size"].as_u64().unwrap_or(0);
        kept.push(part);
    }
    Ok((kept, covered))
}

async fn commit(client: &Client, url: &str, parts: Vec<Value>, sha1: &[u8]) -> Result<DriveItem> {
    let commit = json!({ "parts": parts });
    for _ in 0..60 {
        let response = client
            .retry
            .run(|| {
                client.send(|http| {
                    http.post(url)
                        .header("Digest", format!("sha={}", b64(sha1)))
                        .json(&commit)
                })
            })
            .await?;
        if response.status() == reqwest::StatusCode::ACCEPTED {
            // Box is still putting the parts together.
            let wait = crate::drives::remote::retry::retry_after(response.headers())
                .unwrap_or(Duration::from_secs(1));
            tokio::time::sleep(wait).await;
            continue;
        }
        let files: Files = crate::drives::remote::reply::decode(response, NAME).await?;
        return finish(files, &hex(sha1));
    }
    Err(Error::new(
        ErrorKind::Transient,
        "Box took too long to assemble the upload; try again",
    )
    .with_drive(NAME))
}

#[async_trait]
impl Writing for Client {
    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        let client = self;
        let (_, folder_id) = split(folder);
        let mut body = upload.body;
        let mut buffer = BytesMut::new();
        read_up_to(&mut body, &mut buffer, SESSION_MIN as usize).await?;
        if (buffer.len() as u64) < SESSION_MIN {
            let bytes = buffer.freeze();
            return small(client, folder_id, &upload.name, bytes, upload.on_conflict).await;
        }
        let size = upload.size.ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                "Box needs the size of a large file before uploading it",
            )
        })?;
        let session = client
            .start(folder, &upload.name, size, upload.on_conflict)
            .await?;
        let whole = futures::stream::iter([Ok(buffer.freeze())]).chain(body);
        client.resume(session, whole.boxed(), &|_| Ok(())).await
    }

    /// Opens a chunked upload session for `size` bytes; a taken name is
    /// renamed, replaced with a new version, or refused, as `policy` says.
    async fn start(
        &self,
        folder: &ItemId,
        name: &str,
        size: u64,
        policy: ConflictPolicy,
    ) -> Result<DriveUploadSession> {
        let client = self;
        let (_, folder_id) = split(folder);
        let mut current = name.to_owned();
        let mut attempt = 0;
        let session: UploadSession = loop {
            let created = client
                .json(|http| {
                    http.post(client.upload("/files/upload_sessions")).json(
                        &json!({ "folder_id": folder_id, "file_size": size, "file_name": current }),
                    )
                })
                .await;
            match created {
                Ok(session) => break session,
                Err(err) if err.kind() == ErrorKind::Conflict => {
                    match (policy, conflicting_id(&err)) {
                        (ConflictPolicy::Replace, Some(existing)) => {
                            break client
                                .json(|http| {
                                    http.post(
                                        client
                                            .upload(&format!("/files/{existing}/upload_sessions")),
                                    )
                                    .json(&json!({ "file_size": size }))
                                })
                                .await?;
                        }
                        (ConflictPolicy::Rename, _) if attempt < RENAMES => {
                            attempt += 1;
                            current = crate::names::numbered(name, attempt);
                        }
                        _ => return Err(taken(name)),
                    }
                }
                Err(err) => return Err(err),
            }
        };
        let state = SessionState {
            upload_part: session.session_endpoints.upload_part,
            commit: session.session_endpoints.commit,
            list_parts: session.session_endpoints.list_parts,
            part_size: session.part_size,
            size,
        };
        sessions::opened(state)
    }

    /// Sends the rest of `body` (the whole file) part by part from where the
    /// session stands (its list of parts), journaling each, then commits with
    /// the whole file's SHA-1.
    async fn resume(
        &self,
        mut session: DriveUploadSession,
        mut body: ByteStream,
        journal: Journal<'_>,
    ) -> Result<DriveItem> {
        let client = self;
        let state: SessionState = sessions::state_of(&session, NAME)?;
        let (mut parts, mut offset) = uploaded_parts(client, &state.list_parts).await?;
        session.confirmed = offset;
        journal(&session)?;
        let part_size = state.part_size as usize;
        let size = state.size;
        let mut whole = Sha1::new();
        let mut buffer = BytesMut::new();
        let mut feed = |bytes: &[u8]| whole.update(bytes);
        sessions::skip(&mut body, &mut buffer, offset, &mut feed, NAME).await?;
        while offset < size {
            read_up_to(&mut body, &mut buffer, part_size).await?;
            let part: Bytes = buffer.split_to(buffer.len().min(part_size)).freeze();
            if part.is_empty() {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    "The file ended before its announced size",
                )
                .with_drive(NAME));
            }
            if offset + part.len() as u64 >= size {
                sessions::ended(&mut body, &buffer, NAME).await?;
            }
            whole.update(&part);
            let digest = Sha1::digest(&part);
            let range = format!("bytes {offset}-{}/{size}", offset + part.len() as u64 - 1);
            // A part is idempotent: the same bytes at the same offset may be sent again.
            // No deadline in all: the part may go up slowly, but not stall.
            let pulse = Pulse::default();
            let send = || {
                client.send_upload(&pulse, |http| {
                    let put = http
                        .put(&state.upload_part)
                        .header("Digest", format!("sha={}", b64(&digest)))
                        .header("Content-Range", &range);
                    pulse.with_bytes(put, part.clone())
                })
            };
            let uploaded: Value = bearer::json(&client.retry, NAME, send).await?;
            parts.push(uploaded["part"].clone());
            offset += part.len() as u64;
            session.confirmed = offset;
            // The parts go in the journal too; after a restart Box's own list is asked first.
            session.state["parts"] = Value::Array(parts.clone());
            journal(&session)?;
        }
        commit(client, &state.commit, parts, &whole.finalize()).await
    }
}
