//! Save to: files from any drive (or This computer) written to a folder on
//! any connected drive, under the name the user gave, streamed drive to
//! drive with the destination's hash checked, through its resumable
//! sessions for large files. Nothing is replaced unless the request says so.

use crate::api::Cloudpick;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, ItemId};
use crate::pick::{
    self, Destination, FailedFile, FileProgress, FileStatus, Outcome, PickResult, ProgressSink,
};
use crate::storage::StoreTo;
use serde::Deserialize;
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

/// One file to save, and the name to save it under (Filestack's
/// `suggestedFilename`, as the user edited it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "ExportItem.ts")]
pub struct ExportItem {
    pub source: String,
    pub id: ItemId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
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
    /// with the reason. Recorded in Activity as an export.
    pub async fn export(&self, request: ExportRequest, sink: ProgressSink) -> Result<PickResult> {
        if request.items.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Choose at least one file to save",
            ));
        }
        let storage = self.storage_for(Some(&request.to)).await?;
        let sources: Vec<(String, ItemId)> = request
            .items
            .iter()
            .map(|i| (i.source.clone(), i.id.clone()))
            .collect();
        let record = self.history.start("export", &storage, &sources)?;
        let mut outcomes = Vec::with_capacity(request.items.len());
        for (index, wanted) in request.items.iter().enumerate() {
            outcomes.push(
                self.export_one(index, wanted, &storage, request.on_conflict, &sink)
                    .await,
            );
        }
        let result = PickResult::from_outcomes(outcomes.iter().cloned());
        self.history.finish_pick(record, &outcomes, &result)?;
        Ok(result)
    }

    async fn export_one(
        &self,
        index: usize,
        wanted: &ExportItem,
        storage: &pick::Storage,
        on_conflict: OnConflict,
        sink: &ProgressSink,
    ) -> Outcome {
        let failed = |item, filename: String, path: String, source: String, err: Error| {
            let message = match err.kind() {
                ErrorKind::Conflict => format!(
                    "{filename} is already in {}: save it under another name, or choose Replace",
                    place(storage)
                ),
                _ => err.message().to_owned(),
            };
            sink(FileProgress {
                index,
                filename: filename.clone(),
                status: FileStatus::Failed,
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
            }
        };
        let shown = wanted.id.as_str().to_owned();
        let opened = self.drive(&wanted.source);
        let source_name = opened
            .as_ref()
            .map_or("", |d| crate::sources::filestack_name(d.kind()))
            .to_owned();
        let looked_up = match &opened {
            Ok(drive) => drive.stat(&wanted.id).await,
            Err(e) => Err(Error::new(e.kind(), e.message())),
        };
        let (drive, item) = match (opened, looked_up) {
            (Ok(drive), Ok(item)) => (drive, item),
            (_, Err(e)) => return failed(None, shown.clone(), shown, source_name, e),
            (Err(e), _) => return failed(None, shown.clone(), shown, source_name, e),
        };
        let name = crate::names::sanitize(wanted.name.as_deref().unwrap_or(&item.name));
        let report = FileProgress {
            index,
            filename: name.clone(),
            status: FileStatus::Copying,
            bytes_done: 0,
            bytes_total: item.size,
            error: None,
        };
        sink(report.clone());
        let to = Destination {
            storage,
            name: &name,
            on_conflict: on_conflict.policy(),
        };
        let cancel = CancellationToken::new();
        match pick::copy_item(&*drive, &item, to, sink, &report, &cancel, None).await {
            Ok(done) => Outcome::stored(item, done, source_name, sink, report),
            Err(e) => {
                let path = item.display_path.clone();
                failed(Some(item), name, path, source_name, e)
            }
        }
    }
}

/// A storage folder as a person reads it: `Dropbox/Saved`, or a local path.
fn place(storage: &pick::Storage) -> String {
    match storage.container().rsplit_once(":/") {
        Some((_, path)) if !storage.is_local() => {
            format!("{}/{}", storage.drive().display_name(), path)
        }
        _ => storage.container().to_owned(),
    }
}
