//! The pick pipeline: selected files are copied from their drive to the storage
//! location, up to four at a time, and described in Filestack's result shape.

mod convert;
mod copy;
mod duplicates;
mod journal;
mod progress;
mod result;

pub use crate::storage::Storage;
pub use copy::{copy_item, describe, Destination, LINKED, STORED, STORED_NO_LINK};
pub use journal::{Ended, TransferLog, PAUSED, RESUMABLE_FROM};
pub use progress::{FileProgress, FileStatus, ProgressSink};
pub use result::{FailedFile, PickResult, StoredFile};

use crate::drive::Drive;
use crate::error::{Error, ErrorKind};
use crate::item::{DriveItem, ItemId};
use crate::restrictions::Restrictions;
use crate::sources;
use futures::StreamExt;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// How many files copy at once.
pub const PARALLEL_COPIES: usize = 4;

/// How a pick treats its files beyond copying them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PickOptions {
    /// No copy: each file's link is its own drive's share link.
    pub link_only: bool,
    /// A file whose content already sits in the storage folder is not
    /// copied again; the result points at the copy there.
    pub reuse_duplicates: bool,
    /// Office documents are stored as PDFs (converted by LibreOffice).
    pub documents_to_pdf: bool,
}

/// One file to pick: where it is, the token that stops it alone, and the
/// edit to make of it (an image's conversion) before it is stored.
pub struct Pick {
    pub drive: Arc<dyn Drive>,
    pub id: ItemId,
    pub cancel: CancellationToken,
    pub transform: Option<crate::transform::Transform>,
}

/// What became of one file of a pick.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The file as its drive described it, once it could be read.
    pub item: Option<DriveItem>,
    /// The copy's id on the storage drive.
    pub stored_id: Option<ItemId>,
    pub result: std::result::Result<StoredFile, FailedFile>,
    /// Stopped by the user to go on later: its upload is journaled as paused.
    pub paused: bool,
    /// Not written because its name is taken, and the request asked to be
    /// told (Save to's first try): a question for the user, not a failure.
    pub asked: bool,
}

impl Outcome {
    /// A file that landed (`done`, from `copy_item` and the like), reported
    /// as stored with its source's Filestack name.
    pub fn stored(
        item: DriveItem,
        done: copy::Done,
        source_name: String,
        sink: &ProgressSink,
        report: FileProgress,
    ) -> Self {
        let (stored_id, mut stored) = done;
        stored.source = source_name;
        sink(FileProgress {
            status: FileStatus::Stored,
            bytes_done: stored.size,
            bytes_total: Some(stored.size),
            ..report
        });
        Outcome {
            item: Some(item),
            stored_id,
            result: Ok(stored),
            paused: false,
            asked: false,
        }
    }
}

/// Copies `files` to `storage`. Each file either lands in `filesUploaded`
/// or in `filesFailed` with a reason; the pick as a whole does not fail
/// because one file did.
pub async fn pick(
    files: Vec<Pick>,
    storage: &Storage,
    sink: ProgressSink,
    rules: &Restrictions,
) -> PickResult {
    let options = PickOptions::default();
    PickResult::from_outcomes(pick_each(files, storage, sink, rules, options, None).await)
}

/// Copies (or links) `files` to `storage` and says what became of each, in order.
pub async fn pick_each(
    files: Vec<Pick>,
    storage: &Storage,
    sink: ProgressSink,
    rules: &Restrictions,
    options: PickOptions,
    log: Option<&dyn TransferLog>,
) -> Vec<Outcome> {
    // What is in the storage folder already, for duplicates; looked at once.
    let existing = match options.reuse_duplicates && !options.link_only {
        true => storage.files().await.unwrap_or_default(),
        false => Vec::new(),
    };
    let context = Context {
        storage,
        rules,
        options,
        existing: &existing,
        log,
    };
    futures::stream::iter(files.into_iter().enumerate())
        .map(|(index, file)| copy_one(file, index, &context, sink.clone()))
        .buffered(PARALLEL_COPIES)
        .collect()
        .await
}

/// What every file of one pick shares.
struct Context<'a> {
    storage: &'a Storage,
    rules: &'a Restrictions,
    options: PickOptions,
    existing: &'a [DriveItem],
    log: Option<&'a dyn TransferLog>,
}

impl PickResult {
    pub fn from_outcomes(outcomes: impl IntoIterator<Item = Outcome>) -> Self {
        let mut result = PickResult::default();
        for outcome in outcomes {
            match outcome.result {
                Ok(stored) => result.files_uploaded.push(stored),
                Err(failed) if outcome.asked => result.files_taken.push(failed),
                Err(failed) => result.files_failed.push(failed),
            }
        }
        result
    }
}

async fn copy_one(file: Pick, index: usize, context: &Context<'_>, sink: ProgressSink) -> Outcome {
    let Pick {
        drive: source,
        id,
        cancel,
        transform,
    } = file;
    let source_name = sources::filestack_name(source.kind()).to_owned();
    let mut report = FileProgress {
        index,
        filename: id
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned(),
        status: FileStatus::Copying,
        bytes_done: 0,
        bytes_total: None,
        error: None,
    };
    let failed = |result, item| Outcome {
        item,
        stored_id: None,
        result: Err(result),
        paused: false,
        asked: false,
    };
    let item = match progress::or_cancelled(&cancel, source.stat(&id)).await {
        Ok(item) => item,
        Err(err) => return failed(fail(&sink, report, id.as_str(), &source_name, err), None),
    };
    report.filename = item.name.clone();
    report.bytes_total = item.size;
    let refused = progress::or_cancelled(&cancel, async {
        Ok(refusal(&*source, &item, context.rules).await)
    });
    let refused = match refused.await {
        Ok(refused) => refused,
        Err(err) => {
            let result = fail(&sink, report, &item.display_path, &source_name, err);
            return failed(result, Some(item));
        }
    };
    if let Some(reason) = refused {
        let err = Error::new(ErrorKind::InvalidInput, reason);
        let result = fail(&sink, report, &item.display_path, &source_name, err);
        return failed(result, Some(item));
    }
    sink(report.clone());
    // Settings' image rules (Filestack's imageMax, imageMin, imageDim) make
    // a resize of an image that has no edit of its own.
    let done = progress::or_cancelled(&cancel, async {
        let ruled = match (&transform, context.options.link_only) {
            (None, false) => image_rule(&*source, &item, context.rules).await,
            _ => None,
        };
        if let Some(edit) = &transform {
            let storage = context.storage;
            convert::convert_item(
                &*source, &item, edit, None, storage, &sink, &report, &cancel,
            )
            .await
        } else if context.options.documents_to_pdf
            && !context.options.link_only
            && crate::documents::is_office(&item.name)
        {
            convert::document_item(&*source, &item, context.storage, &sink, &report, &cancel).await
        } else if let Some((rule, resize)) = &ruled {
            let storage = context.storage;
            let rule = Some(*rule);
            convert::convert_item(
                &*source, &item, resize, rule, storage, &sink, &report, &cancel,
            )
            .await
        } else if context.options.link_only {
            copy::link_only(&*source, &item).await
        } else {
            let found = match context.options.reuse_duplicates {
                true => duplicates::find(&*source, &item, context.storage, context.existing).await,
                false => None,
            };
            match found {
                Some(copy) => copy::reuse(&item, copy, context.storage).await,
                None => {
                    let log = context.log.map(|log| (log, index));
                    let to = copy::Destination {
                        storage: context.storage,
                        name: &item.name,
                        on_conflict: crate::item::ConflictPolicy::Rename,
                    };
                    copy::copy_item(&*source, &item, to, &sink, &report, &cancel, log).await
                }
            }
        }
    })
    .await;
    match done {
        Ok(done) => Outcome::stored(item, done, source_name, &sink, report),
        Err(err) => {
            let paused = err.message() == PAUSED;
            let result = fail(&sink, report, &item.display_path, &source_name, err);
            Outcome {
                paused,
                ..failed(result, Some(item))
            }
        }
    }
}

/// The resize Settings' image rules ask for `item`, if it is an image they
/// change (measured from its first bytes; one that cannot be measured is
/// stored as it is).
async fn image_rule(
    source: &dyn Drive,
    item: &DriveItem,
    rules: &Restrictions,
) -> Option<(&'static str, crate::transform::Transform)> {
    if !rules.resizes_images() || !crate::thumbnails::is_image(&item.name) {
        return None;
    }
    let size = crate::thumbnails::measure(source, &item.id).await.ok()??;
    rules.resize_for(size)
}

/// Why the restrictions refuse `item`: its type or size, or, for an image
/// when image sizes are limited, its pixels (read from its first bytes).
async fn refusal(source: &dyn Drive, item: &DriveItem, rules: &Restrictions) -> Option<String> {
    if let Some(reason) = rules
        .refuses_source(source.kind())
        .or_else(|| rules.refuses(item))
    {
        return Some(reason);
    }
    if !rules.limits_images() || !crate::thumbnails::is_image(&item.name) {
        return None;
    }
    match crate::thumbnails::measure(source, &item.id).await {
        Ok(Some(size)) => rules.refuses_image(size),
        Ok(None) => Some("Cloudpick could not read this image's size, which the image-size limits in Settings need".to_owned()),
        Err(e) => Some(e.message().to_owned()),
    }
}

fn fail(
    sink: &ProgressSink,
    report: FileProgress,
    path: &str,
    source: &str,
    err: Error,
) -> FailedFile {
    let message = err.message().to_owned();
    sink(FileProgress {
        status: FileStatus::Failed,
        error: Some(message.clone()),
        ..report.clone()
    });
    FailedFile {
        filename: report.filename,
        original_path: path.to_owned(),
        source: source.to_owned(),
        error: message,
    }
}
