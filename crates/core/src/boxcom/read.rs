//! Downloads through `/files/{id}/content` (a redirect to the download host),
//! with `Range`, resumed after a cut; PNG thumbnails.

use super::api::split;
use super::client::{Client, NAME};
use crate::drive::ByteStream;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ByteRange, ItemId};
use crate::remote::resume::{resumable, Opener};
use futures::{FutureExt, StreamExt};
use std::sync::Arc;

fn body_stream(response: reqwest::Response) -> ByteStream {
    response
        .bytes_stream()
        .map(|chunk| {
            chunk.map_err(|e| {
                Error::new(
                    ErrorKind::Transient,
                    format!("The download from Box broke off: {e}"),
                )
                .with_drive(NAME)
            })
        })
        .boxed()
}

async fn open(client: &Client, id: &ItemId, start: u64, end: Option<u64>) -> Result<ByteStream> {
    let url = client.api(&format!("/files/{}/content", split(id).1));
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

pub async fn thumbnail(client: &Client, id: &ItemId, side: u32) -> Result<ByteStream> {
    let url = client.api(&format!(
        "/files/{}/thumbnail.png?min_width={side}&min_height={side}",
        split(id).1
    ));
    let response = client
        .retry
        .run(|| client.send(|http| http.get(&url)))
        .await?;
    Ok(body_stream(response))
}
