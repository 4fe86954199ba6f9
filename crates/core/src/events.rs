//! What the engine tells whoever listens (the shell's notifications, the
//! webhooks' outbox) when work is done: a conversion was stored (Filestack's
//! `fp.converse`), and a batch (a pick, a save to a drive, an edit) ended.

use crate::pick::{Outcome, StoredFile};
use tokio::sync::broadcast;

/// How many events wait for a slow listener before the oldest go.
const BACKLOG: usize = 256;

// A few events per batch: their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An image was converted and stored: from `original` (its path on the
    /// source drive) on `source` (Filestack's source name) to `stored`.
    Converted {
        source: String,
        original: String,
        stored: StoredFile,
    },
    /// A pick, a save or an edit ended: what landed where, what did not.
    Finished(Batch),
    /// A sign-in was renewed but could not be saved (a locked keyring): the
    /// user must unlock the keyring, or sign in again later.
    SignInNotSaved(String),
    /// A file an application saved through the desktop's file dialog could
    /// not be uploaded at all (its drive could not be reached).
    SaveForAppFailed(String),
}

/// What a batch of files was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    /// Picked files copied to the storage location.
    Upload,
    /// Files saved to a folder on a drive.
    Export,
    /// A stored copy edited into a new one.
    Convert,
}

/// The end of one batch, as a person would want it summed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub kind: BatchKind,
    /// Where the files went, as a person reads it: `Dropbox/Photos`.
    pub place: String,
    /// The names of the files that landed.
    pub done: Vec<String>,
    /// How many of those an edit converted on the way.
    pub converted: usize,
    /// The files that did not land, with why; the ones the user cancelled or
    /// paused are not here.
    pub failed: Vec<(String, String)>,
}

impl Batch {
    pub fn of(kind: BatchKind, place: String, outcomes: &[Outcome], edited: &[bool]) -> Self {
        let cancelled = crate::error::Error::cancelled();
        let mut batch = Batch {
            kind,
            place,
            done: Vec::new(),
            converted: 0,
            failed: Vec::new(),
        };
        for (index, outcome) in outcomes.iter().enumerate() {
            match &outcome.result {
                Ok(stored) => {
                    batch.done.push(stored.filename.clone());
                    batch.converted += usize::from(edited.get(index).copied().unwrap_or(false));
                }
                Err(_) if outcome.paused || outcome.asked => {}
                Err(failed) if failed.error == cancelled.message() => {}
                Err(failed) => batch
                    .failed
                    .push((failed.filename.clone(), failed.error.clone())),
            }
        }
        batch
    }
}

/// The engine's events, for any number of listeners.
#[derive(Clone)]
pub struct Events(broadcast::Sender<Event>);

impl Default for Events {
    fn default() -> Self {
        Events(broadcast::channel(BACKLOG).0)
    }
}

impl Events {
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.0.subscribe()
    }

    /// Sends `event`; with no one listening it is dropped.
    pub fn send(&self, event: Event) {
        let _ = self.0.send(event);
    }

    /// The end of a batch; one the user cancelled whole says nothing.
    pub fn finished(&self, batch: Batch) {
        if !batch.done.is_empty() || !batch.failed.is_empty() {
            self.send(Event::Finished(batch));
        }
    }

    /// One `Converted` for each stored file of a pick that an edit made;
    /// `edited` says which of `results` (in the same order) had one.
    pub fn converted(
        &self,
        edited: &[bool],
        results: &[Result<StoredFile, crate::pick::FailedFile>],
    ) {
        for (result, edited) in results.iter().zip(edited) {
            if let (Ok(stored), true) = (result, *edited) {
                self.send(Event::Converted {
                    source: stored.source.clone(),
                    original: stored.original_path.clone(),
                    stored: stored.clone(),
                });
            }
        }
    }
}
