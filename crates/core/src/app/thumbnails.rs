//! The grid's thumbnails as the window asks for them (kept in the cache
//! folder), and image sizes for restrictions; the decoding is `thumbnails`.

use super::Cloudpick;
use crate::error::Result;
use crate::item::ItemId;
use crate::thumbnails::{
    collect_at_most, fitted, made_here, measure, sniff, Thumbnail, ThumbnailKey,
    MAX_THUMBNAIL_BYTES,
};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

impl Cloudpick {
    fn thumbnail_path(&self, key: &ThumbnailKey<'_>) -> PathBuf {
        let name = cache_name(&[
            key.source.as_bytes(),
            key.id.as_str().as_bytes(),
            key.version.as_bytes(),
            &key.side.to_le_bytes(),
            &key.page.to_le_bytes(),
        ]);
        self.paths.cache_dir.join("thumbnails").join(name)
    }

    /// The thumbnail of `key`, from the cache, the provider, or the image
    /// itself. A file that failed once fails at once until it changes.
    pub async fn thumbnail(&self, key: ThumbnailKey<'_>) -> Result<Thumbnail> {
        let cached = self.thumbnail_path(&key);
        if let Ok(bytes) = tokio::fs::read(&cached).await {
            let mime = sniff(&bytes);
            return Ok(Thumbnail { bytes, mime });
        }
        if let Some(err) = self.thumbnail_failures.get(&cached) {
            return Err(err);
        }
        let made = self.make_thumbnail(&key).await;
        match &made {
            Ok(thumbnail) => {
                // The cache is a help, not a need: a full disk still shows the thumbnail.
                let bytes = thumbnail.bytes.clone();
                let _ = tokio::task::spawn_blocking(move || {
                    crate::settings::write_atomic(&cached, &bytes)
                })
                .await;
            }
            Err(err) => self.thumbnail_failures.keep(cached, err),
        }
        made
    }

    async fn make_thumbnail(&self, key: &ThumbnailKey<'_>) -> Result<Thumbnail> {
        let drive = self.drive(key.source)?;
        let from_provider = match drive.capabilities().thumbnail && key.page <= 1 {
            true => Some(provider_thumbnail(&*drive, key).await),
            false => None,
        };
        let thumbnail = match from_provider {
            Some(Ok(thumbnail)) => thumbnail,
            failed => {
                let item = drive.stat(key.id).await?;
                if crate::documents::is_pdf(&item.name) || crate::documents::is_office(&item.name) {
                    // Documents show their page, drawn here by poppler (office
                    // documents from LibreOffice's PDF of them).
                    let pdf = self.document_pdf(key.source, &*drive, &item).await?;
                    let work = tempfile::tempdir()
                        .map_err(|e| crate::Error::from_io(e, "create", "a scratch folder"))?;
                    let side = key.side.clamp(16, 4096);
                    // The page's pixels, as the decode budget counts them
                    // (given back before `fitted` asks the budget again).
                    let admitted =
                        crate::decodes::admit(u64::from(side) * u64::from(side) * 4).await?;
                    let png = crate::documents::page_to_png(
                        &pdf.path,
                        key.page.max(1),
                        Some(side),
                        work.path(),
                    )
                    .await?;
                    drop(admitted);
                    fitted(png, key.side).await?
                } else if crate::media::is_video(&item.name) {
                    // Videos show a frame from about 10% in, by ffmpeg, which
                    // says their length too: kept for the grid's next look.
                    let (png, info) = crate::media::frame(drive.clone(), &item, key.side).await?;
                    self.keep_media_info(key.source, &item, &info);
                    fitted(png, key.side).await?
                } else if let Some(Err(err)) = failed {
                    return Err(err);
                } else {
                    made_here(&item, drive.read(key.id, None).await?, key.side).await?
                }
            }
        };
        Ok(thumbnail)
    }
}

impl Cloudpick {
    /// A video's or a sound's length and picture size (ffprobe), for the
    /// grid and the details pane; kept in the cache (`media/`) per version
    /// of the file, so a cloud video is probed once, not at every start.
    pub async fn media_info(&self, source: &str, id: &ItemId) -> Result<crate::media::MediaInfo> {
        let drive = self.drive(source)?;
        let item = drive.stat(id).await?;
        let kept = self.media_info_path(source, &item);
        let known = std::fs::read(&kept)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok());
        if let Some(info) = known {
            return Ok(info);
        }
        let info = crate::media::info(drive, &item).await?;
        self.keep_media_info(source, &item, &info);
        Ok(info)
    }

    fn media_info_path(&self, source: &str, item: &crate::item::DriveItem) -> PathBuf {
        let name = version_name(source, item);
        self.paths
            .cache_dir
            .join("media")
            .join(format!("{name}.json"))
    }

    /// Keeps what ffprobe said of `item`; a cache that cannot be written
    /// (a full disk) only means probing again next time.
    fn keep_media_info(
        &self,
        source: &str,
        item: &crate::item::DriveItem,
        info: &crate::media::MediaInfo,
    ) {
        let path = self.media_info_path(source, item);
        if let Ok(json) = serde_json::to_vec(info) {
            let _ = crate::settings::write_atomic(&path, &json);
        }
    }

    /// The size of an image on `source`, for restrictions on image sizes.
    pub async fn image_size(
        &self,
        source: &str,
        id: &ItemId,
    ) -> Result<Option<crate::restrictions::Dimensions>> {
        let drive = self.drive(source)?;
        if !crate::documents::is_pdf(id.as_str()) {
            if let Some(size) = measure(&*drive, id).await? {
                return Ok(Some(size));
            }
        }
        // Not an image's first bytes: a PDF's size is its first page's, as
        // drawn for an edit. Only then is the item looked up.
        let item = drive.stat(id).await?;
        if !crate::documents::is_pdf(&item.name) {
            return Ok(None);
        }
        let (_dir, pdf) = crate::documents::to_temp(&*drive, &item).await?;
        crate::documents::page_size(&pdf, 1).await.map(Some)
    }
}

/// A cache file's name for what `parts` name together: their SHA-256, in hex.
/// The cache's name for this version of `item` on `source`: it changes
/// when the file does (its date, size or hash).
pub(super) fn version_name(source: &str, item: &crate::item::DriveItem) -> String {
    let size = item.size.map(|s| s.to_string()).unwrap_or_default();
    let hash = item.hash.as_ref().map(|h| h.value.as_str());
    cache_name(&[
        source.as_bytes(),
        item.id.as_str().as_bytes(),
        item.modified.as_deref().unwrap_or_default().as_bytes(),
        size.as_bytes(),
        hash.unwrap_or_default().as_bytes(),
    ])
}

pub(super) fn cache_name(parts: &[&[u8]]) -> String {
    let mut digest = Sha256::new();
    for part in parts {
        digest.update(part);
        digest.update([0]);
    }
    digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The provider's own thumbnail of `key`.
async fn provider_thumbnail(drive: &dyn crate::Drive, key: &ThumbnailKey<'_>) -> Result<Thumbnail> {
    let body = drive.thumbnail(key.id, key.side).await?;
    let bytes = collect_at_most(body, MAX_THUMBNAIL_BYTES, "The thumbnail is too large").await?;
    fitted(bytes, key.side).await
}
