//! Writing objects: the body streams into OpenDAL's writer, which sends it
//! as a multipart upload (S3) or blocks (Azure) of `PART` bytes, so memory
//! stays at one part whatever the file's size. A taken name is never
//! overwritten unless the caller asked for that.

use super::paths;
use super::store::{Objects, Store};
use crate::drive::{ByteStream, Upload};
use crate::drives::hashes::HashKind;
use crate::drives::remote::hashing::hashing;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, ContentHash, DriveItem};
use crate::names;
use futures::StreamExt;

/// The size of each part sent: above S3's 5 MiB minimum.
pub const PART: usize = 8 << 20;

/// How many ` (n)` names to try before giving up.
const MAX_RENAMES: u32 = 1_000;

pub async fn store<S: Store>(
    drive: &Objects<S>,
    bucket: &str,
    prefix: &str,
    upload: Upload,
) -> Result<DriveItem> {
    let name = paths::checked_name(&upload.name)?;
    let key = match upload.on_conflict {
        ConflictPolicy::Replace => format!("{prefix}{name}"),
        ConflictPolicy::Fail => {
            let key = format!("{prefix}{name}");
            if exists(drive, bucket, &key).await? {
                return Err(taken(bucket, &key));
            }
            key
        }
        ConflictPolicy::Rename => free_key(drive, bucket, prefix, &name).await?,
    };
    let guarded = upload.on_conflict != ConflictPolicy::Replace;
    let sent = put(drive, bucket, &key, upload.body, guarded).await?;
    let shown = paths::display(bucket, &key);
    let op = drive.op(bucket)?;
    let meta = op
        .stat(&key)
        .await
        .map_err(|e| drive.failed(e, "find", &shown))?;
    let mut item = drive.item(bucket, &key, &meta);
    match &item.hash {
        // The service's own MD5 (one part): it must be the one of the bytes sent.
        Some(held) if held.value != sent => {
            let _ = op.delete(&key).await;
            return Err(Error::new(
                ErrorKind::Transient,
                format!(
                    "{} holds other bytes than were sent to {shown}: it was removed, try again",
                    S::NAME
                ),
            )
            .with_drive(S::NAME));
        }
        Some(_) => {}
        // Sent in parts, the object has no MD5 of its own: the result has the
        // one of the bytes sent, each part of which the service confirmed.
        None => item.hash = Some(ContentHash::new(HashKind::Md5, sent)),
    }
    Ok(item)
}

/// The first of `name`, `name (1)`, `name (2)`… that no object has.
pub async fn free_key<S: Store>(
    drive: &Objects<S>,
    bucket: &str,
    prefix: &str,
    name: &str,
) -> Result<String> {
    for n in 0..MAX_RENAMES {
        let candidate = if n == 0 {
            name.to_owned()
        } else {
            names::numbered(name, n)
        };
        let key = format!("{prefix}{candidate}");
        if !exists(drive, bucket, &key).await? {
            return Ok(key);
        }
    }
    Err(taken(bucket, &format!("{prefix}{name}")))
}

/// Streams `body` to `key`; `guarded` asks the service to refuse it if the
/// key was taken meanwhile, where it can. Returns the MD5 (hex) of the bytes sent.
pub async fn put<S: Store>(
    drive: &Objects<S>,
    bucket: &str,
    key: &str,
    body: ByteStream,
    guarded: bool,
) -> Result<String> {
    let (mut body, digest) = hashing(body, HashKind::Md5);
    let op = drive.op(bucket)?;
    let shown = paths::display(bucket, key);
    let can_guard = op.info().full_capability().write_with_if_not_exists;
    let mime = crate::mime::from_name(key);
    let writer = op
        .writer_with(key)
        .chunk(PART)
        .content_type(&mime)
        .if_not_exists(guarded && can_guard)
        .await
        .map_err(|e| drive.failed(e, "store", &shown))?;
    let mut writer = Unfinished(Some(writer));
    while let Some(chunk) = body.next().await {
        let sent = match chunk {
            Ok(bytes) => writer
                .get()
                .write(bytes)
                .await
                .map_err(|e| drive.failed(e, "store", &shown)),
            Err(e) => Err(e),
        };
        // Dropped with an error: the parts sent so far are aborted.
        sent?;
    }
    writer
        .get()
        .close()
        .await
        .map_err(|e| drive.failed(e, "store", &shown))?;
    writer.finished();
    digest
        .finish()
        .map(|(md5, _)| md5)
        .ok_or_else(|| Error::new(ErrorKind::Io, "The upload's hash was lost"))
}

/// A writer not yet closed. Dropped so (a failure, Cancel, the app going
/// down mid-upload), it aborts the upload in the background: a multipart
/// upload left open keeps its parts on the service, and S3 bills them.
struct Unfinished(Option<opendal::Writer>);

impl Unfinished {
    fn get(&mut self) -> &mut opendal::Writer {
        self.0.as_mut().expect("a writer until it is finished")
    }

    /// Closed: nothing to abort any more.
    fn finished(mut self) {
        self.0.take();
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        let Some(mut writer) = self.0.take() else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = writer.abort().await;
            });
        }
    }
}

async fn exists<S: Store>(drive: &Objects<S>, bucket: &str, key: &str) -> Result<bool> {
    drive
        .op(bucket)?
        .exists(key)
        .await
        .map_err(|e| drive.failed(e, "find", &paths::display(bucket, key)))
}

fn taken(bucket: &str, key: &str) -> Error {
    Error::new(
        ErrorKind::Conflict,
        format!("{} already exists", paths::display(bucket, key)),
    )
    .with_existing(paths::id(bucket, key).0)
}
