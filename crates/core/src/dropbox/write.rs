//! Uploads: one request for small files, upload sessions in 8 MiB chunks for
//! the rest. Each chunk is held until Dropbox confirms it, so a cut resends
//! less than one chunk; the content_hash computed while sending is checked
//! against Dropbox's.

use super::api::{Metadata, UploadSessionStartResult};
use super::client::{Client, NAME};
use crate::drive::{ByteStream, Upload};
use crate::error::{Error, ErrorKind, Result};
use crate::hashes::{HashKind, Hasher};
use crate::item::{ConflictPolicy, DriveItem};
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use serde_json::{json, Value};

/// Session chunks; also the largest file sent in a single request.
pub const CHUNK: usize = 8 * 1024 * 1024;

fn commit(path: &str, policy: ConflictPolicy) -> Value {
    match policy {
        ConflictPolicy::Rename => json!({ "path": path, "mode": "add", "autorename": true }),
        ConflictPolicy::Replace => {
            json!({ "path": path, "mode": "overwrite", "autorename": false })
        }
        ConflictPolicy::Fail => json!({ "path": path, "mode": "add", "autorename": false }),
    }
}

/// Reads up to `CHUNK` bytes from `body`; an empty result means the end.
async fn next_chunk(body: &mut ByteStream, carry: &mut BytesMut) -> Result<Bytes> {
    while carry.len() < CHUNK {
        match body.next().await {
            Some(chunk) => carry.extend_from_slice(&chunk?),
            None => break,
        }
    }
    let take = carry.len().min(CHUNK);
    Ok(carry.split_to(take).freeze())
}

pub async fn write(client: &Client, folder_path: &str, upload: Upload) -> Result<DriveItem> {
    let path = format!("{}/{}", folder_path.trim_end_matches('/'), upload.name);
    let mut body = upload.body;
    let mut carry = BytesMut::new();
    let mut hasher = Hasher::new(HashKind::DropboxContent);
    let first = next_chunk(&mut body, &mut carry).await?;
    hasher.update(&first);
    let metadata: Metadata = if first.len() < CHUNK {
        let arg = commit(&path, upload.on_conflict);
        client
            .retry
            .run(|| client.content_upload("files/upload", &arg, first.clone()))
            .await?
    } else {
        session(
            client,
            &mut body,
            &mut carry,
            &mut hasher,
            first,
            commit(&path, upload.on_conflict),
        )
        .await?
    };
    verify(metadata, hasher.finish())
}

async fn session(
    client: &Client,
    body: &mut ByteStream,
    carry: &mut BytesMut,
    hasher: &mut Hasher,
    first: Bytes,
    commit: Value,
) -> Result<Metadata> {
    let empty = json!({});
    let started: UploadSessionStartResult = client
        .retry
        .run(|| client.content_upload("files/upload_session/start", &empty, first.clone()))
        .await?;
    let mut offset = first.len() as u64;
    loop {
        let chunk = next_chunk(body, carry).await?;
        hasher.update(&chunk);
        let last = chunk.len() < CHUNK;
        let cursor = json!({ "session_id": started.session_id, "offset": offset });
        if last {
            let arg = json!({ "cursor": cursor, "commit": commit });
            return send_at(client, "files/upload_session/finish", arg, chunk, offset).await;
        }
        let arg = json!({ "cursor": cursor });
        let _: Value = send_at(
            client,
            "files/upload_session/append_v2",
            arg,
            chunk.clone(),
            offset,
        )
        .await?;
        offset += chunk.len() as u64;
    }
}

/// Sends one chunk at `offset`, retrying it whole. When Dropbox says the
/// offset is wrong because an earlier attempt did land, that counts as sent.
async fn send_at<T: serde::de::DeserializeOwned>(
    client: &Client,
    route: &str,
    arg: Value,
    chunk: Bytes,
    offset: u64,
) -> Result<T> {
    let result = client
        .retry
        .run(|| client.content_upload::<T>(route, &arg, chunk.clone()))
        .await;
    match result {
        Err(err) if err.message().starts_with("incorrect_offset:") => {
            let correct: u64 = err
                .message()
                .trim_start_matches("incorrect_offset:")
                .parse()
                .unwrap_or(0);
            if correct == offset + chunk.len() as u64 && route.ends_with("append_v2") {
                serde_json::from_value(Value::Null)
                    .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))
            } else {
                Err(Error::new(
                    ErrorKind::Transient,
                    format!("Dropbox expected byte {correct} but Cloudpick was at {offset}"),
                )
                .with_drive(NAME))
            }
        }
        other => other,
    }
}

/// Checks the content_hash Dropbox computed against the one computed here.
fn verify(metadata: Metadata, local: String) -> Result<DriveItem> {
    if let Metadata::File(file) = &metadata {
        if file
            .content_hash
            .as_deref()
            .is_some_and(|remote| remote != local)
        {
            return Err(Error::new(
                ErrorKind::Transient,
                format!("Dropbox stored {} with different content than was sent (content_hash mismatch)", file.name),
            )
            .with_drive(NAME));
        }
    }
    metadata
        .into_item()
        .ok_or_else(|| Error::new(ErrorKind::Io, "Dropbox reported the upload as deleted"))
}
