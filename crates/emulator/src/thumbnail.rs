//! Thumbnails: real scaled images of image files, decoded with limits so a
//! hostile file cannot take the emulator down. Made here with the `image`
//! crate, not with Cloudpick's conversion code: a stand-in must not share the
//! client's code.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;

/// The files the providers make thumbnails of, by extension.
pub fn is_image(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("jpg" | "jpeg" | "png" | "webp" | "gif" | "bmp")
    )
}

/// How a provider writes its thumbnails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
}

pub struct Thumbnail {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
}

/// The largest picture decoded for a thumbnail, in pixels a side, and the
/// memory one decode may take.
const MAX_SIDE: u32 = 16_384;
const MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// An image at most `side` pixels on its longer side, never enlarged.
pub fn make(blob: &std::path::Path, side: u32, format: Format) -> Result<Thumbnail, String> {
    let mut reader = image::ImageReader::open(blob)
        .map_err(|e| e.to_string())?
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| e.to_string())?;
    let side = side.clamp(16, 2048);
    let picture = if picture.width() > side || picture.height() > side {
        picture.resize(side, side, image::imageops::FilterType::Triangle)
    } else {
        picture
    };
    let mut bytes = std::io::Cursor::new(Vec::new());
    let (encoded, mime) = match format {
        Format::Jpeg => (
            image::DynamicImage::ImageRgb8(picture.to_rgb8())
                .write_to(&mut bytes, image::ImageFormat::Jpeg),
            "image/jpeg",
        ),
        Format::Png => (
            picture.write_to(&mut bytes, image::ImageFormat::Png),
            "image/png",
        ),
    };
    encoded.map_err(|e| e.to_string())?;
    Ok(Thumbnail {
        bytes: bytes.into_inner(),
        mime,
    })
}

pub async fn serve(blob: PathBuf, side: u32, format: Format) -> Response {
    match tokio::task::spawn_blocking(move || make(&blob, side, format)).await {
        Ok(Ok(thumbnail)) => {
            let mut response = thumbnail.bytes.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(thumbnail.mime),
            );
            response
        }
        Ok(Err(reason)) => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("no thumbnail: {reason}"),
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
