//! Progress of a pick, as the UI shows it: one event per file state change,
//! and byte counts at most every 100 ms per file.

use crate::drive::ByteStream;
use crate::error::Error;
use crate::mime::SNIFF_LEN;
use futures::StreamExt;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "FileStatus.ts")]
pub enum FileStatus {
    Queued,
    Copying,
    Stored,
    Failed,
    /// Not written: its name is taken, and the user is asked what to do.
    Taken,
}

/// One file's progress. `index` is its position in the pick request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "FileProgress.ts")]
pub struct FileProgress {
    pub index: usize,
    pub filename: String,
    pub status: FileStatus,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number | null")]
    pub bytes_total: Option<u64>,
    pub error: Option<String>,
}

pub type ProgressSink = Arc<dyn Fn(FileProgress) + Send + Sync>;

const INTERVAL: Duration = Duration::from_millis(100);

/// `work`, ended with `Cancelled` as soon as `cancel` fires, wherever it
/// waits: for a reply's headers as much as for a body. `work` is polled
/// first, so work that ends itself on `cancel` (a resumable upload writing
/// its journal) does so before it would be dropped.
pub async fn or_cancelled<T>(
    cancel: &CancellationToken,
    work: impl std::future::Future<Output = crate::error::Result<T>>,
) -> crate::error::Result<T> {
    tokio::select! {
        biased;
        done = work => done,
        () = cancel.cancelled() => Err(Error::cancelled()),
    }
}

/// Wraps a body so that it reports bytes to `sink`, keeps its first bytes for
/// sniffing, and stops with `Cancelled` when `cancel` fires.
pub fn observe(
    body: ByteStream,
    template: FileProgress,
    sink: ProgressSink,
    head: Arc<Mutex<Vec<u8>>>,
    cancel: CancellationToken,
) -> ByteStream {
    let mut state = template;
    // The first bytes are told at once: a drive that stalls right after
    // them still shows that it started.
    let mut last: Option<Instant> = None;
    body.take_until(cancel.clone().cancelled_owned())
        .chain(futures::stream::once(async move {
            // Reached only when the body ended or the pick was cancelled.
            if cancel.is_cancelled() {
                Err(Error::cancelled())
            } else {
                Ok(bytes::Bytes::new())
            }
        }))
        .map(move |chunk| {
            if let Ok(bytes) = &chunk {
                if let Ok(mut head) = head.lock() {
                    let want = SNIFF_LEN.saturating_sub(head.len()).min(bytes.len());
                    head.extend_from_slice(&bytes[..want]);
                }
                state.bytes_done += bytes.len() as u64;
                if last.is_none_or(|at| at.elapsed() >= INTERVAL) {
                    last = Some(Instant::now());
                    sink(state.clone());
                }
            }
            chunk
        })
        .filter(|chunk| futures::future::ready(!matches!(chunk, Ok(b) if b.is_empty())))
        .boxed()
}
