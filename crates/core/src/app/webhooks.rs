//! What Settings and the delivery log ask of the webhooks.

use super::Cloudpick;
use crate::error::{Error, ErrorKind, Result};
use crate::webhooks::outbox::{self, Delivery};
use crate::webhooks::signing_secret::SigningSecret;
use crate::webhooks::{payload, NewEvent, Outgoing, Webhook, ALL};

/// How many deliveries the log shows, newest first.
const LOG_ROWS: usize = 500;

impl Cloudpick {
    /// The signing secret, made now if this profile has none yet.
    pub fn signing_secret(&self) -> Result<String> {
        SigningSecret::for_profile(&self.paths.data_dir)?.get_or_create()
    }

    /// A new signing secret; receivers must be given it.
    pub fn rotate_signing_secret(&self) -> Result<String> {
        SigningSecret::for_profile(&self.paths.data_dir)?.rotate()
    }

    /// Queues a test event (`fp.test`) for `url` alone, through the outbox
    /// like any other, so the log shows how it went.
    pub fn send_test_event(&self, url: &str) -> Result<()> {
        let hook = Webhook {
            url: url.to_owned(),
            events: vec![ALL.to_owned()],
        }
        .checked()?;
        let outgoing = Outgoing {
            events: vec![payload::test(&hook.url)],
            hooks: vec![hook],
            at: self.webhooks.clock.now(),
        };
        self.history
            .with(|db| outbox::write(db, &outgoing, outgoing.at, None))?;
        self.wake_webhooks();
        Ok(())
    }

    /// Tells the webhooks that ask for it (`fp.picker_open`) that the picker
    /// opened, offering `sources` (drive kinds; empty: every drive).
    pub fn picker_opened(&self, sources: &[String]) -> Result<()> {
        let rules = self.rules();
        let sources: Vec<String> = if sources.is_empty() {
            self.sources()
                .iter()
                .map(|s| s.provider.clone())
                .filter(|kind| rules.from_sources.is_empty() || rules.from_sources.contains(kind))
                .fold(Vec::new(), |mut kinds, kind| {
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                    kinds
                })
        } else {
            sources.to_vec()
        };
        let outgoing = self.outgoing(vec![payload::picker_open(&sources, &rules.accept)]);
        if !outgoing
            .hooks
            .iter()
            .any(|h| h.wants(crate::webhooks::PICKER_OPEN))
        {
            return Ok(());
        }
        self.history
            .with(|db| outbox::write(db, &outgoing, outgoing.at, None))?;
        self.wake_webhooks();
        Ok(())
    }

    /// The delivery log, newest first.
    pub fn deliveries(&self) -> Result<Vec<Delivery>> {
        self.history.with(|db| outbox::log(db, LOG_ROWS))
    }

    /// Tries a failed delivery once more, now.
    pub fn replay_delivery(&self, id: i64) -> Result<()> {
        let now = self.webhooks.clock.now();
        if !self.history.with(|db| outbox::replay(db, id, now))? {
            return Err(Error::new(
                ErrorKind::NotFound,
                "Only a failed delivery can be sent again",
            ));
        }
        self.wake_webhooks();
        Ok(())
    }
}

impl Cloudpick {
    /// `events`, bound for the webhooks Settings has now.
    pub(crate) fn outgoing(&self, events: Vec<NewEvent>) -> Outgoing {
        Outgoing {
            events,
            hooks: self.settings().webhooks,
            at: self.webhooks.clock.now(),
        }
    }
}
