//! What every drive's resumable uploads share: their journaled state as
//! JSON, and skipping (while hashing) the bytes the server already has.

use crate::drive::{ByteStream, UploadSession};
use crate::error::{Error, ErrorKind, Result};
use bytes::BytesMut;
use futures::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A new session, nothing confirmed yet, with `state` as the provider keeps it.
pub fn opened<T: Serialize>(state: T) -> Result<UploadSession> {
    Ok(UploadSession {
        state: serde_json::to_value(state).map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?,
        confirmed: 0,
    })
}

/// The provider's state of a journaled session.
pub fn state_of<T: DeserializeOwned>(session: &UploadSession, drive: &str) -> Result<T> {
    serde_json::from_value(session.state.clone()).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("This {drive} upload's journal cannot be read ({e})"),
        )
    })
}

/// Reads the first `count` bytes of `body` (the server has them) into
/// `hash` without sending them; what comes after stays in `carry`.
pub async fn skip(
    body: &mut ByteStream,
    carry: &mut BytesMut,
    count: u64,
    hash: &mut (dyn FnMut(&[u8]) + Send),
    drive: &str,
) -> Result<()> {
    let mut left = count;
    while left > 0 {
        let Some(chunk) = body.next().await else {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("The file is shorter than what {drive} already has of it: it changed since the upload began"),
            )
            .with_drive(drive));
        };
        let chunk = chunk?;
        let take = (chunk.len() as u64).min(left) as usize;
        hash(&chunk[..take]);
        carry.extend_from_slice(&chunk[take..]);
        left -= take as u64;
    }
    Ok(())
}

/// Reads `body` to its end once the last part is in hand, before that part
/// commits the upload: a verified source says only there that its bytes
/// were not the drive's (a file whose size is an exact multiple of the
/// part size would otherwise commit a corrupt copy). Bytes past the
/// announced size are refused too.
pub async fn ended(body: &mut ByteStream, carry: &BytesMut, drive: &str) -> Result<()> {
    let longer = || {
        Error::new(
            ErrorKind::Conflict,
            "The file is longer than its announced size: it changed while it was uploaded",
        )
        .with_drive(drive)
    };
    if !carry.is_empty() {
        return Err(longer());
    }
    match body.next().await {
        None => Ok(()),
        Some(Err(err)) => Err(err),
        Some(Ok(bytes)) if bytes.is_empty() => Box::pin(ended(body, carry, drive)).await,
        Some(Ok(_)) => Err(longer()),
    }
}
