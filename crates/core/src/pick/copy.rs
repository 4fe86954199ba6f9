//! The three ways a picked file ends up in the result: copied to the storage
//! location (streamed, hashed on the way), linked where it is (link only),
//! or pointed at a copy already in the storage folder (a duplicate).

use super::progress::{self, FileProgress, ProgressSink};
use super::result::StoredFile;
use super::Ended;
use super::{Storage, TransferLog};
use crate::drive::{Drive, Upload};
use crate::drives::hashes::HashKind;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, ContentHash, DriveItem, ItemId};
use crate::mime;
use rand::distr::{Alphanumeric, SampleString};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// What a file became: the copy's id on the storage drive (none when only
/// linked), and its entry in `filesUploaded`.
pub type Done = (Option<ItemId>, StoredFile);

/// Status of a copied file.
pub const STORED: &str = "Stored";
/// Stored on a drive that makes no share links (Amazon Cloud Drive; Azure
/// with a SAS token): `url` is the file's address in the drive's API.
pub const STORED_NO_LINK: &str = "Stored (no link)";
/// Status of a file picked with link only: no copy, its own drive's link.
pub const LINKED: &str = "Linked";

/// Where a copy goes: the storage folder, the name it asks for there, and
/// what happens when that name is taken.
pub struct Destination<'a> {
    pub storage: &'a Storage,
    pub name: &'a str,
    pub on_conflict: ConflictPolicy,
}

pub async fn copy_item(
    source: &dyn Drive,
    item: &DriveItem,
    to: Destination<'_>,
    sink: &ProgressSink,
    report: &FileProgress,
    cancel: &CancellationToken,
    log: Option<(&dyn TransferLog, usize)>,
) -> Result<Done> {
    if item.is_folder() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is a folder: open it and pick the files inside",
                item.name
            ),
        ));
    }
    let head = Arc::new(Mutex::new(Vec::new()));
    let body = progress::or_cancelled(cancel, source.read_verified(item)).await?;
    let body = progress::observe(
        body,
        report.clone(),
        sink.clone(),
        head.clone(),
        cancel.clone(),
    );
    let (body, digest) = crate::drives::remote::hashing::hashing(body, HashKind::Sha256);
    let storage = to.storage;
    let drive = storage.drive();
    let resumable = drive.capabilities().resumable_upload
        && !storage.is_local()
        && item.size.unwrap_or(0) >= super::RESUMABLE_FROM;
    let stored = match log {
        Some((log, position)) if resumable => {
            let folder = storage.folder();
            let size = item.size.unwrap_or(0);
            let session = drive.start_upload(folder, to.name, size, to.on_conflict);
            let session = progress::or_cancelled(cancel, session).await?;
            let id = log.begin(position, item, &session)?;
            let journal = |s: &_| log.journal(id, s);
            let written = drive.resume_upload(session, body, &journal);
            let written = progress::or_cancelled(cancel, written).await;
            let ended = match &written {
                Ok(_) => Ended::Done,
                Err(e) if e.kind() == ErrorKind::Cancelled && log.paused(position) => Ended::Paused,
                Err(e) if e.kind() == ErrorKind::Cancelled => Ended::Cancelled,
                Err(_) => Ended::Failed,
            };
            log.end(id, ended)?;
            if ended == Ended::Paused {
                return Err(Error::new(ErrorKind::Cancelled, super::PAUSED));
            }
            written?
        }
        _ => {
            let upload = Upload {
                name: to.name.to_owned(),
                size: item.size,
                body,
                on_conflict: to.on_conflict,
            };
            progress::or_cancelled(cancel, drive.write(storage.folder(), upload)).await?
        }
    };
    let head = head.lock().map(|h| h.clone()).unwrap_or_default();
    let sha256 = digest
        .finish()
        .map(|(value, _)| ContentHash::new(HashKind::Sha256, value));
    let file = describe(item, &stored, storage, &head, sha256).await?;
    Ok((Some(stored.id), file))
}

/// The result entry of a copy that landed as `stored` in `storage`: its
/// link, and its hash (the destination's own, which its client checked,
/// or `sha256`, the hash of the bytes as they streamed).
pub async fn describe(
    item: &DriveItem,
    stored: &DriveItem,
    storage: &Storage,
    head: &[u8],
    sha256: Option<ContentHash>,
) -> Result<StoredFile> {
    let no_link = |e: Error| {
        Error::new(
            e.kind(),
            format!(
                "{} was stored in {} as {}, but it has no link: {}",
                item.name,
                storage.container(),
                stored.name,
                e.message()
            ),
        )
    };
    let (url, status) = match storage.link(stored).await {
        Ok(url) => (url, STORED),
        Err(e) if e.kind() == ErrorKind::Unsupported => {
            match storage.drive().location(&stored.id).await {
                Some(url) => (url, STORED_NO_LINK),
                None => return Err(no_link(e)),
            }
        }
        Err(e) => return Err(no_link(e)),
    };
    Ok(StoredFile {
        mimetype: mime::sniff(head, &stored.name),
        size: stored.size.unwrap_or_default(),
        key: storage.key(stored),
        container: storage.container().to_owned(),
        url,
        hash: stored.hash.clone().or(sha256),
        ..entry(item, &stored.name, status)
    })
}

/// Link only: nothing is copied; the link is the source drive's share link.
pub(super) async fn link_only(source: &dyn Drive, item: &DriveItem) -> Result<Done> {
    if !source.capabilities().share_link {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "{} cannot make share links, so {} can only be picked by copying it",
                source.display_name(),
                item.name
            ),
        ));
    }
    let url = source.share_link(&item.id).await?;
    let file = StoredFile {
        mimetype: item
            .mime_type
            .clone()
            .unwrap_or_else(|| mime::from_name(&item.name)),
        size: item.size.unwrap_or_default(),
        key: item.display_path.trim_start_matches('/').to_owned(),
        container: source.display_name().to_owned(),
        url,
        hash: item.hash.clone(),
        ..entry(item, &item.name, LINKED)
    };
    Ok((None, file))
}

/// A duplicate: the copy already in the storage folder stands for this file.
pub(super) async fn reuse(item: &DriveItem, copy: DriveItem, storage: &Storage) -> Result<Done> {
    let url = storage.link(&copy).await?;
    let file = StoredFile {
        mimetype: copy
            .mime_type
            .clone()
            .unwrap_or_else(|| mime::from_name(&copy.name)),
        size: copy.size.unwrap_or_default(),
        key: storage.key(&copy),
        container: storage.container().to_owned(),
        url,
        hash: copy.hash.clone().or_else(|| item.hash.clone()),
        reused: true,
        ..entry(item, &copy.name, STORED)
    };
    Ok((Some(copy.id), file))
}

/// The fields every entry has; the callers fill in the rest.
fn entry(item: &DriveItem, filename: &str, status: &str) -> StoredFile {
    StoredFile {
        filename: filename.to_owned(),
        handle: Alphanumeric.sample_string(&mut rand::rng(), 20),
        mimetype: String::new(),
        original_path: item.display_path.clone(),
        size: 0,
        source: String::new(),
        url: String::new(),
        key: String::new(),
        container: String::new(),
        status: status.to_owned(),
        upload_id: uuid::Uuid::new_v4().to_string(),
        hash: None,
        reused: false,
        cropped: None,
        rotated: None,
        resized: None,
        converted: false,
    }
}
