//! Downloads through `/content` (which redirects to a pre-authenticated URL),
//! with `Range`, resumed after a cut; thumbnails from the thumbnail sets.

use super::client::address;
use super::client::{Client, NAME};
use crate::drive::ByteStream;
use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::Reading;
use crate::drives::remote::deadline;
use crate::drives::remote::reply::{body_stream, range_header, with_range};
use crate::drives::remote::transport_error;
use crate::error::{Error, ErrorKind, Result};
use crate::item::ItemId;
use async_trait::async_trait;
use std::sync::Arc;

#[async_trait]
impl Reading for Client {
    /// Asks for `[start, end)` of a file.
    async fn open(self: Arc<Self>, id: ItemId, start: u64, end: Option<u64>) -> Result<ByteStream> {
        let client = self;
        let url = client.url(&format!("{}/content", address(&id)));
        let range = range_header(start, end);
        let response = client
            .send(|http| with_range(http.get(&url), &range))
            .await?;
        Ok(body_stream(response, NAME))
    }

    async fn thumbnail(&self, id: &ItemId, max_side: u32) -> Result<ByteStream> {
        let client = self;
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
        if client.on_graph(&url) {
            let response = client
                .retry
                .run(|| client.send(|http| http.get(&url)))
                .await?;
            return Ok(body_stream(response, NAME));
        }
        // Pre-authenticated, on another host: no bearer token goes there.
        let response = client
            .retry
            .run(|| async {
                let asked = client.http.get(&url).send();
                let asked = async { asked.await.map_err(|e| transport_error(NAME, e)) };
                let response = deadline::headers(NAME, asked).await?;
                match response.status().is_success() {
                    true => Ok(response),
                    false => Err(super::client::parse_error(response).await),
                }
            })
            .await?;
        Ok(body_stream(response, NAME))
    }
}
