//! The delivery worker's state: its clock, its wake-up call and the time a
//! receiver may take (`app/webhook_delivery.rs` runs it).

use super::clock::{Clock, SystemClock};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How long a receiver may take to answer before the attempt counts as failed.
pub const TIMEOUT: Duration = Duration::from_secs(10);

pub struct Worker {
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) wake: Notify,
    pub(crate) timeout: Duration,
    /// While the outbox cannot be written: how long the worker waits before
    /// it tries again (0 when it is not waiting so).
    pub(crate) unwritable_wait_ms: std::sync::atomic::AtomicU64,
}

impl Default for Worker {
    fn default() -> Self {
        Worker {
            clock: Arc::new(SystemClock),
            wake: Notify::new(),
            timeout: TIMEOUT,
            unwritable_wait_ms: std::sync::atomic::AtomicU64::new(0),
        }
    }
}
