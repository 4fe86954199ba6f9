//! Downloads with `Range`, resumed after a cut, and thumbnails.

use super::client::{header_json, Client, NAME};
use crate::drive::ByteStream;
use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::Reading;
use crate::drives::remote::reply::{body_stream, range_header, with_range};
use crate::error::Result;
use crate::item::ItemId;
use async_trait::async_trait;
use serde_json::{json, Value};
use std::sync::Arc;

#[async_trait]
impl Reading for Client {
    /// Opens `[start, end)` of a file as a stream.
    /// Asks for `[start, end)` of a file.
    async fn open(self: Arc<Self>, id: ItemId, start: u64, end: Option<u64>) -> Result<ByteStream> {
        let client = self;
        let url = format!("{}/files/download", client.endpoints.content);
        let arg = header_json(&json!({ "path": id.as_str() }));
        let range = range_header(start, end);
        let response = client
            .send(|http| with_range(http.post(&url).header("Dropbox-API-Arg", &arg), &range))
            .await?;
        Ok(body_stream(response, NAME))
    }

    async fn thumbnail(&self, id: &ItemId, max_side: u32) -> Result<ByteStream> {
        let client = self;
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
        Ok(body_stream(response, NAME))
    }
}
