//! Deadlines for every call to a drive, so that a connection that went dead
//! (a laptop resumed from suspend, a server that accepts and never answers)
//! fails with a clear message instead of waiting forever:
//! - a metadata call (a request and its JSON reply) has [`metadata`] in all;
//! - a transfer may take as long as it needs, but may not go [`idle`]
//!   without a sign of life: the reply's headers, a piece of the download, or
//!   a piece of the upload taken by the connection.

use crate::drive::ByteStream;
use crate::error::{Error, ErrorKind, Result};
use futures::StreamExt;
use std::future::Future;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// How long a transfer may go without a sign of life: 60 s, or
/// `CLOUDPICK_NETWORK_IDLE_SECS` (for tests, and for links that stall
/// longer).
pub fn idle() -> Duration {
    static IDLE: LazyLock<Duration> = LazyLock::new(|| {
        let secs = std::env::var("CLOUDPICK_NETWORK_IDLE_SECS")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| *s > 0.0)
            .unwrap_or(60.0);
        Duration::from_secs_f64(secs)
    });
    *IDLE
}

/// The most a metadata call may take, reply included: twice [`idle`].
pub fn metadata() -> Duration {
    idle() * 2
}

/// The last sign of life of one transfer.
#[derive(Clone)]
pub struct Pulse(Arc<Mutex<Instant>>);

impl Default for Pulse {
    fn default() -> Self {
        Pulse(Arc::new(Mutex::new(Instant::now())))
    }
}

/// The size of the pieces a fixed upload body is handed over in, so that
/// each piece the connection takes counts as a sign of life.
const PIECE: usize = 256 * 1024;

impl Pulse {
    pub fn beat(&self) {
        if let Ok(mut last) = self.0.lock() {
            *last = Instant::now();
        }
    }

    fn quiet_for(&self) -> Duration {
        self.0.lock().map(|last| last.elapsed()).unwrap_or_default()
    }

    /// An upload body that beats each time the connection takes a piece.
    pub fn body(&self, stream: ByteStream) -> reqwest::Body {
        let pulse = self.clone();
        reqwest::Body::wrap_stream(stream.inspect(move |_| pulse.beat()))
    }

    /// `request` with `bytes` (a part of an upload) as its body, handed
    /// over piece by piece, and its length said as a fixed body would.
    pub fn with_bytes(
        &self,
        request: reqwest::RequestBuilder,
        bytes: bytes::Bytes,
    ) -> reqwest::RequestBuilder {
        request
            .header(reqwest::header::CONTENT_LENGTH, bytes.len())
            .body(self.bytes(bytes))
    }

    fn bytes(&self, bytes: bytes::Bytes) -> reqwest::Body {
        let pieces: Vec<Result<bytes::Bytes>> = (0..bytes.len())
            .step_by(PIECE)
            .map(|at| Ok(bytes.slice(at..(at + PIECE).min(bytes.len()))))
            .collect();
        self.body(futures::stream::iter(pieces).boxed())
    }

    /// `work`, failed with "`drive` stopped answering" once the pulse has
    /// been quiet for [`idle`].
    pub async fn watch<T>(&self, drive: &str, work: impl Future<Output = Result<T>>) -> Result<T> {
        let limit = idle();
        let watchdog = async {
            loop {
                let quiet = self.quiet_for();
                if quiet >= limit {
                    return stalled(drive, limit);
                }
                tokio::time::sleep(limit - quiet).await;
            }
        };
        tokio::select! {
            done = work => done,
            err = watchdog => Err(err),
        }
    }
}

/// `work` (a request, up to its reply's headers), failed when it takes
/// longer than [`idle`]: for requests whose body is small.
pub async fn headers<T>(drive: &str, work: impl Future<Output = Result<T>>) -> Result<T> {
    Pulse::default().watch(drive, work).await
}

/// A download's body, failed when no piece arrives for [`idle`].
pub fn body(stream: ByteStream, drive: &str) -> ByteStream {
    let drive = drive.to_owned();
    let limit = idle();
    futures::stream::unfold(Some(stream), move |state| {
        let drive = drive.clone();
        async move {
            let mut stream = state?;
            match tokio::time::timeout(limit, stream.next()).await {
                Ok(Some(item)) => Some((item, Some(stream))),
                Ok(None) => None,
                Err(_) => Some((Err(stalled(&drive, limit)), None)),
            }
        }
    })
    .boxed()
}

/// What a transfer that went quiet says.
pub fn stalled(drive: &str, limit: Duration) -> Error {
    Error::new(
        ErrorKind::TimedOut,
        format!(
            "{drive} stopped answering ({} s without a reply): check the network connection",
            limit.as_secs()
        ),
    )
    .with_drive(drive)
}
