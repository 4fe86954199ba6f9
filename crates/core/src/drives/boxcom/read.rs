//! Downloads through `/files/{id}/content` (a redirect to the download host),
//! with `Range`, resumed after a cut; PNG thumbnails.

use super::client::{Client, NAME};
use super::wire::split;
use crate::drive::ByteStream;
use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::Reading;
use crate::drives::remote::reply::{body_stream, range_header, with_range};
use crate::error::Result;
use crate::item::ItemId;
use async_trait::async_trait;
use std::sync::Arc;

#[async_trait]
impl Reading for Client {
    /// Asks for `[start, end)` of a file.
    async fn open(self: Arc<Self>, id: ItemId, start: u64, end: Option<u64>) -> Result<ByteStream> {
        let client = self;
        let url = client.api(&format!("/files/{}/content", split(&id).1));
        let range = range_header(start, end);
        let response = client
            .send(|http| with_range(http.get(&url), &range))
            .await?;
        Ok(body_stream(response, NAME))
    }

    async fn thumbnail(&self, id: &ItemId, side: u32) -> Result<ByteStream> {
        let client = self;
        let url = client.api(&format!(
            "/files/{}/thumbnail.png?min_width={side}&min_height={side}",
            split(id).1
        ));
        let response = client
            .retry
            .run(|| client.send(|http| http.get(&url)))
            .await?;
        Ok(body_stream(response, NAME))
    }
}
