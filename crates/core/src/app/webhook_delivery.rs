//! The delivery worker: takes the deliveries that are due, signs and posts
//! each (a few at a time), and records how it went; sleeps until the next
//! one is due or a new event wakes it.

use super::Cloudpick;
use crate::webhooks::clock::Clock;
use crate::webhooks::outbox::{self, Attempt, Due};
use crate::webhooks::signing_secret::SigningSecret;
use futures::StreamExt;
use std::sync::Arc;
use std::time::Duration;

/// Deliveries in flight at once.
const PARALLEL: usize = 8;
/// Deliveries taken from the outbox per round.
const BATCH: usize = 64;
/// The longest sleep between looks at the outbox (the clock may jump: a
/// laptop that slept).
const LOOK_AGAIN: i64 = 60;
/// The first wait after an attempt could not be written down; it doubles
/// up to `UNRECORDED_MOST` while the outbox stays unwritable.
const UNRECORDED_FIRST: Duration = Duration::from_secs(5);
const UNRECORDED_MOST: Duration = Duration::from_secs(300);

impl Cloudpick {
    /// The webhooks' clock (tests set one that moves when told).
    pub fn with_webhook_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.webhooks.clock = clock;
        self
    }

    /// How long a receiver may take to answer.
    pub fn with_webhook_timeout(mut self, timeout: Duration) -> Self {
        self.webhooks.timeout = timeout;
        self
    }

    /// Tells the worker to look at the outbox now (new events, a clock moved).
    pub fn wake_webhooks(&self) {
        self.webhooks.wake.notify_one();
    }

    fn webhook_client(&self) -> Option<reqwest::Client> {
        match reqwest::Client::builder()
            .timeout(self.webhooks.timeout)
            // A receiver's redirect is reported, never followed.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Cloudpick/", env!("CARGO_PKG_VERSION")))
            .build()
        {
            Ok(client) => Some(client),
            Err(err) => {
                eprintln!("cloudpick: webhooks cannot be sent: {err}");
                None
            }
        }
    }

    /// Delivers what is due now, for at most `limit` (a command without a
    /// window, before it exits). Returns how many deliveries are left in the
    /// outbox: the app sends them when it next runs.
    pub async fn deliver_due(&self, limit: Duration) -> usize {
        let deadline = tokio::time::Instant::now() + limit;
        let pending = || {
            self.history
                .with(|db| outbox::pending(db))
                .unwrap_or_default()
        };
        let Some(client) = self.webhook_client() else {
            return pending();
        };
        let Ok(key) =
            SigningSecret::for_profile(&self.paths.data_dir).and_then(|s| s.get_or_create())
        else {
            return pending();
        };
        loop {
            let due = self.due_now();
            if due.is_empty() {
                break;
            }
            let round = self.attempt_all(&client, &key, due);
            match tokio::time::timeout_at(deadline, round).await {
                Ok(true) => {}
                // Not written down, or out of time: the app goes on later.
                Ok(false) | Err(_) => break,
            }
        }
        pending()
    }

    /// The deliveries due now, a batch of them.
    fn due_now(&self) -> Vec<Due> {
        let now = self.webhooks.clock.now();
        self.history
            .with(|db| outbox::due(db, now, BATCH))
            .unwrap_or_default()
    }

    /// Makes each of `due`, a few at a time; false when an attempt could
    /// not be written down (a full disk), so the caller backs off instead of
    /// sending the same events again at once.
    async fn attempt_all(&self, client: &reqwest::Client, key: &str, due: Vec<Due>) -> bool {
        futures::stream::iter(due)
            .map(|d| self.attempt(client, key, d))
            .buffer_unordered(PARALLEL)
            .collect::<Vec<bool>>()
            .await
            .into_iter()
            .all(|recorded| recorded)
    }

    fn set_unwritable_wait(&self, wait: Duration) {
        let millis = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        self.webhooks
            .unwritable_wait_ms
            .store(millis, std::sync::atomic::Ordering::SeqCst);
    }

    /// How long the webhook worker waits before it tries again, when the
    /// outbox could not be written (a full disk); `None` when it is not.
    pub fn webhooks_waiting_for_disk(&self) -> Option<Duration> {
        let millis = self
            .webhooks
            .unwritable_wait_ms
            .load(std::sync::atomic::Ordering::SeqCst);
        (millis > 0).then(|| Duration::from_millis(millis))
    }

    /// Delivers the outbox for as long as the app runs: what is overdue at
    /// once, the rest when due.
    pub async fn deliver_webhooks(&self) {
        let Some(client) = self.webhook_client() else {
            return;
        };
        let secret = SigningSecret::for_profile(&self.paths.data_dir);
        let mut backoff = UNRECORDED_FIRST;
        loop {
            let due = self.due_now();
            if !due.is_empty() {
                let key = match &secret {
                    Ok(secret) => secret.get_or_create(),
                    Err(err) => Err(crate::Error::new(err.kind(), err.message())),
                };
                match key {
                    Ok(key) => {
                        if self.attempt_all(&client, &key, due).await {
                            backoff = UNRECORDED_FIRST;
                        } else {
                            // The outbox cannot be written: sending again at
                            // once would send the same events in a loop.
                            self.set_unwritable_wait(backoff);
                            tokio::select! {
                                _ = tokio::time::sleep(backoff) => {}
                                _ = self.webhooks.wake.notified() => {}
                            }
                            self.set_unwritable_wait(Duration::ZERO);
                            backoff = (backoff * 2).min(UNRECORDED_MOST);
                        }
                        continue;
                    }
                    Err(err) => eprintln!("cloudpick: webhooks wait: {}", err.message()),
                }
            }
            let next = self.history.with(|db| outbox::next_due(db)).ok().flatten();
            let wait = next.map_or(LOOK_AGAIN, |t| {
                (t - self.webhooks.clock.now()).clamp(0, LOOK_AGAIN)
            });
            if wait == 0 && !due.is_empty() {
                // Due, but no secret: look again later rather than spin.
                tokio::time::sleep(Duration::from_secs(LOOK_AGAIN as u64)).await;
                continue;
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(wait as u64)) => {}
                _ = self.webhooks.wake.notified() => {}
            }
        }
    }

    async fn attempt(&self, client: &reqwest::Client, secret: &str, due: Due) -> bool {
        let sent = self.webhooks.clock.now();
        let signature = crate::webhooks::sign::signature(secret, sent, due.body.as_bytes());
        let answer = client
            .post(&due.url)
            .header("content-type", "application/json")
            .header("FS-Timestamp", sent.to_string())
            .header("FS-Signature", signature)
            .body(due.body.clone())
            .send()
            .await;
        let attempt = match answer {
            Ok(response) if response.status().is_redirection() => {
                let location = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .unwrap_or("nowhere it says")
                    .to_owned();
                Attempt::Moved(response.status().as_u16(), location)
            }
            Ok(response) => Attempt::Answered(response.status().as_u16()),
            Err(err) if err.is_timeout() => Attempt::NoAnswer(format!(
                "No answer within {} s",
                self.webhooks.timeout.as_secs_f32()
            )),
            Err(err) if err.is_connect() => {
                Attempt::NoAnswer("The receiver could not be reached".to_owned())
            }
            Err(err) => Attempt::NoAnswer(format!("The request failed: {err}")),
        };
        let now = self.webhooks.clock.now();
        match self
            .history
            .with(|db| outbox::record(db, &due, now, &attempt))
        {
            Ok(()) => true,
            Err(err) => {
                eprintln!("cloudpick: {}", err.message());
                false
            }
        }
    }
}
