//! Webhooks: Filestack's signed events (`fp.upload`, `fp.export`,
//! `fp.converse`) for the URLs set in Settings, through a durable outbox in
//! the history database. An event and its deliveries are written in the
//! same transaction as the history record they tell of; a worker delivers
//! them, retrying 5 minutes, 1 hour and 12 hours after the first attempt,
//! across restarts.

pub mod clock;
pub mod outbox;
pub mod payload;
pub mod sign;
pub mod signing_secret;
pub mod worker;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The events a receiver can ask for.
pub const ACTIONS: [&str; 4] = ["fp.upload", "fp.export", "fp.converse", PICKER_OPEN];
/// The picker opened: Cloudpick's name for the pages' "dialog opening".
/// Off by default: `all` leaves it out; a hook names it to get it.
pub const PICKER_OPEN: &str = "fp.picker_open";
/// What "Send test event" sends.
pub const TEST_ACTION: &str = "fp.test";
/// A hook's events: all of them.
pub const ALL: &str = "all";

/// One webhook of Settings: a URL and the events it receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export, export_to = "Webhook.ts")]
pub struct Webhook {
    pub url: String,
    /// `fp.upload`, `fp.export`, `fp.converse`, `fp.picker_open`, or `all`
    /// (every one but `fp.picker_open`).
    pub events: Vec<String>,
}

impl Webhook {
    pub fn wants(&self, action: &str) -> bool {
        self.events
            .iter()
            .any(|e| e == action || (e == ALL && action != PICKER_OPEN))
    }

    /// Checks what the user entered: an http(s) URL, and known events.
    pub fn checked(self) -> crate::Result<Self> {
        use crate::error::{Error, ErrorKind};
        let url = self.url.trim().to_owned();
        let parsed = url::Url::parse(&url).map_err(|_| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("{url} is not a web address: a webhook needs one such as https://example.com/hooks"),
            )
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{url} is not an http or https address"),
            ));
        }
        if let Some(unknown) = self
            .events
            .iter()
            .find(|e| *e != ALL && !ACTIONS.contains(&e.as_str()))
        {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{unknown} is not an event: use fp.upload, fp.export, fp.converse, fp.picker_open or all"),
            ));
        }
        if self.events.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("Choose the events {url} receives"),
            ));
        }
        Ok(Webhook {
            url,
            events: self.events,
        })
    }
}

/// An event to record: its action and its `text`, as Filestack sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub action: &'static str,
    pub text: serde_json::Value,
}

/// The events of one history record, the webhooks they go to, and when
/// (Unix seconds, by the webhooks' clock).
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    pub events: Vec<NewEvent>,
    pub hooks: Vec<Webhook>,
    pub at: i64,
}
