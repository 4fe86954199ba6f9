//! Downloads through `/content` (which redirects to a pre-authenticated URL),
//! with `Range`, resumed after a cut; thumbnails from the thumbnail sets.

use super::address;
use super::client::{Client, NAME};
use crate::drive::ByteStream;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ByteRange, ItemId};
use crate::remote::resume::{resumable, Opener};
use futures::{FutureExt, StreamExt};
use std::sync::Arc;

async fn open(client: &Client, id: &ItemId, start: u64, end: Option<u64>) -> Result<ByteStream> {
    let url = client.url(&format!("{}/content", address(id)));
    let range = match end {
        Some(end) => format!("bytes={start}-{}", end.saturating_sub(1)),
        None => format!("bytes={start}-"),
    };
    let ranged = start > 0 || end.is_some();
    let response = client
        .send(|http| {
            if ranged {
                http.get(&url).header("Range", &range)
            } else {
                http.get(&url)
            }
        })
        .await?;
    Ok(body_stream(response))
}

fn body_stream(response: reqwest::Response) -> ByteStream {
    response
        .bytes_stream()
        .map(|chunk| {
            chunk.map_err(|e| {
                Error::new(
                    ErrorKind::Transient,
                    format!("The download from OneDrive broke off: {e}"),
                )
                .with_drive(NAME)
            })
        })
        .boxed()
}

pub async fn read(
    client: Arc<Client>,
    id: &ItemId,
    range: Option<ByteRange>,
) -> Result<ByteStream> {
    let start = range.map_or(0, |r| r.start);
    let end = range.and_then(|r| r.len.map(|len| r.start + len));
    let first = client.retry.run(|| open(&client, id, start, end)).await?;
    let id = id.clone();
    let reopen: Opener = Box::new(move |offset| {
        let client = client.clone();
        let id = id.clone();
        async move { open(&client, &id, offset, end).await }.boxed()
    });
    Ok(resumable(first, start, reopen))
}

pub async fn thumbnail(client: &Client, id: &ItemId, max_side: u32) -> Result<ByteStream> {
    let sets: serde_json::Value = client
        .json(|http| http.get(client.url(&format!("{}/thumbnails", address(id)))))
        .await?;
    let set = &sets["value"][0];
    let size = ["small", "medium", "large"]
        .into_iter()
        .find(|s| {
            set[*s]["width"]
                .as_u64()
                .is_some_and(|w| w >= u64::from(max_side))
        })
        .unwrap_or("large");
    let url = set[size]["url"]
        .as_str()
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Unsupported,
                "OneDrive has no thumbnail for this file",
            )
            .with_drive(NAME)
        })?
        .to_owned();
    let response = client
        .retry
        .run(|| client.send(|http| http.get(&url)))
        .await?;
    Ok(body_stream(response))
}
