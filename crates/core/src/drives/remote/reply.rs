//! Reading a provider's reply: its JSON body, its byte stream, and the
//! `Range` header a download asks with.

use crate::drive::ByteStream;
use crate::error::{Error, ErrorKind, Result};
use futures::StreamExt;
use serde::de::DeserializeOwned;

/// Decodes a JSON reply; an unreadable one is worth another try.
pub async fn decode<T: DeserializeOwned>(response: reqwest::Response, drive: &str) -> Result<T> {
    response.json::<T>().await.map_err(|e| {
        Error::new(
            ErrorKind::Transient,
            format!("{drive} sent an unreadable reply: {e}"),
        )
        .with_drive(drive)
    })
}

/// The body as bytes; a broken body, or one that stops for
/// `deadline::idle`, is a retryable error naming the drive.
pub fn body_stream(response: reqwest::Response, drive: &'static str) -> ByteStream {
    let stream = response
        .bytes_stream()
        .map(move |chunk| {
            chunk.map_err(|e| {
                Error::new(
                    ErrorKind::Transient,
                    format!("The download from {drive} broke off: {e}"),
                )
                .with_drive(drive)
            })
        })
        .boxed();
    super::deadline::body(stream, drive)
}

/// The `Range` header for `[start, end)`, or none for a whole file.
pub fn range_header(start: u64, end: Option<u64>) -> Option<String> {
    match end {
        Some(end) => Some(format!("bytes={start}-{}", end.saturating_sub(1))),
        None if start > 0 => Some(format!("bytes={start}-")),
        None => None,
    }
}

/// Adds the `Range` header when one is needed.
pub fn with_range(
    request: reqwest::RequestBuilder,
    range: &Option<String>,
) -> reqwest::RequestBuilder {
    match range {
        Some(range) => request.header("Range", range),
        None => request,
    }
}

/// A streamed multipart form, which can be sent only once: the body is not
/// kept. A second attempt (after a 401) gets an empty form that the server
/// refuses, never a silently empty file.
pub struct FormOnce(std::sync::Mutex<Option<reqwest::multipart::Form>>);

impl FormOnce {
    pub fn new(form: reqwest::multipart::Form) -> Self {
        FormOnce(std::sync::Mutex::new(Some(form)))
    }

    pub fn take(&self) -> reqwest::multipart::Form {
        self.0
            .lock()
            .ok()
            .and_then(|mut f| f.take())
            .unwrap_or_default()
    }
}
