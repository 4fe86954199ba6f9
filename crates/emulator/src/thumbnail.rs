//! Thumbnails: real scaled images of image files, decoded with limits so a
//! hostile file cannot take the emulator down.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;

pub fn is_image(name: &str) -> bool {
    let ext = name
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "jpg" | "jpeg" | "png" | "webp" | "gif" | "bmp"
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
}

/// An image at most `side` pixels on its longer side.
pub fn make(blob: &std::path::Path, side: u32, format: Format) -> Result<Vec<u8>, String> {
    let side = side.clamp(16, 2048);
    let mut reader = image::ImageReader::open(blob)
        .map_err(|e| e.to_string())?
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| e.to_string())?;
    let thumb = image.thumbnail(side, side).into_rgb8();
    let mut out = std::io::Cursor::new(Vec::new());
    match format {
        Format::Jpeg => {
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&thumb)
        }
        Format::Png => thumb.write_to(&mut out, image::ImageFormat::Png),
    }
    .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

pub async fn serve(blob: PathBuf, side: u32, format: Format) -> Response {
    match tokio::task::spawn_blocking(move || make(&blob, side, format)).await {
        Ok(Ok(bytes)) => {
            let mut response = bytes.into_response();
            let mime = if format == Format::Png {
                "image/png"
            } else {
                "image/jpeg"
            };
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
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
