//! Hashing bytes as they stream past, without holding them.

use crate::drives::hashes::{HashKind, Hasher};
use crate::error::{Error, ErrorKind};
use crate::item::{ByteStream, DriveItem};
use futures::StreamExt;
use std::sync::{Arc, Mutex};

/// The digest of what streamed through, once the stream is done.
#[derive(Clone)]
pub struct Digest(Arc<Mutex<(Option<Hasher>, u64)>>);

impl Digest {
    /// The provider-format digest and the byte count.
    pub fn finish(&self) -> Option<(String, u64)> {
        let mut inner = self.0.lock().ok()?;
        let count = inner.1;
        inner.0.take().map(|h| (h.finish(), count))
    }
}

/// Wraps `body` so that every chunk also feeds a `kind` hasher.
pub fn hashing(body: ByteStream, kind: HashKind) -> (ByteStream, Digest) {
    let digest = Digest(Arc::new(Mutex::new((Some(Hasher::new(kind)), 0))));
    let feed = digest.clone();
    let stream = body
        .inspect(move |chunk| {
            if let (Ok(bytes), Ok(mut inner)) = (chunk, feed.0.lock()) {
                inner.1 += bytes.len() as u64;
                if let Some(h) = inner.0.as_mut() {
                    h.update(bytes);
                }
            }
        })
        .boxed();
    (stream, digest)
}

/// Passes `body` through, and ends it in an error instead of a clean end when
/// the bytes are not the size, or do not have the hash, that `item` says.
pub fn verified(body: ByteStream, item: &DriveItem, drive: &str) -> ByteStream {
    let expected = item.hash.clone();
    let size = item.size;
    let name = item.name.clone();
    let drive = drive.to_owned();
    let mut hasher = expected.as_ref().map(|h| Hasher::new(h.algorithm));
    let mut count = 0u64;
    let mut failed = false;
    let checked = body.map(Some).chain(futures::stream::once(async { None }));
    checked
        .filter_map(move |chunk| {
            let out = match chunk {
                Some(Ok(bytes)) => {
                    count += bytes.len() as u64;
                    if let Some(h) = hasher.as_mut() {
                        h.update(&bytes);
                    }
                    Some(Ok(bytes))
                }
                Some(Err(err)) => {
                    failed = true;
                    Some(Err(err))
                }
                None if failed => None,
                None => {
                    mismatch(&drive, &name, size, count, expected.as_ref(), hasher.take()).map(Err)
                }
            };
            futures::future::ready(out)
        })
        .boxed()
}

fn mismatch(
    drive: &str,
    name: &str,
    size: Option<u64>,
    count: u64,
    expected: Option<&crate::item::ContentHash>,
    hasher: Option<Hasher>,
) -> Option<Error> {
    let what = if size.is_some_and(|s| s != count) {
        format!("{count} bytes instead of {}", size.unwrap_or_default())
    } else {
        let (expected, hasher) = (expected?, hasher?);
        if hasher.finish() == expected.value {
            return None;
        }
        format!("different content ({} mismatch)", expected.algorithm.name())
    };
    Some(
        Error::new(
            ErrorKind::Transient,
            format!("{name} arrived from {drive} with {what}; the copy was stopped"),
        )
        .with_drive(drive),
    )
}
