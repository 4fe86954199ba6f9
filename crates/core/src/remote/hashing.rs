//! Hashing bytes as they stream past, without holding them.

use crate::drive::ByteStream;
use crate::hashes::{HashKind, Hasher};
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
