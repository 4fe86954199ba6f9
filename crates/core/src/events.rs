//! What the engine tells whoever listens (the shell's notifications, the
//! webhooks' outbox) when work is done. For now: a conversion was stored,
//! Filestack's `fp.converse`.

use crate::pick::StoredFile;
use tokio::sync::broadcast;

/// How many events wait for a slow listener before the oldest go.
const BACKLOG: usize = 256;

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An image was converted and stored: from `original` (its path on the
    /// source drive) on `source` (Filestack's source name) to `stored`.
    Converted {
        source: String,
        original: String,
        stored: StoredFile,
    },
}

/// The engine's events, for any number of listeners.
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
