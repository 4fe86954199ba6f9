//! Thumbnails for the picker's grid: the provider's own where it has them,
//! otherwise made here from the image, and kept in the cache folder so a
//! folder opened again shows them at once. Decoding has hard limits: a
//! hostile image gets an error, never the machine's memory.

use crate::error::{Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId};
use crate::transform::OutputFormat;
use futures::TryStreamExt;
use std::io::{BufRead, Seek};

/// The largest file read to make a thumbnail of (the provider has none).
pub const MAX_SOURCE_BYTES: u64 = 40 * 1024 * 1024;
/// The largest provider thumbnail taken.
pub(crate) const MAX_THUMBNAIL_BYTES: u64 = 8 * 1024 * 1024;

/// A thumbnail's bytes and their type.
pub struct Thumbnail {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
}

/// What a thumbnail is of: the item at one version, at one size.
pub struct ThumbnailKey<'a> {
    pub source: &'a str,
    pub id: &'a ItemId,
    /// Changes when the file does (its modified time and size, say).
    pub version: &'a str,
    pub side: u32,
    /// For a PDF: the page shown, from 1.
    pub page: u32,
}

/// Thumbnails that could not be made from their file, by file version
/// (the cache path names one), so that a grid drawn again does not decode
/// them again. Failures of the network or the sign-in are not kept.
#[derive(Default)]
pub struct Failures(
    std::sync::Mutex<std::collections::HashMap<std::path::PathBuf, (ErrorKind, String)>>,
);

/// The most failures kept; past it, the oldest are forgotten all at once.
const MAX_FAILURES: usize = 10_000;

impl Failures {
    pub(crate) fn get(&self, key: &std::path::Path) -> Option<Error> {
        let (kind, message) = self.0.lock().ok()?.get(key).cloned()?;
        Some(Error::new(kind, message))
    }

    /// Keeps `err` for `key` when it is the file's own fault.
    pub(crate) fn keep(&self, key: std::path::PathBuf, err: &Error) {
        if !matches!(err.kind(), ErrorKind::InvalidInput | ErrorKind::Unsupported) {
            return;
        }
        if let Ok(mut known) = self.0.lock() {
            if known.len() >= MAX_FAILURES {
                known.clear();
            }
            known.insert(key, (err.kind(), err.message().to_owned()));
        }
    }
}

/// Whether a name looks like an image this app can decode.
pub fn is_image(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        crate::transform::EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// How a thumbnail is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// PNG where the image has transparency, JPEG otherwise.
    Auto,
    Jpeg,
    Png,
}

/// An image at most `side` pixels on its longer side, made by the
/// conversion pipeline (`transform`), within the thumbnails' decode limits.
pub fn scaled(
    reader: impl BufRead + Seek,
    side: u32,
    encoding: Encoding,
) -> std::result::Result<Thumbnail, String> {
    let side = side.clamp(16, 2048);
    let t = crate::transform::Transform {
        width: Some(side),
        height: Some(side),
        fit: crate::transform::Fit::Max,
        quality: 82,
        format: match encoding {
            Encoding::Auto => None,
            Encoding::Jpeg => Some(OutputFormat::Jpeg),
            Encoding::Png => Some(OutputFormat::Png),
        },
        ..crate::transform::Transform::default()
    };
    let limits = crate::decodes::limits_for(side);
    let converted = crate::transform::convert_choosing(reader, &t, &limits, |_, alpha| {
        if alpha {
            OutputFormat::Png
        } else {
            OutputFormat::Jpeg
        }
    })?;
    Ok(Thumbnail {
        bytes: converted.bytes,
        mime: converted.format.mime(),
    })
}

pub(crate) fn sniff(bytes: &[u8]) -> &'static str {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [0xFF, 0xD8, ..] => "image/jpeg",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
        [b'G', b'I', b'F', ..] => "image/gif",
        _ => "application/octet-stream",
    }
}

/// The provider's thumbnail, scaled down when it is larger than asked
/// (Graph's sizes are fixed: 96, 176 and 800 pixels).
pub(crate) async fn fitted(bytes: Vec<u8>, side: u32) -> Result<Thumbnail> {
    let larger = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok())
        .is_some_and(|(w, h)| w.max(h) > side);
    if !larger {
        return Ok(Thumbnail {
            mime: sniff(&bytes),
            bytes,
        });
    }
    scale_aside(bytes, side, "The drive's thumbnail").await
}

/// Scales an image on the blocking pool, within the decode budget; `what`
/// names it in the error.
async fn scale_aside(bytes: Vec<u8>, side: u32, what: &str) -> Result<Thumbnail> {
    let size = dimensions_of(&bytes).map(|d| (d.width, d.height));
    let need = crate::decodes::need(size, &crate::decodes::limits_for(side));
    let _admitted = crate::decodes::admit(need).await?;
    tokio::task::spawn_blocking(move || scaled(std::io::Cursor::new(bytes), side, Encoding::Auto))
        .await
        .map_err(|_| Error::new(ErrorKind::Io, "The thumbnail could not be made"))?
        .map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("{what} could not be read as an image: {e}"),
            )
        })
}

/// How many leading bytes are read to find an image's size.
pub const HEADER_BYTES: u64 = 256 * 1024;

/// An image's width and height from its first bytes, without decoding it.
pub fn dimensions_of(head: &[u8]) -> Option<crate::restrictions::Dimensions> {
    crate::transform::dimensions(head)
        .map(|(width, height)| crate::restrictions::Dimensions { width, height })
}

/// Reads the start of an image on `drive` and measures it; `None` when the
/// start says nothing (not an image, or an unusual layout).
pub async fn measure(
    drive: &dyn crate::drive::Drive,
    id: &ItemId,
) -> Result<Option<crate::restrictions::Dimensions>> {
    let range = crate::item::ByteRange {
        start: 0,
        len: Some(HEADER_BYTES),
    };
    let mut body = drive.read(id, Some(range)).await?;
    let mut head = Vec::new();
    while let Some(chunk) = body.try_next().await? {
        head.extend_from_slice(&chunk);
        if head.len() as u64 >= HEADER_BYTES {
            break;
        }
    }
    Ok(dimensions_of(&head))
}

/// The whole body, unless it grows past `limit` bytes.
pub(crate) async fn collect_at_most(
    mut body: crate::drive::ByteStream,
    limit: u64,
    too_large: &str,
) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    while let Some(chunk) = body.try_next().await? {
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Err(Error::new(ErrorKind::Unsupported, too_large));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

pub(crate) async fn made_here(
    item: &DriveItem,
    body: crate::drive::ByteStream,
    side: u32,
) -> Result<Thumbnail> {
    if item.kind != crate::item::ItemKind::File || !is_image(&item.name) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!("{} is not an image", item.name),
        ));
    }
    if item.size.unwrap_or(0) > MAX_SOURCE_BYTES {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!("{} is too large for a thumbnail", item.name),
        ));
    }
    let bytes = collect_at_most(
        body,
        MAX_SOURCE_BYTES,
        "The image is too large for a thumbnail",
    )
    .await?;
    scale_aside(bytes, side, &item.name).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_knows_the_same_image_names_as_the_engine() {
        let ts = include_str!("../../../ui/src/lib/thumbnails.ts");
        let list = |name: &str| -> Vec<&str> {
            ts.split_once(&format!("const {name} = /\\.("))
                .and_then(|(_, rest)| rest.split_once(")$/i"))
                .unwrap_or_else(|| panic!("ui/src/lib/thumbnails.ts names {name}"))
                .0
                .split('|')
                .collect()
        };
        assert_eq!(list("IMAGE"), crate::transform::EXTENSIONS);
        assert_eq!(list("VIDEO"), crate::media::VIDEO);
        assert_eq!(list("OFFICE"), crate::documents::OFFICE);
        assert!(super::is_image("IMG_0001.HEIC") && super::is_image("scan.tif"));
        assert!(!super::is_image("notes.txt"));
    }
}
