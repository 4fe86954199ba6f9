//! Thumbnails: real scaled images of image files, decoded with limits so a
//! hostile file cannot take the emulator down.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cloudpick_core::thumbnails::Thumbnail;
use std::path::PathBuf;

pub use cloudpick_core::thumbnails::is_image;
pub use cloudpick_core::thumbnails::Encoding as Format;

/// An image at most `side` pixels on its longer side (the same scaler as the app's).
pub fn make(blob: &std::path::Path, side: u32, format: Format) -> Result<Thumbnail, String> {
    let file = std::fs::File::open(blob).map_err(|e| e.to_string())?;
    cloudpick_core::thumbnails::scaled(std::io::BufReader::new(file), side, format)
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
