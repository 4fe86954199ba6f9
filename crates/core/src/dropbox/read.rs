//! Downloads with `Range`, resumed after a cut, and thumbnails.

use super::client::{header_json, Client};
use crate::drive::ByteStream;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ByteRange, ItemId};
use crate::remote::resume::{resumable, Opener};
use futures::{FutureExt, StreamExt};
use serde_json::{json, Value};
use std::sync::Arc;

/// Opens `[start, end)` of a file as a stream.
async fn open(client: &Client, id: &ItemId, start: u64, end: Option<u64>) -> Result<ByteStream> {
    let url = format!("{}/files/download", client.endpoints.content);
    let arg = header_json(&json!({ "path": id.as_str() }));
    let range = match end {
        Some(end) => format!("bytes={start}-{}", end.saturating_sub(1)),
        None => format!("bytes={start}-"),
    };
    let ranged = start > 0 || end.is_some();
    let response = client
        .send(|http| {
            let request = http.post(&url).header("Dropbox-API-Arg", &arg);
            if ranged {
                request.header("Range", &range)
            } else {
                request
            }
        })
        .await?;
    Ok(body_stream(response))
}

pub fn body_stream(response: reqwest::Response) -> ByteStream {
    response
        .bytes_stream()
        .map(|chunk| {
            chunk.map_err(|e| {
                Error::new(
                    ErrorKind::Transient,
                    format!("The download from Dropbox broke off: {e}"),
                )
                .with_drive(super::client::NAME)
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
    let size = [32, 64, 128, 256, 480, 640, 960, 1024, 2048]
        .into_iter()
        .find(|s| *s >= max_side)
        .unwrap_or(2048);
    let size_tag = match size {
        480 => "w480h320".to_owned(),
        640 => "w640h480".to_owned(),
        960 => "w960h640".to_owned(),
        1024 => "w1024h768".to_owned(),
        2048 => "w2048h1536".to_owned(),
        s => format!("w{s}h{s}"),
    };
    let arg: Value = json!({ "resource": { ".tag": "path", "path": id.as_str() }, "format": "jpeg", "size": size_tag });
    let url = format!("{}/files/get_thumbnail_v2", client.endpoints.content);
    let header = header_json(&arg);
    let response = client
        .retry
        .run(|| client.send(|http| http.post(&url).header("Dropbox-API-Arg", &header)))
        .await?;
    Ok(body_stream(response))
}
