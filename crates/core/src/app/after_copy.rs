//! The one path every batch of copies takes (a pick, a save, an edit of a
//! stored copy, a resumed upload), in one order:
//! 1. the history records the start (or the batch goes on with a record begun before);
//! 2. the caller copies each item;
//! 3. `events` tells the shell the batch finished (and which files were converted);
//! 4. the history records the end, with its webhook events in the outbox, in one transaction;
//! 5. the webhook worker is woken.
//!
//! Each caller passes only what differs: its kind, where the files go, which
//! were edited, and the copying itself.

use super::Cloudpick;
use crate::error::Result;
use crate::events::{Batch, BatchKind};
use crate::item::ItemId;
use crate::pick::{Outcome, PickResult, Storage};
use crate::webhooks::payload;
use std::future::Future;

/// Where the batch is recorded in the history.
pub(crate) enum Record<'a> {
    /// A new record of `sources`, stored in `storage`.
    New {
        storage: &'a Storage,
        sources: &'a [(String, ItemId)],
    },
    /// File `position` of the record `activity`, begun before (a resumed upload).
    File { activity: i64, position: u32 },
}

/// A batch of copies, as the history, the shell and the webhooks see it.
pub(crate) struct CopyBatch<'a> {
    pub kind: BatchKind,
    pub record: Record<'a>,
    /// The folder as a person reads it (`Dropbox/Saved`).
    pub place: String,
    /// The drive the files went to, by name (a save's `fp.export` names it).
    pub client: String,
    /// Which files an edit converted, by their place in the batch.
    pub edited: Vec<bool>,
}

impl<'a> CopyBatch<'a> {
    /// A batch of `kind` into `storage`.
    pub fn into(kind: BatchKind, storage: &Storage, record: Record<'a>, edited: Vec<bool>) -> Self {
        CopyBatch {
            kind,
            record,
            place: storage.place(),
            client: storage.drive().display_name().to_owned(),
            edited,
        }
    }
}

impl BatchKind {
    /// The history's name for the work: a save is an `export`, the rest picks.
    fn history_kind(self) -> &'static str {
        match self {
            BatchKind::Export => "export",
            _ => "pick",
        }
    }
}

impl Cloudpick {
    /// Runs `batch`: `copy` gets the history record's id and copies the
    /// files. A failure to record the end is reported, not returned: the
    /// files are stored, only their record is missing.
    pub(crate) async fn copy_batch<F, Copying>(
        &self,
        batch: CopyBatch<'_>,
        copy: F,
    ) -> Result<PickResult>
    where
        F: FnOnce(i64) -> Copying,
        Copying: Future<Output = Vec<Outcome>>,
    {
        let record = match &batch.record {
            Record::New { storage, sources } => {
                self.history
                    .start(batch.kind.history_kind(), storage, sources)?
            }
            Record::File { activity, .. } => *activity,
        };
        let outcomes = copy(record).await;
        let each: Vec<_> = outcomes.iter().map(|o| o.result.clone()).collect();
        self.events.converted(&batch.edited, &each);
        self.events.finished(Batch::of(
            batch.kind,
            batch.place.clone(),
            &outcomes,
            &batch.edited,
        ));
        let result = PickResult::from_outcomes(outcomes.iter().cloned());
        let outgoing = self.outgoing(self.webhook_events(&batch, &outcomes));
        let recorded = match batch.record {
            Record::New { .. } => self
                .history
                .finish_pick(record, &outcomes, &result, &outgoing),
            Record::File { position, .. } => outcomes.first().map_or(Ok(()), |outcome| {
                self.history
                    .finish_file(record, position, outcome, &outgoing)
            }),
        };
        self.wake_webhooks();
        if let Err(err) = recorded {
            eprintln!("cloudpick: {}", err.message());
        }
        Ok(result)
    }

    /// Filestack's events for the batch. A save sends `fp.export` for each
    /// file, or `fp.converse` for one it converted (the command line's
    /// `convert`), with `provider` the drive it went to. A pick or an edit
    /// sends `fp.upload` for each file stored or linked, and `fp.converse`
    /// for each an edit or an image rule converted, with `provider`
    /// `internal`: Filestack's word for its storage.
    fn webhook_events(
        &self,
        batch: &CopyBatch<'_>,
        outcomes: &[Outcome],
    ) -> Vec<crate::webhooks::NewEvent> {
        let mut events = Vec::new();
        for (index, outcome) in outcomes.iter().enumerate() {
            let Ok(stored) = &outcome.result else {
                continue;
            };
            let converted = batch.edited.get(index).copied().unwrap_or(false);
            match batch.kind {
                BatchKind::Export if converted => {
                    events.push(payload::converse(stored, &batch.client));
                }
                BatchKind::Export => events.push(payload::export(stored, &batch.client)),
                BatchKind::Upload | BatchKind::Convert => {
                    events.push(payload::upload(stored));
                    if converted || stored.resized.is_some() || stored.converted {
                        events.push(payload::converse(stored, payload::INTERNAL));
                    }
                }
            }
        }
        events
    }
}
