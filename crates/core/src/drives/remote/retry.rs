//! Retry with exponential backoff and jitter, honouring the server's
//! `Retry-After`, with a bounded number of attempts.

use crate::error::{Error, ErrorKind};
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use ts_rs::TS;

/// A request about to be tried again, for whoever waits on it to hear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Retrying.ts")]
pub struct Retrying {
    /// This retry, from 1.
    pub retry: u32,
    /// The retries there will be at most.
    pub of: u32,
    /// What the last attempt met.
    pub reason: String,
}

/// Hears each retry of the work it is scoped around.
pub type Reporter = Arc<dyn Fn(Retrying) + Send + Sync>;

tokio::task_local! {
    static REPORTER: Reporter;
}

/// Runs `work`, telling `reporter` of every retry inside it (on this task;
/// a task it spawns takes the reporter along with `current`).
pub async fn reporting<F: Future>(reporter: Reporter, work: F) -> F::Output {
    REPORTER.scope(reporter, work).await
}

/// The reporter of the work running now, if it has one.
pub fn current() -> Option<Reporter> {
    REPORTER.try_with(Arc::clone).ok()
}

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    pub first_delay: Duration,
    pub max_delay: Duration,
    /// The longest `Retry-After` obeyed; a longer one fails at once with its
    /// delay in the message.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 6,
            first_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The pause before attempt `n` (1-based retry count) when the server did
    /// not say: doubling from `first_delay`, with ±25 % jitter, capped.
    pub fn backoff(&self, retry: u32) -> Duration {
        let base = self
            .first_delay
            .saturating_mul(1 << retry.saturating_sub(1).min(16));
        let capped = base.min(self.max_delay);
        let jitter = 0.75 + rand::random::<f64>() * 0.5;
        capped.mul_f64(jitter)
    }

    /// Runs `op` until it succeeds, fails with an error that is not
    /// retryable, or runs out of attempts.
    pub async fn run<T, F, Fut>(&self, mut op: F) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let mut retry = 0;
        loop {
            match op().await {
                Ok(value) => return Ok(value),
                Err(err) if !err.is_retryable() || retry + 1 >= self.attempts => return Err(err),
                // Each try of a drive that stopped answering took its whole
                // deadline: one more, then the user hears of it.
                Err(err) if err.kind() == ErrorKind::TimedOut && retry >= 1 => return Err(err),
                Err(err) => {
                    retry += 1;
                    let wait = match err.kind() {
                        ErrorKind::RateLimited {
                            retry_after: Some(after),
                        } => {
                            if after > self.max_retry_after {
                                return Err(err);
                            }
                            after
                        }
                        _ => self.backoff(retry),
                    };
                    if let Some(report) = current() {
                        report(Retrying {
                            retry,
                            of: self.attempts - 1,
                            reason: err.message().to_owned(),
                        });
                    }
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare for these APIs).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn retries_transient_errors_then_gives_up() {
        let policy = RetryPolicy {
            attempts: 3,
            first_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        };
        let calls = AtomicU32::new(0);
        let result: Result<(), Error> = policy
            .run(|| async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(Error::new(ErrorKind::Transient, "503"))
            })
            .await;
        assert!(result.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_drive_that_stopped_answering_is_tried_once_more_only() {
        let policy = RetryPolicy {
            first_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        };
        let calls = AtomicU32::new(0);
        let result: Result<(), Error> = policy
            .run(|| async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(Error::new(ErrorKind::TimedOut, "stopped answering"))
            })
            .await;
        assert_eq!(result.unwrap_err().kind(), ErrorKind::TimedOut);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn tells_the_reporter_of_each_retry() {
        let policy = RetryPolicy {
            attempts: 3,
            first_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        };
        let heard = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = heard.clone();
        let reporter: Reporter = Arc::new(move |r| sink.lock().unwrap().push(r));
        let result: Result<(), Error> = reporting(
            reporter,
            policy.run(|| async { Err(Error::new(ErrorKind::Transient, "Dropbox answered 503")) }),
        )
        .await;
        assert!(result.is_err());
        let heard = heard.lock().unwrap();
        assert_eq!(
            heard.iter().map(|r| (r.retry, r.of)).collect::<Vec<_>>(),
            [(1, 2), (2, 2)]
        );
        assert_eq!(heard[0].reason, "Dropbox answered 503");
    }

    #[tokio::test]
    async fn does_not_retry_what_cannot_succeed() {
        let calls = AtomicU32::new(0);
        let result: Result<(), Error> = RetryPolicy::default()
            .run(|| async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(Error::new(ErrorKind::NotFound, "gone"))
            })
            .await;
        assert_eq!(result.unwrap_err().kind(), ErrorKind::NotFound);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn waits_as_long_as_retry_after_says() {
        let calls = AtomicU32::new(0);
        let started = std::time::Instant::now();
        let result = RetryPolicy::default()
            .run(|| async {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    Err(Error::new(
                        ErrorKind::RateLimited {
                            retry_after: Some(Duration::from_millis(300)),
                        },
                        "slow down",
                    ))
                } else {
                    Ok(7)
                }
            })
            .await;
        assert_eq!(result.unwrap(), 7);
        assert!(started.elapsed() >= Duration::from_millis(300));
    }

    #[test]
    fn backoff_doubles_within_jitter_and_caps() {
        let policy = RetryPolicy {
            first_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            ..RetryPolicy::default()
        };
        let third = policy.backoff(3);
        assert!(
            third >= Duration::from_millis(300) && third <= Duration::from_millis(500),
            "{third:?}"
        );
        assert!(policy.backoff(10) <= Duration::from_millis(1250));
    }
}
