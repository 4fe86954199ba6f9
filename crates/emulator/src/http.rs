//! HTTP pieces every provider emulation shares: `Range` requests over blob
//! files, and request bodies streamed into blob files.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use std::path::Path;

/// RFC 3339 UTC to the second, as the APIs write times.
/// A 302 Found to `location`: what the real services answer for authorize
/// redirects and downloads (axum's `Redirect::to` is a 303).
pub fn found(location: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, location.to_owned())]).into_response()
}

/// A boolean query parameter, absent meaning false. Box and Alfresco read
/// `true`/`false` in any case (box-sdk-gen writes Python's `True`); anything
/// else is refused with the parameter's name.
pub fn flag(query: &std::collections::HashMap<String, String>, name: &str) -> Result<bool, String> {
    match query.get(name) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(format!(
            "Invalid value '{v}' for query parameter '{name}': expected true or false"
        )),
    }
}

pub fn rfc3339(time: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

/// A parsed single `Range: bytes=...` header, resolved against a length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u64,
    pub end_inclusive: u64,
}

/// A range that cannot be served from the file: the reply is 416.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsatisfiable;

/// `None`: no (usable) Range header, send everything.
pub fn parse_range(headers: &HeaderMap, len: u64) -> Result<Option<Span>, Unsatisfiable> {
    let Some(value) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Some(spec) = value.strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let (a, b) = spec.split_once('-').ok_or(Unsatisfiable)?;
    let span = match (a.trim(), b.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().map_err(|_| Unsatisfiable)?;
            if n == 0 || len == 0 {
                return Err(Unsatisfiable);
            }
            Span {
                start: len.saturating_sub(n),
                end_inclusive: len - 1,
            }
        }
        (start, "") => {
            let start: u64 = start.parse().map_err(|_| Unsatisfiable)?;
            Span {
                start,
                end_inclusive: len.saturating_sub(1),
            }
        }
        (start, end) => {
            let start: u64 = start.parse().map_err(|_| Unsatisfiable)?;
            let end: u64 = end.parse().map_err(|_| Unsatisfiable)?;
            if end < start {
                return Err(Unsatisfiable);
            }
            Span {
                start,
                end_inclusive: end.min(len.saturating_sub(1)),
            }
        }
    };
    if span.start >= len {
        return Err(Unsatisfiable);
    }
    Ok(Some(span))
}

/// Streams a blob file, honouring `Range` (206 with `Content-Range`, 416 when unsatisfiable).
/// How much of a blob one read takes when serving it.
const READ_PIECE: usize = 128 * 1024;

pub async fn serve_blob(blob: &Path, headers: &HeaderMap, extra: HeaderMap) -> Response {
    use std::io::{Read, Seek};
    let mut file = match std::fs::File::open(blob) {
        Ok(f) => f,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let span = match parse_range(headers, len) {
        Ok(span) => span,
        Err(Unsatisfiable) => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return response;
        }
    };
    let (status, start, count) = match span {
        Some(s) => (
            StatusCode::PARTIAL_CONTENT,
            s.start,
            s.end_inclusive - s.start + 1,
        ),
        None => (StatusCode::OK, 0, len),
    };
    if file.seek(std::io::SeekFrom::Start(start)).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    // Plain reads from the page cache as the connection asks for more, as
    // blobs are written (`BlobFile`): tokio's file reads hop to the blocking
    // pool for every piece.
    let stream = futures::stream::unfold((file, count), |(mut file, left)| async move {
        if left == 0 {
            return None;
        }
        let mut piece = vec![0u8; READ_PIECE.min(left as usize)];
        match file.read(&mut piece) {
            Ok(0) => None,
            Ok(n) => {
                piece.truncate(n);
                Some((
                    Ok::<_, std::io::Error>(bytes::Bytes::from(piece)),
                    (file, left - n as u64),
                ))
            }
            Err(e) => Some((Err(e), (file, 0))),
        }
    });
    let mut response = Response::new(Body::from_stream(stream));
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.extend(extra);
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Some(s) = span {
        if let Ok(v) =
            HeaderValue::from_str(&format!("bytes {}-{}/{len}", s.start, s.end_inclusive))
        {
            h.insert(header::CONTENT_RANGE, v);
        }
    }
    if !h.contains_key(header::CONTENT_TYPE) {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
    }
    response
}

/// A blob being written. Each chunk goes straight to the file with a plain
/// `write` (into the page cache: microseconds per chunk) instead of through
/// tokio's blocking pool, which copies every chunk and hops threads for each
/// write, and is what held the emulator's ingest at a third of curl's rate.
/// Writes are done when `write` returns, so a request dropped mid-way leaves
/// no write in flight to land after the next request has cut the file back.
pub struct BlobFile(std::fs::File);

impl BlobFile {
    pub fn create(path: &Path) -> std::io::Result<Self> {
        std::fs::File::create(path).map(BlobFile)
    }

    pub fn open(path: &Path, append: bool) -> std::io::Result<Self> {
        std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(path)
            .map(BlobFile)
    }

    pub fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        self.0.write_all(bytes)
    }
}

/// Why a multipart file part could not be stored.
pub enum PartError {
    /// The request ended before the part did.
    Cut,
    /// The blob could not be written.
    Io,
}

/// Stores a multipart file part in a new blob at `path`, showing each chunk
/// to `inspect` (for a hash) on the way. A part cut off leaves no blob.
pub async fn part_to_file(
    field: &mut axum::extract::multipart::Field<'_>,
    path: &Path,
    mut inspect: impl FnMut(&[u8]),
) -> Result<(), PartError> {
    let mut file = BlobFile::create(path).map_err(|_| PartError::Io)?;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                inspect(&chunk);
                file.write(&chunk).map_err(|_| PartError::Io)?;
            }
            Ok(None) => return Ok(()),
            Err(_) => {
                drop(file);
                let _ = std::fs::remove_file(path);
                return Err(PartError::Cut);
            }
        }
    }
}

/// Writes a request body to `path` (appending when `append`), returning the bytes
/// written. A body cut off mid-way is an error, and what arrived stays written.
pub async fn body_to_file(body: Body, path: &Path, append: bool) -> std::io::Result<u64> {
    body_to_file_hashed(body, path, append, None)
        .await
        .map(|(written, _)| written)
}

/// [`body_to_file`], also hashing what this body brought when `kind` is given
/// (a provider that checks a hash the client sent for this request).
pub async fn body_to_file_hashed(
    body: Body,
    path: &Path,
    append: bool,
    kind: Option<crate::hashes::HashKind>,
) -> std::io::Result<(u64, Option<String>)> {
    let mut hasher = kind.map(crate::hashes::Hasher::new);
    let mut file = BlobFile::open(path, append)?;
    let mut stream = body.into_data_stream();
    let mut written = 0u64;
    let mut failed = None;
    while let Some(chunk) = stream.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => {
                failed = Some(std::io::Error::other(e));
                break;
            }
        };
        if let Some(hasher) = hasher.as_mut() {
            hasher.update(&chunk);
        }
        if let Err(e) = file.write(&chunk) {
            failed = Some(e);
            break;
        }
        written += chunk.len() as u64;
    }
    match failed {
        Some(e) => Err(e),
        None => Ok((written, hasher.map(crate::hashes::Hasher::finish))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(value: &str, len: u64) -> Result<Option<Span>, Unsatisfiable> {
        let mut headers = HeaderMap::new();
        headers.insert(header::RANGE, HeaderValue::from_str(value).unwrap());
        parse_range(&headers, len)
    }

    #[test]
    fn parses_the_three_forms_and_refuses_what_cannot_be_served() {
        assert_eq!(
            range("bytes=0-9", 100),
            Ok(Some(Span {
                start: 0,
                end_inclusive: 9
            }))
        );
        assert_eq!(
            range("bytes=90-", 100),
            Ok(Some(Span {
                start: 90,
                end_inclusive: 99
            }))
        );
        assert_eq!(
            range("bytes=-5", 100),
            Ok(Some(Span {
                start: 95,
                end_inclusive: 99
            }))
        );
        assert_eq!(
            range("bytes=50-500", 100),
            Ok(Some(Span {
                start: 50,
                end_inclusive: 99
            }))
        );
        assert_eq!(range("bytes=100-", 100), Err(Unsatisfiable));
        assert_eq!(range("bytes=9-3", 100), Err(Unsatisfiable));
        assert_eq!(range("items=0-3", 100), Ok(None));
    }
}
