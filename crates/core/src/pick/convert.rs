//! A picked image with an edit: its bytes stream from the drive into a
//! temporary file (a conversion needs the whole file; nothing else does),
//! the conversion runs on the blocking pool, and the result is stored like
//! any copy, under the name its format asks for.

use super::copy::{describe, Done};
use super::progress::{self, FileProgress, ProgressSink};
use super::Storage;
use crate::drive::{Drive, Upload};
use crate::drives::hashes::HashKind;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, ContentHash, DriveItem};
use crate::transform::{self, Transform};
use futures::TryStreamExt;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// `rule` names the Settings image rule that asked for `edit`, if one did:
/// the entry then says what it did.
#[allow(clippy::too_many_arguments)]
pub(super) async fn convert_item(
    source: &dyn Drive,
    item: &DriveItem,
    edit: &Transform,
    rule: Option<&'static str>,
    storage: &Storage,
    sink: &ProgressSink,
    report: &FileProgress,
    cancel: &CancellationToken,
) -> Result<Done> {
    let limits = transform::Limits::default();
    if item.size.unwrap_or(0) > limits.max_input {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is larger than the {} MiB Cloudpick converts",
                item.name,
                limits.max_input >> 20
            ),
        ));
    }
    let work = tempfile::tempdir().map_err(|e| Error::from_io(e, "convert", &item.name))?;
    let original = fetched(source, item, work.path(), sink, report, cancel).await?;
    // A PDF's page (or a document's, through its PDF) is drawn first; the
    // edit then applies to that picture.
    let picture = if crate::documents::is_pdf(&item.name) || crate::documents::is_office(&item.name)
    {
        let pdf = match crate::documents::is_office(&item.name) {
            true => crate::documents::to_pdf(&original, work.path()).await?,
            false => original,
        };
        let png =
            crate::documents::page_to_png(&pdf, edit.page.unwrap_or(1), None, work.path()).await?;
        let drawn = work.path().join("page.png");
        std::fs::write(&drawn, png).map_err(|e| Error::from_io(e, "convert", &item.name))?;
        drawn
    } else {
        original
    };
    let file =
        std::fs::File::open(&picture).map_err(|e| Error::from_io(e, "convert", &item.name))?;
    let t = edit.clone();
    let converted = tokio::task::spawn_blocking(move || {
        transform::convert(std::io::BufReader::new(file), &t, &limits)
    })
    .await
    .map_err(|_| Error::new(ErrorKind::Io, "The conversion stopped unexpectedly"))?
    .map_err(|reason| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("{} could not be converted: {reason}", item.name),
        )
    })?;
    let name = converted.format.name_for(&item.name);
    let sha256 = ContentHash::new(
        HashKind::Sha256,
        crate::drives::hashes::digest(HashKind::Sha256, &converted.bytes),
    );
    let bytes = bytes::Bytes::from(converted.bytes);
    let upload = Upload {
        name,
        size: Some(bytes.len() as u64),
        body: Box::pin(futures::stream::once(async move { Ok(bytes) })),
        on_conflict: ConflictPolicy::Rename,
    };
    let head: Vec<u8> = Vec::new();
    let stored = storage.drive().write(storage.folder(), upload).await?;
    let mut file = describe(item, &stored, storage, &head, Some(sha256)).await?;
    file.mimetype = converted.format.mime().to_owned();
    file.cropped = converted.cropped;
    file.rotated = converted.rotated;
    file.resized = rule.map(|rule| super::result::Resized {
        rule: rule.to_owned(),
        original_image_size: [converted.original.0, converted.original.1],
        size: [converted.width, converted.height],
    });
    Ok((Some(stored.id), file))
}

/// `item`'s bytes, checked and reported as they stream, in a file of
/// `dir` that keeps its name.
async fn fetched(
    source: &dyn Drive,
    item: &DriveItem,
    dir: &std::path::Path,
    sink: &ProgressSink,
    report: &FileProgress,
    cancel: &CancellationToken,
) -> Result<std::path::PathBuf> {
    let path = dir.join(crate::names::sanitize(&item.name));
    let head = Arc::new(Mutex::new(Vec::new()));
    let body = source.read_verified(item).await?;
    let mut body = progress::observe(body, report.clone(), sink.clone(), head, cancel.clone());
    let mut file = tokio::fs::File::create(&path)
        .await
        .map_err(|e| Error::from_io(e, "convert", &item.name))?;
    while let Some(chunk) = body.try_next().await? {
        tokio::io::AsyncWriteExt::write_all(&mut file, &chunk)
            .await
            .map_err(|e| Error::from_io(e, "convert", &item.name))?;
    }
    tokio::io::AsyncWriteExt::flush(&mut file)
        .await
        .map_err(|e| Error::from_io(e, "convert", &item.name))?;
    Ok(path)
}

/// A picked office document stored as a PDF: its bytes stream to a
/// temporary file, LibreOffice converts it, and the PDF streams to storage
/// as `name.pdf`.
pub(super) async fn document_item(
    source: &dyn Drive,
    item: &DriveItem,
    storage: &Storage,
    sink: &ProgressSink,
    report: &FileProgress,
    cancel: &CancellationToken,
) -> Result<Done> {
    let work = tempfile::tempdir().map_err(|e| Error::from_io(e, "convert", &item.name))?;
    let original = fetched(source, item, work.path(), sink, report, cancel).await?;
    let pdf = crate::documents::to_pdf(&original, work.path()).await?;
    let name = crate::documents::pdf_name(&item.name);
    let opened = tokio::fs::File::open(&pdf)
        .await
        .map_err(|e| Error::from_io(e, "read", &name))?;
    let size = opened.metadata().await.ok().map(|m| m.len());
    let shown = name.clone();
    let stream = tokio_util::io::ReaderStream::new(opened)
        .map_err(move |e| Error::from_io(e, "read", &shown));
    let (body, digest) =
        crate::drives::remote::hashing::hashing(Box::pin(stream), HashKind::Sha256);
    let upload = Upload {
        name,
        size,
        body,
        on_conflict: ConflictPolicy::Rename,
    };
    let stored = storage.drive().write(storage.folder(), upload).await?;
    let sha256 = digest
        .finish()
        .map(|(value, _)| ContentHash::new(HashKind::Sha256, value));
    let mut file = describe(item, &stored, storage, b"%PDF", sha256).await?;
    file.mimetype = "application/pdf".to_owned();
    file.converted = true;
    Ok((Some(stored.id), file))
}
