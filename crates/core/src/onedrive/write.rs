//! Uploads: a single PUT for small files, upload sessions in 10 MiB fragments
//! (a multiple of 320 KiB) for the rest. After a failed fragment the session's
//! own `nextExpectedRanges` says where to go on; the QuickXorHash computed
//! while sending is checked against OneDrive's.

use super::address;
use super::api::{Item, SessionStatus, UploadSession};
use super::client::{Client, NAME};
use crate::drive::{ByteStream, Upload};
use crate::error::{Error, ErrorKind, Result};
use crate::hashes::QuickXorHash;
use crate::item::{ConflictPolicy, DriveItem, ItemId};
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
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

pub async fn write(client: &Client, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
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
        let arg = json!({ "item": { "@microsoft.graph.conflictBehavior": behaviour(upload.on_conflict) } });
        let url = client.url(&format!("{target}/createUploadSession"));
        let session: UploadSession = client.json(|http| http.post(&url).json(&arg)).await?;
        session_upload(
            client,
            &session.upload_url,
            &mut body,
            &mut buffer,
            &mut hash,
            total,
        )
        .await?
    };
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

async fn session_upload(
    client: &Client,
    upload_url: &str,
    body: &mut ByteStream,
    buffer: &mut BytesMut,
    hash: &mut QuickXorHash,
    total: u64,
) -> Result<Item> {
    let mut offset = 0u64;
    loop {
        fill(body, buffer, FRAGMENT).await?;
        let fragment: Bytes = buffer.split_to(buffer.len().min(FRAGMENT)).freeze();
        if fragment.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "The file ended before its announced size",
            )
            .with_drive(NAME));
        }
        hash.update(&fragment);
        let end = offset + fragment.len() as u64;
        let range = format!("bytes {offset}-{}/{total}", end - 1);
        let sent = client
            .retry
            .run(|| async {
                let put = client
                    .http
                    .put(upload_url)
                    .header("Content-Range", &range)
                    .body(fragment.clone())
                    .send()
                    .await;
                match put {
                    Ok(r) if r.status().is_success() => Ok(r),
                    Ok(r) => Err(super::client::parse_error(r).await),
                    Err(e) => {
                        // Did the fragment land before the line dropped? The session knows.
                        let status: Option<SessionStatus> =
                            match client.http.get(upload_url).send().await {
                                Ok(r) => r.json().await.ok(),
                                Err(_) => None,
                            };
                        let expected = status.and_then(|s| {
                            s.next_expected_ranges
                                .first()
                                .and_then(|r| r.split('-').next()?.parse::<u64>().ok())
                        });
                        match expected {
                            Some(next) if next == end => {
                                Err(Error::new(ErrorKind::Conflict, "fragment_landed"))
                            }
                            _ => Err(crate::remote::transport_error(NAME, e)),
                        }
                    }
                }
            })
            .await;
        match sent {
            Ok(response) if end == total => {
                return crate::remote::reply::decode::<Item>(response, NAME).await;
            }
            Ok(_) => {}
            Err(err) if err.message() == "fragment_landed" && end < total => {}
            Err(err) => return Err(err),
        }
        offset = end;
    }
}
