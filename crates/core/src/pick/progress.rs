//! Progress of a pick, as the UI shows it: one event per file state change,
//! and byte counts at most every 100 ms per file.

use crate::drive::ByteStream;
use crate::error::Error;
use crate::mime::SNIFF_LEN;
use futures::StreamExt;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
// The runtime's clock: a test may pause it.
use tokio::time::Instant;
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
    let counted = Arc::new(Mutex::new(Counted {
        state: template,
        told: None,
        ended: false,
    }));
    trail(&counted, sink.clone());
    let counted = Ends(counted);
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
            }
            if let Ok(mut counted) = counted.0.lock() {
                match &chunk {
                    Ok(bytes) if !bytes.is_empty() => counted.add(bytes.len() as u64, &sink),
                    // The end: what follows is the file's new state, not bytes.
                    _ => counted.ended = true,
                }
            }
            chunk
        })
        .filter(|chunk| futures::future::ready(!matches!(chunk, Ok(b) if b.is_empty())))
        .boxed()
}

/// The body's count, marked ended when the body goes: a reader that stops
/// at the size it expects never polls the end, and the trailing tick must
/// not tell bytes after the file's next state (stored, failed) is told.
struct Ends(Arc<Mutex<Counted>>);

impl Drop for Ends {
    fn drop(&mut self) {
        if let Ok(mut counted) = self.0.lock() {
            counted.ended = true;
        }
    }
}

/// A body's bytes so far, and when they were last told.
struct Counted {
    state: FileProgress,
    told: Option<(Instant, u64)>,
    ended: bool,
}

impl Counted {
    /// Counts `n` more bytes; tells them at once when the last telling is
    /// `INTERVAL` old (or there was none: the first bytes show at once).
    fn add(&mut self, n: u64, sink: &ProgressSink) {
        self.state.bytes_done += n;
        if self.told.is_none_or(|(at, _)| at.elapsed() >= INTERVAL) {
            self.tell(sink);
        }
    }

    fn tell(&mut self, sink: &ProgressSink) {
        self.told = Some((Instant::now(), self.state.bytes_done));
        sink(self.state.clone());
    }
}

/// Tells the bytes that came after the last telling once `INTERVAL` has
/// passed, so that a body that stalls shows all it brought, not only what
/// came before its last telling. Ends with the body (or when it is dropped).
fn trail(counted: &Arc<Mutex<Counted>>, sink: ProgressSink) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let weak = Arc::downgrade(counted);
    runtime.spawn(async move {
        let mut every = tokio::time::interval(INTERVAL);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let Some(counted) = weak.upgrade() else {
                return;
            };
            let Ok(mut counted) = counted.lock() else {
                return;
            };
            if counted.ended {
                return;
            }
            let behind = counted.told.is_some_and(|(at, bytes)| {
                bytes < counted.state.bytes_done && at.elapsed() >= INTERVAL
            });
            if behind {
                // Under the lock: the body's end cannot come between.
                counted.tell(&sink);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_dropped_before_its_end_is_marked_ended() {
        let counted = Arc::new(Mutex::new(Counted {
            state: FileProgress {
                index: 0,
                filename: "a.bin".into(),
                status: FileStatus::Copying,
                bytes_done: 10,
                bytes_total: Some(10),
                error: None,
            },
            told: None,
            ended: false,
        }));
        drop(Ends(counted.clone()));
        assert!(
            counted.lock().unwrap().ended,
            "the trailing tick tells nothing more"
        );
    }

    // On the runtime's clock, paused: the two pieces come at the same
    // instant however loaded the machine is, and time moves only when
    // everything waits.
    #[tokio::test(start_paused = true)]
    async fn bytes_that_came_just_before_a_stall_are_told() {
        let told = Arc::new(Mutex::new(Vec::new()));
        let sink: ProgressSink = Arc::new({
            let told = told.clone();
            move |p: FileProgress| told.lock().unwrap().push(p.bytes_done)
        });
        // Two pieces at once, then nothing more: a drive that stalled.
        let pieces = futures::stream::iter([
            Ok(bytes::Bytes::from(vec![1; 10])),
            Ok(bytes::Bytes::from(vec![2; 5])),
        ]);
        let body: ByteStream = pieces.chain(futures::stream::pending()).boxed();
        let template = FileProgress {
            index: 0,
            filename: "a.bin".into(),
            status: FileStatus::Copying,
            bytes_done: 0,
            bytes_total: Some(100),
            error: None,
        };
        let mut observed = observe(
            body,
            template,
            sink,
            Arc::default(),
            CancellationToken::new(),
        );
        observed.next().await.unwrap().unwrap();
        observed.next().await.unwrap().unwrap();
        assert_eq!(
            *told.lock().unwrap(),
            [10],
            "the first piece at once, the second held back"
        );
        let deadline = Instant::now() + Duration::from_secs(5);
        while told.lock().unwrap().last() != Some(&15) {
            assert!(
                Instant::now() < deadline,
                "told: {:?}",
                told.lock().unwrap()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
