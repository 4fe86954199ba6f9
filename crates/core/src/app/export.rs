//! Save to: files from any drive (or This computer) written to a folder on
//! any connected drive, under the name the user gave, streamed drive to
//! drive with the destination's hash checked, through its resumable
//! sessions for large files. Nothing is replaced unless the request says so.

use crate::app::after_copy::{CopyBatch, Record};
pub use crate::app::export_plan::ExportItem;
use crate::app::export_plan::Planned;
use crate::app::Cloudpick;
use crate::error::{Error, ErrorKind, Result};
use crate::events::BatchKind;
use crate::item::{ConflictPolicy, ItemId};
use crate::pick::{
    self, Destination, FailedFile, FileProgress, FileStatus, Outcome, PickResult, ProgressSink,
};
use crate::storage::StoreTo;
use serde::Deserialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// What to do when the name is taken in the folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "OnConflict.ts")]
pub enum OnConflict {
    /// Keep both: `name (1).ext`.
    #[default]
    Rename,
    /// Replace the file there; only when the user said so.
    Replace,
    /// Stop and say so, for the user to choose.
    Ask,
}

impl OnConflict {
    fn policy(self) -> ConflictPolicy {
        match self {
            OnConflict::Rename => ConflictPolicy::Rename,
            OnConflict::Replace => ConflictPolicy::Replace,
            OnConflict::Ask => ConflictPolicy::Fail,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "ExportRequest.ts")]
pub struct ExportRequest {
    pub items: Vec<ExportItem>,
    /// The drive and folder to save to.
    pub to: StoreTo,
    #[serde(default)]
    pub on_conflict: OnConflict,
}

impl Cloudpick {
    /// Makes folder `name` in `parent` on `source`, for the save dialog's
    /// New folder. A name that is taken is refused, with the reason.
    pub async fn create_folder(
        &self,
        source: &str,
        parent: &ItemId,
        name: &str,
    ) -> Result<crate::item::DriveItem> {
        let name = crate::names::sanitize(name.trim());
        if name.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Give the new folder a name",
            ));
        }
        self.drive(source)?.create_folder(parent, &name).await
    }

    /// Saves the request's files to its folder, one after another; each
    /// lands in `filesUploaded` with its link and hash, or in `filesFailed`
    /// with the reason. A folder's files go into folders of the same names.
    /// Recorded in Activity as an export.
    pub async fn export(&self, request: ExportRequest, sink: ProgressSink) -> Result<PickResult> {
        self.export_as(request, sink, false, CancellationToken::new())
            .await
    }

    /// A save the window runs, which [`Cloudpick::cancel_export`] with the
    /// same `id` stops: the file on its way is not written, the ones after
    /// it are not started, and the ones saved already stay.
    pub async fn export_stoppable(
        &self,
        id: String,
        request: ExportRequest,
        sink: ProgressSink,
    ) -> Result<PickResult> {
        let cancel = CancellationToken::new();
        let _listed = Stoppable::list(&self.stoppable_saves, id, cancel.clone())?;
        self.export_as(request, sink, false, cancel).await
    }

    /// Stops the window's save `id`, if it still runs.
    pub fn cancel_export(&self, id: &str) {
        if let Some(cancel) = self
            .stoppable_saves
            .lock()
            .ok()
            .and_then(|s| s.get(id).cloned())
        {
            cancel.cancel();
        }
    }

    /// A save whose files were `converted` on the way (the command line's
    /// `convert`): webhooks get `fp.converse` for each instead of `fp.export`.
    pub(crate) async fn export_as(
        &self,
        request: ExportRequest,
        sink: ProgressSink,
        converted: bool,
        cancel: CancellationToken,
    ) -> Result<PickResult> {
        if request.items.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Choose at least one file to save",
            ));
        }
        // A save counts as running from its first step: a window closed while
        // its storage is still being opened waits for it in the tray.
        let _running = Running::count(&self.exporting);
        let storage = self.storage_for(Some(&request.to)).await?;
        let plan = self.plan_export(&request.items).await;
        let mut folders = std::collections::HashMap::new();
        for folder in &plan.folders {
            let below = self.storage_below(&request.to, folder).await?;
            folders.insert(folder.clone(), below);
        }
        let sources: Vec<(String, ItemId)> = plan
            .files
            .iter()
            .map(|p| match p {
                // A file of this computer by its full path, to be found again (Retry).
                Planned::Copy(job) if job.source == super::export_plan::PATH_SOURCE => {
                    let path = job
                        .drive
                        .local_url(&job.item.id)
                        .and_then(|u| u.to_file_path().ok());
                    let id = path.map_or_else(
                        || job.item.id.clone(),
                        |p| ItemId::new(p.display().to_string()),
                    );
                    (job.source.clone(), id)
                }
                Planned::Copy(job) => (job.source.clone(), job.item.id.clone()),
                Planned::Fail(f) => (f.source.clone(), ItemId::new(f.shown.clone())),
            })
            .collect();
        let record = Record::New {
            storage: &storage,
            sources: &sources,
        };
        let edited = vec![converted; plan.files.len()];
        let batch = CopyBatch::into(BatchKind::Export, &storage, record, edited);
        let on_conflict = request.on_conflict;
        self.copy_batch(batch, |_| async {
            let mut outcomes = Vec::with_capacity(plan.files.len());
            for (index, planned) in plan.files.into_iter().enumerate() {
                let here = match &planned {
                    Planned::Copy(job) => folders.get(&job.folder).unwrap_or(&storage),
                    Planned::Fail(_) => &storage,
                };
                let cancel = cancel.child_token();
                let one = export_one(index, planned, here, on_conflict, &sink, &cancel);
                outcomes.push(one.await);
            }
            outcomes
        })
        .await
    }

    /// The storage for folder `below` (`"Trip/Day 1"`) inside `to`, made if missing.
    async fn storage_below(&self, to: &StoreTo, below: &str) -> Result<pick::Storage> {
        let path = format!("{}/{below}", to.path.trim_end_matches('/'));
        self.storage_for(Some(&StoreTo {
            location: to.location.clone(),
            path,
        }))
        .await
    }
}

async fn export_one(
    index: usize,
    planned: Planned,
    storage: &pick::Storage,
    on_conflict: OnConflict,
    sink: &ProgressSink,
    cancel: &CancellationToken,
) -> Outcome {
    let failed = |item, filename: String, path: String, source: String, err: Error| {
        // A taken name the request asks about is a question, not a failure.
        let asked = on_conflict == OnConflict::Ask && err.kind() == ErrorKind::Conflict;
        let message = match asked {
            true => format!(
                "{filename} is already in {}: save it under another name, or choose Replace",
                storage.place()
            ),
            false => err.message().to_owned(),
        };
        sink(FileProgress {
            index,
            filename: filename.clone(),
            status: if asked {
                FileStatus::Taken
            } else {
                FileStatus::Failed
            },
            bytes_done: 0,
            bytes_total: None,
            error: Some(message.clone()),
        });
        Outcome {
            item,
            stored_id: None,
            result: Err(FailedFile {
                filename,
                original_path: path,
                source,
                error: message,
            }),
            paused: false,
            asked,
        }
    };
    let job = match planned {
        Planned::Copy(job) => job,
        Planned::Fail(f) => return failed(None, f.shown.clone(), f.shown, f.source_name, f.error),
    };
    let report = FileProgress {
        index,
        filename: job.name.clone(),
        status: FileStatus::Copying,
        bytes_done: 0,
        bytes_total: job.item.size,
        error: None,
    };
    sink(report.clone());
    let to = Destination {
        storage,
        name: &job.name,
        on_conflict: on_conflict.policy(),
    };
    match pick::copy_item(&*job.drive, &job.item, to, sink, &report, cancel, None).await {
        Ok(done) => Outcome::stored(job.item, done, job.source_name, sink, report),
        Err(e) => {
            let path = job.item.display_path.clone();
            failed(Some(job.item), job.name, path, job.source_name, e)
        }
    }
}

type Saves = std::sync::Mutex<std::collections::HashMap<String, CancellationToken>>;

/// A save listed as one the window can stop, for as long as it lives.
struct Stoppable<'a>(&'a Saves, String);

impl<'a> Stoppable<'a> {
    fn list(saves: &'a Saves, id: String, cancel: CancellationToken) -> Result<Self> {
        let mut listed = saves.lock().map_err(|_| crate::error::poisoned())?;
        if listed.contains_key(&id) {
            return Err(Error::new(
                ErrorKind::Conflict,
                "This save is running already",
            ));
        }
        listed.insert(id.clone(), cancel);
        Ok(Stoppable(saves, id))
    }
}

impl Drop for Stoppable<'_> {
    fn drop(&mut self) {
        if let Ok(mut listed) = self.0.lock() {
            listed.remove(&self.1);
        }
    }
}

/// Counts a running save for as long as it lives.
struct Running<'a>(&'a AtomicUsize);

impl<'a> Running<'a> {
    fn count(counter: &'a AtomicUsize) -> Self {
        counter.fetch_add(1, Ordering::Relaxed);
        Running(counter)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
