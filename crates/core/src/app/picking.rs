//! Picking: copies the chosen files to the storage location, one pick at a time.

use super::after_copy::{CopyBatch, Record};
use super::Cloudpick;
use crate::error::{poisoned, Error, ErrorKind, Result};
use crate::events::BatchKind;
use crate::item::ItemId;
use crate::pick::{self, PickResult, ProgressSink};
use serde::Deserialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// What the user chose to pick: files from any of the connected drives.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "PickRequest.ts")]
pub struct PickRequest {
    pub items: Vec<PickItem>,
    /// Where to store them; the Settings' location when absent.
    #[serde(default)]
    #[ts(optional)]
    pub store_to: Option<crate::storage::StoreTo>,
    /// No copy: each file's link is its own drive's share link.
    #[serde(default)]
    #[ts(optional)]
    pub link_only: Option<bool>,
    /// A file whose content is in the storage folder already is not copied again.
    #[serde(default)]
    #[ts(optional)]
    pub reuse_duplicates: Option<bool>,
    /// Office documents are stored as PDFs (`cloudpick pick --convert-to pdf`,
    /// "Convert documents to PDF" in To…).
    #[serde(default)]
    #[ts(optional)]
    pub documents_to_pdf: Option<bool>,
}

/// One chosen file, the source it is on, and the edit made of it in the
/// picker's editor (an image's conversion), if any.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "PickItem.ts")]
pub struct PickItem {
    pub source: String,
    pub id: ItemId,
    #[serde(default)]
    #[ts(optional)]
    pub transform: Option<crate::transform::Transform>,
}

impl PickRequest {
    /// Files from one source.
    pub fn from(source: &str, ids: impl IntoIterator<Item = ItemId>) -> Self {
        PickRequest {
            items: ids
                .into_iter()
                .map(|id| PickItem {
                    source: source.to_owned(),
                    id,
                    transform: None,
                })
                .collect(),
            store_to: None,
            link_only: None,
            reuse_duplicates: None,
            documents_to_pdf: None,
        }
    }

    fn options(&self) -> pick::PickOptions {
        pick::PickOptions {
            link_only: self.link_only.unwrap_or(false),
            reuse_duplicates: self.reuse_duplicates.unwrap_or(false),
            documents_to_pdf: self.documents_to_pdf.unwrap_or(false),
        }
    }
}

impl Cloudpick {
    /// Copies the chosen files to the storage location. One pick runs at a time.
    pub async fn pick(&self, request: PickRequest, sink: ProgressSink) -> Result<PickResult> {
        self.pick_until(request, sink, &CancellationToken::new())
            .await
    }

    /// A pick that `stop` cancels too, as Cancel does (one cancelled
    /// already cancels each file as it starts).
    pub(crate) async fn pick_until(
        &self,
        request: PickRequest,
        sink: ProgressSink,
        stop: &CancellationToken,
    ) -> Result<PickResult> {
        if request.items.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Select at least one file to upload",
            ));
        }
        let rules = self.rules();
        if let Some(reason) = rules.refuses_count(request.items.len()) {
            return Err(Error::new(ErrorKind::InvalidInput, reason));
        }
        let options = request.options();
        let storage = self.storage_for(request.store_to.as_ref()).await?;
        let edited: Vec<bool> = request
            .items
            .iter()
            .map(|i| i.transform.is_some())
            .collect();
        let mut files = Vec::with_capacity(request.items.len());
        let mut sources = Vec::with_capacity(request.items.len());
        for item in request.items {
            files.push((self.drive(&item.source)?, item.id.clone(), item.transform));
            sources.push((item.source, item.id));
        }
        let cancel = stop.child_token();
        let each: Vec<CancellationToken> = files.iter().map(|_| cancel.child_token()).collect();
        {
            let mut running = self.running_pick.lock().map_err(|_| poisoned())?;
            if running.is_some() {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    "An upload is already running. Wait for it to finish or cancel it",
                ));
            }
            *running = Some((cancel.clone(), each.clone()));
        }
        let ended = || {
            if let Ok(mut running) = self.running_pick.lock() {
                *running = None;
            }
        };
        let files: Vec<pick::Pick> = files
            .into_iter()
            .zip(each)
            .map(|((drive, id, transform), cancel)| pick::Pick {
                drive,
                id,
                cancel,
                transform,
            })
            .collect();
        if let Ok(mut paused) = self.paused.lock() {
            paused.clear();
        }
        let record = Record::New {
            storage: &storage,
            sources: &sources,
        };
        let batch = CopyBatch::into(BatchKind::Upload, &storage, record, edited);
        let result = self
            .copy_batch(batch, |record| {
                let storage = &storage;
                async move {
                    let log = crate::history::PickLog::new(&self.history, record, &self.paused);
                    let outcomes =
                        pick::pick_each(files, storage, sink, &rules, options, Some(&log)).await;
                    ended();
                    outcomes
                }
            })
            .await;
        // A pick whose record could not start never ran.
        ended();
        result
    }

    /// Stops one file of the running pick (by its place in the request).
    pub fn cancel_pick_file(&self, index: usize) {
        if let Ok(running) = self.running_pick.lock() {
            if let Some(token) = running.as_ref().and_then(|(_, each)| each.get(index)) {
                token.cancel();
            }
        }
    }

    /// Pauses one file of the running pick: its upload stops, journaled, and
    /// Activity's Resume goes on from where the server stands. A file that
    /// is not a resumable upload stops as if cancelled.
    pub fn pause_pick_file(&self, index: usize) {
        if let Ok(mut paused) = self.paused.lock() {
            paused.insert(index);
        }
        self.cancel_pick_file(index);
    }

    /// Stops the running pick; files already stored stay.
    pub fn cancel_pick(&self) {
        if let Ok(running) = self.running_pick.lock() {
            if let Some((token, _)) = running.as_ref() {
                token.cancel();
            }
        }
    }
}
