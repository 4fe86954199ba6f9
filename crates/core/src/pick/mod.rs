//! The pick pipeline: selected files are copied from their drive to the storage
//! location, up to four at a time, and described in Filestack's result shape.

mod progress;
mod result;

pub use progress::{FileProgress, FileStatus, ProgressSink};
pub use result::{FailedFile, PickResult, StoredFile};

use crate::drive::{Drive, Upload};
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, DriveItem, ItemId};
use crate::local::LocalDrive;
use crate::restrictions::Restrictions;
use crate::{mime, sources};
use futures::StreamExt;
use rand::distr::{Alphanumeric, SampleString};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// How many files copy at once.
pub const PARALLEL_COPIES: usize = 4;

/// Where picked files are stored: a local folder.
pub struct Storage {
    drive: LocalDrive,
}

impl Storage {
    /// Storage in `folder`, created if it does not exist yet.
    pub fn local(folder: &Path) -> Result<Self> {
        std::fs::create_dir_all(folder)
            .map_err(|e| Error::from_io(e, "create", &folder.display().to_string()))?;
        Ok(Storage {
            drive: LocalDrive::new(folder)?,
        })
    }

    /// The storage root, as it appears in `container`.
    pub fn root(&self) -> &Path {
        self.drive.root_path()
    }
}

/// One file to pick: where it is, and the token that stops it alone.
pub struct Pick {
    pub drive: Arc<dyn Drive>,
    pub id: ItemId,
    pub cancel: CancellationToken,
}

/// What became of one file of a pick.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The file as its drive described it, once it could be read.
    pub item: Option<DriveItem>,
    /// The copy's id on the storage drive.
    pub stored_id: Option<ItemId>,
    pub result: std::result::Result<StoredFile, FailedFile>,
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
    PickResult::from_outcomes(pick_each(files, storage, sink, rules).await)
}

/// Copies `files` to `storage` and says what became of each, in order.
pub async fn pick_each(
    files: Vec<Pick>,
    storage: &Storage,
    sink: ProgressSink,
    rules: &Restrictions,
) -> Vec<Outcome> {
    futures::stream::iter(files.into_iter().enumerate())
        .map(|(index, file)| copy_one(file, index, storage, sink.clone(), rules))
        .buffered(PARALLEL_COPIES)
        .collect()
        .await
}

impl PickResult {
    pub fn from_outcomes(outcomes: impl IntoIterator<Item = Outcome>) -> Self {
        let mut result = PickResult::default();
        for outcome in outcomes {
            match outcome.result {
                Ok(stored) => result.files_uploaded.push(stored),
                Err(failed) => result.files_failed.push(failed),
            }
        }
        result
    }
}

async fn copy_one(
    file: Pick,
    index: usize,
    storage: &Storage,
    sink: ProgressSink,
    rules: &Restrictions,
) -> Outcome {
    let Pick {
        drive: source,
        id,
        cancel,
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
    };
    let item = match source.stat(&id).await {
        Ok(item) => item,
        Err(err) => return failed(fail(&sink, report, id.as_str(), &source_name, err), None),
    };
    report.filename = item.name.clone();
    report.bytes_total = item.size;
    if let Some(reason) = refusal(&*source, &item, rules).await {
        let err = Error::new(ErrorKind::InvalidInput, reason);
        let result = fail(&sink, report, &item.display_path, &source_name, err);
        return failed(result, Some(item));
    }
    sink(report.clone());
    match copy_item(&*source, &item, storage, &sink, &report, &cancel).await {
        Ok((stored_id, mut stored)) => {
            stored.source = source_name;
            sink(FileProgress {
                status: FileStatus::Stored,
                bytes_done: stored.size,
                bytes_total: Some(stored.size),
                ..report
            });
            Outcome {
                item: Some(item),
                stored_id: Some(stored_id),
                result: Ok(stored),
            }
        }
        Err(err) => {
            let result = fail(&sink, report, &item.display_path, &source_name, err);
            failed(result, Some(item))
        }
    }
}

/// Why the restrictions refuse `item`: its type or size, or, for an image
/// when image sizes are limited, its pixels (read from its first bytes).
async fn refusal(source: &dyn Drive, item: &DriveItem, rules: &Restrictions) -> Option<String> {
    if let Some(reason) = rules.refuses(item) {
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

async fn copy_item(
    source: &dyn Drive,
    item: &DriveItem,
    storage: &Storage,
    sink: &ProgressSink,
    report: &FileProgress,
    cancel: &CancellationToken,
) -> Result<(ItemId, StoredFile)> {
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
    let body = source.read_verified(item).await?;
    let body = progress::observe(
        body,
        report.clone(),
        sink.clone(),
        head.clone(),
        cancel.clone(),
    );
    let upload = Upload {
        name: item.name.clone(),
        size: item.size,
        body,
        on_conflict: ConflictPolicy::Rename,
    };
    let drive = &storage.drive;
    let stored = drive.write(&drive.root(), upload).await?;
    let path = drive.path_of(&stored.id)?;
    let head = head.lock().map(|h| h.clone()).unwrap_or_default();
    let file = StoredFile {
        mimetype: mime::sniff(&head, &stored.name),
        handle: Alphanumeric.sample_string(&mut rand::rng(), 20),
        original_path: item.display_path.clone(),
        size: stored.size.unwrap_or_default(),
        source: String::new(),
        url: file_url(&path),
        key: relative_key(storage.root(), &path),
        container: storage.root().display().to_string(),
        status: "Stored".to_owned(),
        upload_id: uuid::Uuid::new_v4().to_string(),
        filename: stored.name,
    };
    Ok((stored.id, file))
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

fn file_url(path: &Path) -> String {
    url::Url::from_file_path(path)
        .map(String::from)
        .unwrap_or_else(|_| path.display().to_string())
}

fn relative_key(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .map(PathBuf::from)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}
