//! Duplicates: a picked file whose content already sits in the storage
//! folder. Same size first (cheap), then the same hash: the providers' own
//! when both sides have one of a kind, else computed here from a side that
//! is on this computer (reading a local file is cheap; downloading is not).

use super::Storage;
use crate::drive::Drive;
use crate::drives::hashes::HashKind;
use crate::item::{ContentHash, DriveItem};
use futures::TryStreamExt;

/// The copy in the storage folder with `item`'s content, if there is one;
/// it carries the hash both were found to share.
pub(super) async fn find(
    source: &dyn Drive,
    item: &DriveItem,
    storage: &Storage,
    existing: &[DriveItem],
) -> Option<DriveItem> {
    let size = item.size?;
    for candidate in existing.iter().filter(|c| c.size == Some(size)) {
        let kind = candidate
            .hash
            .as_ref()
            .or(item.hash.as_ref())
            .map_or(HashKind::Sha256, |h| h.algorithm);
        let Some(theirs) = hash_of(&**storage.drive(), candidate, kind).await else {
            continue;
        };
        if hash_of(source, item, kind).await.as_ref() == Some(&theirs) {
            return Some(DriveItem {
                hash: Some(ContentHash::new(kind, theirs)),
                ..candidate.clone()
            });
        }
    }
    None
}

/// `item`'s hash of `kind`: the drive's, or computed when the file is local.
async fn hash_of(drive: &dyn Drive, item: &DriveItem, kind: HashKind) -> Option<String> {
    if let Some(hash) = item.hash.as_ref().filter(|h| h.algorithm == kind) {
        return Some(hash.value.clone());
    }
    if drive.kind() != crate::drives::local::KIND {
        return None;
    }
    let body = drive.read(&item.id, None).await.ok()?;
    let (body, digest) = crate::drives::remote::hashing::hashing(body, kind);
    body.try_for_each(|_| futures::future::ready(Ok(())))
        .await
        .ok()?;
    digest.finish().map(|(value, _)| value)
}
