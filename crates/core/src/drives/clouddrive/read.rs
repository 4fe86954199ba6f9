//! Downloads from the content host: ranged, resumed after a cut.

use super::client::{Client, NAME};
use crate::drive::ByteStream;
use crate::drives::remote::reply::{body_stream, range_header, with_range};
use crate::error::Result;
use crate::item::ItemId;
use std::sync::Arc;

/// Asks for `[start, end)` of a file.
pub async fn open(
    client: Arc<Client>,
    id: ItemId,
    start: u64,
    end: Option<u64>,
) -> Result<ByteStream> {
    let url = client
        .content(&format!("nodes/{}/content", id.as_str()))
        .await?;
    let range = range_header(start, end);
    let response = client
        .send(|http| with_range(http.get(&url), &range))
        .await?;
    Ok(body_stream(response, NAME))
}
