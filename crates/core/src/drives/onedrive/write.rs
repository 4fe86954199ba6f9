//! Uploads: a single PUT for small files, upload sessions in 10 MiB fragments
//! (a multiple of 320 KiB) for the rest. After a failed fragment the session's
//! own `nextExpectedRanges` says where to go on; the QuickXorHash computed
//! while sending is checked against OneDrive's.

use super::client::address;
use super::client::{Client, NAME};
use super::wire::{Item, SessionStatus, UploadSession};
use crate::drive::{ByteStream, Journal, Upload, UploadSession as DriveUploadSession};
use crate::drives::hashes::QuickXorHash;
use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::Writing;
use crate::drives::remote::deadline::{self, Pulse};
use crate::drives::remote::session as sessions;
use crate::drives::remote::transport_error;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, DriveItem, ItemId};
use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Fragments: 32 × 320 KiB.
pub const FRAGMENT: usize = 32 * 320 * 1024;
/// Files up to this size go in one request.
const SIMPLE_MAX: usize = 4 * 1024 * 1024;

fn behaviour(policy: ConflictPolicy) -> &'static str {
    match policy {
        ConflictPolicy::Rename => "rename",
        ConflictPolicy::Replace => "replace",
        ConflictPolicy::Fail => "fail",
    }
}

fn encode(name: &str) -> String {
    url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

async fn fill(body: &mut ByteStream, buffer: &mut BytesMut, want: usize) -> Result<()> {
    while buffer.len() < want {
        match body.next().await {
            Some(chunk) => buffer.extend_from_slice(&chunk?),
            None => break,
        }
    }
    Ok(())
}

/// Checks the QuickXorHash OneDrive computed against the one computed here.
fn verify(item: Item, hash: QuickXorHash) -> Result<DriveItem> {
    if item
        .quick_xor()
        .is_some_and(|remote| remote != hash.finish_base64())
    {
        return Err(Error::new(
            ErrorKind::Transient,
            format!(
                "OneDrive stored {} with different content than was sent (QuickXorHash mismatch)",
                item.name
            ),
        )
        .with_drive(NAME));
    }
    Ok(item.into_item())
}

/// The next fragment of the body, hashed on its way: what is left in
/// `buffer` first, then the body, in one allocation of exactly one fragment.
async fn next_fragment(
    body: &mut ByteStream,
    buffer: &mut BytesMut,
    hash: &mut QuickXorHash,
) -> Result<Bytes> {
    let mut fragment = BytesMut::with_capacity(FRAGMENT);
    fragment.extend_from_slice(&buffer.split_to(buffer.len().min(FRAGMENT)));
    while fragment.len() < FRAGMENT {
        let Some(chunk) = body.next().await else {
            break;
        };
        let chunk = chunk?;
        let room = FRAGMENT - fragment.len();
        fragment.extend_from_slice(&chunk[..room.min(chunk.len())]);
        if chunk.len() > room {
            buffer.extend_from_slice(&chunk[room..]);
        }
    }
    if fragment.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "The file ended before its announced size",
        )
        .with_drive(NAME));
    }
    hash.update(&fragment);
    Ok(fragment.freeze())
}

/// What a OneDrive upload session needs to go on after a restart.
#[derive(Serialize, Deserialize)]
struct SessionState {
    upload_url: String,
    total: u64,
}

/// The first byte the session still expects.
async fn next_expected(client: &Client, upload_url: &str) -> Result<u64> {
    // The upload URL carries its own authorization: no bearer token goes there.
    let response = client
        .retry
        .run(|| async {
            let asked = client.http.get(upload_url).timeout(deadline::metadata());
            match asked.send().await {
                Ok(r) if r.status().is_success() => Ok(r),
                Ok(r) => Err(super::client::parse_error(r).await),
                Err(e) => Err(crate::drives::remote::transport_error(NAME, e)),
            }
        })
        .await?;
    let status: SessionStatus = crate::drives::remote::reply::decode(response, NAME).await?;
    status
        .next_expected_ranges
        .first()
        .and_then(|r| r.split('-').next()?.parse::<u64>().ok())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Transient,
                "OneDrive did not say where its upload session stands",
            )
            .with_drive(NAME)
        })
}

/// PUTs `[offset, end)`, retried as the policy allows. A fragment that
/// landed before the line dropped (the session says so) counts as sent.
async fn send_fragment(
    client: &Client,
    upload_url: &str,
    fragment: &Bytes,
    offset: u64,
    end: u64,
    total: u64,
) -> Result<reqwest::Response> {
    let range = format!("bytes {offset}-{}/{total}", end - 1);
    client
        .retry
        .run(|| async {
            let pulse = Pulse::default();
            let put = client.http.put(upload_url).header("Content-Range", &range);
            let put = pulse.with_bytes(put, fragment.clone()).send();
            let put = async { put.await.map_err(|e| transport_error(NAME, e)) };
            match pulse.watch(NAME, put).await {
                Ok(r) if r.status().is_success() => Ok(r),
                Ok(r) => Err(super::client::parse_error(r).await),
                Err(e) => {
                    // Did the fragment land before the line dropped? The session knows.
                    let asked = client.http.get(upload_url).timeout(deadline::metadata());
                    let status: Option<SessionStatus> = match asked.send().await {
                        Ok(r) => r.json().await.ok(),
                        Err(_) => None,
                    };
                    let expected = status.and_then(|s| {
                        s.next_expected_ranges
                            .first()
                            .and_then(|r| r.split('-').next()?.parse::<u64>().ok())
                    });
                    match expected {
                        Some(next) if next == end && end < total => Err(Error::new(
                            ErrorKind::OffsetMismatch { expected: next },
                            "OneDrive has the fragment though its reply was lost",
                        )),
                        _ => Err(e),
                    }
                }
            }
        })
        .await
}

#[async_trait]
impl Writing for Client {
    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        let client = self;
        let mut body = upload.body;
        let mut buffer = BytesMut::new();
        let mut hash = QuickXorHash::new();
        fill(&mut body, &mut buffer, SIMPLE_MAX + 1).await?;
        let target = format!("{}:/{}:", address(folder), encode(&upload.name));
        let item: Item = if buffer.len() <= SIMPLE_MAX {
            let bytes = buffer.split().freeze();
            hash.update(&bytes);
            let url = client.url(&format!(
                "{target}/content?@microsoft.graph.conflictBehavior={}",
                behaviour(upload.on_conflict)
            ));
            client
                .json(|http| http.put(&url).body(bytes.clone()))
                .await?
        } else {
            let total = upload.size.ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    "OneDrive needs the size of a large file before uploading it",
                )
            })?;
            let session = client
                .start(folder, &upload.name, total, upload.on_conflict)
                .await?;
            let whole = futures::stream::iter([Ok(buffer.split().freeze())]).chain(body);
            return client.resume(session, whole.boxed(), &|_| Ok(())).await;
        };
        verify(item, hash)
    }

    /// Opens an upload session (`createUploadSession`) for `total` bytes.
    async fn start(
        &self,
        folder: &ItemId,
        name: &str,
        total: u64,
        policy: ConflictPolicy,
    ) -> Result<DriveUploadSession> {
        let client = self;
        let target = format!("{}:/{}:", address(folder), encode(name));
        let arg = json!({ "item": { "@microsoft.graph.conflictBehavior": behaviour(policy) } });
        let url = client.url(&format!("{target}/createUploadSession"));
        let session: UploadSession = client.json(|http| http.post(&url).json(&arg)).await?;
        let state = SessionState {
            upload_url: session.upload_url,
            total,
        };
        sessions::opened(state)
    }

    /// Sends the rest of `body` (the whole file) from where the session stands
    /// (its `nextExpectedRanges`), fragment by fragment, journaling each.
    async fn resume(
        &self,
        mut session: DriveUploadSession,
        mut body: ByteStream,
        journal: Journal<'_>,
    ) -> Result<DriveItem> {
        let client = self;
        let state: SessionState = sessions::state_of(&session, NAME)?;
        let total = state.total;
        let mut offset = next_expected(client, &state.upload_url).await?;
        session.confirmed = offset;
        journal(&session)?;
        let mut hash = QuickXorHash::new();
        let mut buffer = BytesMut::new();
        let mut feed = |bytes: &[u8]| hash.update(bytes);
        sessions::skip(&mut body, &mut buffer, offset, &mut feed, NAME).await?;
        let mut fragment = next_fragment(&mut body, &mut buffer, &mut hash).await?;
        let item: Item = loop {
            let end = offset + fragment.len() as u64;
            if end >= total {
                sessions::ended(&mut body, &buffer, NAME).await?;
                let send = send_fragment(client, &state.upload_url, &fragment, offset, end, total);
                break crate::drives::remote::reply::decode::<Item>(send.await?, NAME).await?;
            }
            // While this fragment travels, the next one is read and hashed.
            let send = send_fragment(client, &state.upload_url, &fragment, offset, end, total);
            let (sent, next) =
                futures::join!(send, next_fragment(&mut body, &mut buffer, &mut hash));
            match sent {
                Ok(_) => {}
                // The reply was lost, but the fragment landed.
                Err(err) if err.kind() == (ErrorKind::OffsetMismatch { expected: end }) => {}
                Err(err) => return Err(err),
            }
            session.confirmed = end;
            journal(&session)?;
            fragment = next?;
            offset = end;
        };
        verify(item, hash)
    }
}
