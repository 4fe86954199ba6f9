//! Uploads that outlive Cloudpick: at start-up, each one the journal says was
//! running goes on from where its server stands, and its pick's record is
//! completed. The file is read again from its first byte for the hashes;
//! the bytes the server confirmed are not sent again.

use crate::app::after_copy::{CopyBatch, Record};
use crate::app::Cloudpick;
use crate::error::{Error, ErrorKind, Result};
use crate::events::BatchKind;
use crate::history::Unfinished;
use crate::pick::Ended;
use crate::pick::{FailedFile, Outcome, Storage};
use crate::sources;

impl Cloudpick {
    /// Goes on with every upload that was running when Cloudpick stopped.
    /// Returns the source id and error of each that could not finish; those
    /// are recorded as failed, with the reason, in their pick.
    pub async fn resume_transfers(&self) -> Vec<(String, Error)> {
        let unfinished = match self.history.unfinished_transfers() {
            Ok(list) => list,
            Err(err) => return vec![(String::new(), err)],
        };
        let mut failures = Vec::new();
        for transfer in unfinished.into_iter().filter(|t| !t.paused) {
            if let Err(err) = self.resume_one(&transfer).await {
                failures.push((transfer.source.clone(), err));
            }
        }
        failures
    }

    /// The tray's Pause transfers: every file of the running upload stops;
    /// the resumable ones are journaled as paused, to go on with
    /// `resume_paused`. Returns whether an upload was running.
    pub fn pause_transfers(&self) -> bool {
        let files = match self.running_pick.lock() {
            Ok(running) => running.as_ref().map_or(0, |(_, each)| each.len()),
            Err(_) => 0,
        };
        for index in 0..files {
            self.pause_pick_file(index);
        }
        files > 0
    }

    /// The tray's Resume transfers: every paused upload goes on, one after
    /// another. Returns the source id and error of each that could not.
    pub async fn resume_paused(&self) -> Vec<(String, Error)> {
        let paused = match self.history.unfinished_transfers() {
            Ok(list) => list,
            Err(err) => return vec![(String::new(), err)],
        };
        let mut failures = Vec::new();
        for transfer in paused.into_iter().filter(|t| t.paused) {
            let resumed = match self.history.unpause_transfer(&transfer) {
                Ok(()) => self.resume_one(&transfer).await,
                Err(err) => Err(err),
            };
            if let Err(err) = resumed {
                failures.push((transfer.source.clone(), err));
            }
        }
        failures
    }

    /// Whether an upload or a save is running now (the window may close to the tray).
    pub fn is_transferring(&self) -> bool {
        let exporting = self.exporting.load(std::sync::atomic::Ordering::Relaxed) > 0;
        exporting || self.running_pick.lock().is_ok_and(|r| r.is_some())
    }

    /// Goes on with a paused upload (Activity's Resume): file `position` of
    /// pick `activity`, from where its server stands.
    pub async fn resume_transfer(&self, activity: i64, position: u32) -> Result<()> {
        let transfer = self.paused_transfer(activity, position)?;
        self.history.unpause_transfer(&transfer)?;
        self.resume_one(&transfer).await
    }

    /// Gives up a paused upload: it is recorded as cancelled, and nothing of
    /// it stays at the destination (an unfinished session holds no file).
    pub fn cancel_transfer(&self, activity: i64, position: u32) -> Result<()> {
        let transfer = self.paused_transfer(activity, position)?;
        self.history.end_transfer(transfer.id, Ended::Cancelled)?;
        let outcome = Outcome {
            item: Some(transfer.item.clone()),
            stored_id: None,
            result: Err(FailedFile {
                filename: transfer.item.name.clone(),
                original_path: transfer.item.display_path.clone(),
                source: self.filestack_source(&transfer.source),
                error: Error::cancelled().message().to_owned(),
            }),
            paused: false,
            asked: false,
        };
        let none = self.outgoing(Vec::new());
        self.history
            .finish_file(activity, position, &outcome, &none)
    }

    fn paused_transfer(&self, activity: i64, position: u32) -> Result<Unfinished> {
        self.history
            .unfinished_transfers()?
            .into_iter()
            .find(|t| t.activity == activity && t.position == position && t.paused)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    "This upload is not paused: it finished, or was cancelled",
                )
            })
    }

    /// Uploads the rest of `t` and records how it ended, through the same
    /// path as every batch (a finished event, the history, the webhooks).
    async fn resume_one(&self, t: &Unfinished) -> Result<()> {
        let storage = self.resumed_storage(t).await;
        let (place, client) = match &storage {
            Ok(s) => (s.place(), s.drive().display_name().to_owned()),
            Err(_) => (t.container.clone(), String::new()),
        };
        let batch = CopyBatch {
            kind: BatchKind::Upload,
            record: Record::File {
                activity: t.activity,
                position: t.position,
            },
            place,
            client,
            edited: vec![false],
        };
        let mut failure = None;
        self.copy_batch(batch, |_| async {
            let done = match &storage {
                Ok(storage) => self.upload_rest(t, storage).await,
                Err(err) => Err(Error::new(err.kind(), err.message())),
            };
            let ended = if done.is_ok() {
                Ended::Done
            } else {
                Ended::Failed
            };
            if let Err(err) = self.history.end_transfer(t.id, ended) {
                failure = Some(err);
            }
            vec![match done {
                Ok(outcome) => outcome,
                Err(err) => {
                    let failed = FailedFile {
                        filename: t.item.name.clone(),
                        original_path: t.item.display_path.clone(),
                        source: self.filestack_source(&t.source),
                        error: err.message().to_owned(),
                    };
                    failure = Some(err);
                    Outcome {
                        item: Some(t.item.clone()),
                        stored_id: None,
                        result: Err(failed),
                        paused: false,
                        asked: false,
                    }
                }
            }]
        })
        .await?;
        failure.map_or(Ok(()), Err)
    }

    /// Where `t` was going.
    async fn resumed_storage(&self, t: &Unfinished) -> Result<Storage> {
        let path = t
            .container
            .strip_prefix(&format!("{}:", t.storage))
            .unwrap_or("/");
        Storage::on_drive(&t.storage, self.drive(&t.storage)?, path).await
    }

    async fn upload_rest(&self, t: &Unfinished, storage: &Storage) -> Result<Outcome> {
        let source = self.drive(&t.source)?;
        let now = source.stat(&t.item.id).await?;
        if now.size != t.item.size || (now.hash.is_some() && now.hash != t.item.hash) {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!(
                    "{} changed on {} since its upload began: pick it again",
                    t.item.name,
                    source.display_name()
                ),
            ));
        }
        let body = source.read_verified(&now).await?;
        let stored = storage
            .drive()
            .resume_upload(t.session.clone(), body, &|s| {
                self.history.journal_transfer(t.id, s)
            })
            .await?;
        let mut file = crate::pick::describe(&now, &stored, storage, &[], None).await?;
        file.source = self.filestack_source(&t.source);
        Ok(Outcome {
            item: Some(now),
            stored_id: Some(stored.id),
            result: Ok(file),
            paused: false,
            asked: false,
        })
    }

    fn filestack_source(&self, source: &str) -> String {
        sources::filestack_name(sources::parse_id(source).0).to_owned()
    }
}
