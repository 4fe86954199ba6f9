//! Quick Look as the window asks for it: what a file shows (`preview`),
//! and the parts of a video or a sound its player streams (`media_part`).

use super::Cloudpick;
use crate::error::Result;
use crate::item::ItemId;
use crate::preview::{Part, Preview};

impl Cloudpick {
    /// What `id` on `source` shows when previewed.
    pub async fn preview(&self, source: &str, id: &ItemId) -> Result<Preview> {
        let drive = self.drive(source)?;
        let item = drive.stat(id).await?;
        crate::preview::preview(&*drive, &item).await
    }

    /// Bytes of a video or a sound from `start` (at most `len`, and at most
    /// `preview::MAX_PART`), for the window's player. Nothing is stored.
    pub async fn media_part(
        &self,
        source: &str,
        id: &ItemId,
        start: u64,
        len: Option<u64>,
    ) -> Result<Part> {
        let drive = self.drive(source)?;
        let item = drive.stat(id).await?;
        crate::preview::part(&*drive, &item, start, len).await
    }
}
