//! Uploads: one request for small files, upload sessions in 8 MiB chunks for
//! the rest. Each chunk is held until Dropbox confirms it, so a cut resends
//! less than one chunk; the content_hash computed while sending is checked
//! against Dropbox's.

use super::client::{Client, NAME};
use super::wire::{Metadata, UploadSessionStartResult};
use crate::drive::{ByteStream, Journal, Upload, UploadSession};
use crate::drives::hashes::{HashKind, Hasher};
use crate::drives::remote::cloud::Listing;
use crate::drives::remote::cloud::Writing;
use crate::drives::remote::session as sessions;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, DriveItem, ItemId};
use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
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

async fn upload_to(client: &Client, folder_path: &str, upload: Upload) -> Result<DriveItem> {
    let mut body = upload.body;
    let mut carry = BytesMut::new();
    let first = next_chunk(&mut body, &mut carry).await?;
    if first.len() < CHUNK {
        let mut hasher = Hasher::new(HashKind::DropboxContent);
        hasher.update(&first);
        let arg = commit(&path_in(folder_path, &upload.name), upload.on_conflict);
        let metadata: Metadata = client
            .retry
            .run(|| client.content_upload("files/upload", &arg, first.clone()))
            .await?;
        return verify(metadata, hasher.finish());
    }
    let session = open_session(client, folder_path, &upload.name, upload.on_conflict).await?;
    let rest = futures::stream::iter([Ok(first), Ok(carry.freeze())]).chain(body);
    client.resume(session, rest.boxed(), &|_| Ok(())).await
}

fn path_in(folder_path: &str, name: &str) -> String {
    format!("{}/{name}", folder_path.trim_end_matches('/'))
}

/// What a Dropbox upload session needs to go on after a restart.
#[derive(Serialize, Deserialize)]
struct SessionState {
    session_id: String,
    commit: Value,
}

/// Opens an upload session with no bytes yet.
async fn open_session(
    client: &Client,
    folder_path: &str,
    name: &str,
    policy: ConflictPolicy,
) -> Result<UploadSession> {
    let empty = json!({});
    let started: UploadSessionStartResult = client
        .retry
        .run(|| client.content_upload("files/upload_session/start", &empty, Bytes::new()))
        .await?;
    let state = SessionState {
        session_id: started.session_id,
        commit: commit(&path_in(folder_path, name), policy),
    };
    sessions::opened(state)
}

/// Where the session stands: an empty append at `journaled` is accepted
/// when that is right, and answered with the right offset when not.
async fn server_offset(client: &Client, session_id: &str, journaled: u64) -> Result<u64> {
    let arg = json!({ "cursor": { "session_id": session_id, "offset": journaled } });
    let probe = client
        .retry
        .run(|| {
            client.content_upload::<Value>("files/upload_session/append_v2", &arg, Bytes::new())
        })
        .await;
    match probe {
        Ok(_) => Ok(journaled),
        Err(err) => match err.kind() {
            ErrorKind::OffsetMismatch { expected } => Ok(expected),
            ErrorKind::NotFound => Err(Error::new(
                ErrorKind::NotFound,
                "Dropbox no longer has this upload session (they last a week); the file will be sent again",
            )
            .with_drive(NAME)),
            _ => Err(err),
        },
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
        Err(err) if matches!(err.kind(), ErrorKind::OffsetMismatch { .. }) => {
            let ErrorKind::OffsetMismatch { expected: correct } = err.kind() else {
                return Err(err);
            };
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

/// The path of `folder` (`""` for the root), which Dropbox's uploads name.
pub async fn folder_path(client: &Client, folder: &ItemId) -> Result<String> {
    if folder.as_str().is_empty() {
        Ok(String::new())
    } else {
        Ok(client.stat(folder).await?.display_path)
    }
}

#[async_trait]
impl Writing for Client {
    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        upload_to(self, &folder_path(self, folder).await?, upload).await
    }

    async fn start(
        &self,
        folder: &ItemId,
        name: &str,
        _size: u64,
        on_conflict: ConflictPolicy,
    ) -> Result<UploadSession> {
        open_session(self, &folder_path(self, folder).await?, name, on_conflict).await
    }

    /// Sends the rest of `body` (the whole file) from where Dropbox stands, in
    /// 8 MiB chunks, journaling each; the last one finishes the session.
    async fn resume(
        &self,
        mut session: UploadSession,
        mut body: ByteStream,
        journal: Journal<'_>,
    ) -> Result<DriveItem> {
        let client = self;
        let state: SessionState = sessions::state_of(&session, NAME)?;
        session.confirmed = server_offset(client, &state.session_id, session.confirmed).await?;
        journal(&session)?;
        let mut hasher = Hasher::new(HashKind::DropboxContent);
        let mut carry = BytesMut::new();
        let mut feed = |bytes: &[u8]| hasher.update(bytes);
        sessions::skip(&mut body, &mut carry, session.confirmed, &mut feed, NAME).await?;
        let mut offset = session.confirmed;
        loop {
            let chunk = next_chunk(&mut body, &mut carry).await?;
            hasher.update(&chunk);
            let cursor = json!({ "session_id": state.session_id, "offset": offset });
            if chunk.len() < CHUNK {
                let arg = json!({ "cursor": cursor, "commit": state.commit });
                let metadata =
                    send_at(client, "files/upload_session/finish", arg, chunk, offset).await?;
                return verify(metadata, hasher.finish());
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
            session.confirmed = offset;
            journal(&session)?;
        }
    }
}
