//! Quick Look as the window asks for it: what a file shows (`preview`),
//! and the loopback stream its player plays a video or a sound from.

use super::Cloudpick;
use crate::error::{poisoned, Error, ErrorKind, Result};
use crate::item::ItemId;
use crate::preview::Preview;

impl Cloudpick {
    /// What `id` on `source` shows when previewed.
    pub async fn preview(&self, source: &str, id: &ItemId) -> Result<Preview> {
        let drive = self.drive(source)?;
        let item = drive.stat(id).await?;
        if crate::documents::is_pdf(&item.name) || crate::documents::is_office(&item.name) {
            // Page by page, from the PDF its pages are drawn from (an office
            // document's is LibreOffice's, kept for the grid too).
            let pdf = self.document_pdf(source, &*drive, &item).await?;
            return Ok(Preview::pages(
                crate::documents::page_count(&pdf.path).await?,
            ));
        }
        crate::preview::preview(&*drive, &item).await
    }

    /// Where the window's player streams `id` from: a loopback address
    /// (`http://127.0.0.1:{port}/{token}`) that answers byte ranges from the
    /// drive as the player asks, so a long video starts at once and is never
    /// stored. One stream at a time: a new one, or `stop_media_stream`, ends
    /// the one before.
    pub async fn media_stream(&self, source: &str, id: &ItemId) -> Result<String> {
        let drive = self.drive(source)?;
        let item = drive.stat(id).await?;
        if !(crate::media::is_video(&item.name) || crate::media::is_audio(&item.name)) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{} is not a video or a sound", item.name),
            ));
        }
        let served = crate::media::serve(drive, item).await?;
        let url = served.url.clone();
        *self.media_stream.lock().map_err(|_| poisoned())? = Some(served);
        Ok(url)
    }

    /// Ends the player's stream (Quick Look closed or moved on).
    pub fn stop_media_stream(&self) {
        if let Ok(mut slot) = self.media_stream.lock() {
            slot.take();
        }
    }
}
