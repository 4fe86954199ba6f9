//! The outbox's rows: events written with the history record they tell
//! of, deliveries taken when due, each attempt's outcome, the delivery log.

use super::{payload, Outgoing};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// The second, third and last attempts: this long after the first.
pub const RETRY_AFTER_FIRST: [i64; 3] = [5 * 60, 60 * 60, 12 * 60 * 60];

/// Writes `outgoing`'s events, and a pending delivery for each webhook that
/// wants it, in the caller's transaction. Returns how many deliveries.
pub fn write(
    tx: &Connection,
    outgoing: &Outgoing,
    now: i64,
    activity: Option<i64>,
) -> rusqlite::Result<usize> {
    let mut deliveries = 0;
    for event in &outgoing.events {
        let hooks: Vec<_> = outgoing
            .hooks
            .iter()
            .filter(|h| h.wants(event.action) || event.action == super::TEST_ACTION)
            .collect();
        if hooks.is_empty() {
            continue;
        }
        tx.execute(
            "INSERT INTO webhook_events (action, created_s, activity_id, body) VALUES (?1, ?2, ?3, '')",
            params![event.action, now, activity],
        )?;
        let id = tx.last_insert_rowid();
        let body = payload::envelope(id, event.action, now, &event.text).to_string();
        tx.execute(
            "UPDATE webhook_events SET body = ?2 WHERE id = ?1",
            params![id, body],
        )?;
        for hook in hooks {
            tx.execute(
                "INSERT INTO webhook_deliveries (event_id, url, state, next_due_s, updated_s)
                 VALUES (?1, ?2, 'pending', ?3, ?3)",
                params![id, hook.url, now],
            )?;
            deliveries += 1;
        }
    }
    Ok(deliveries)
}

/// A delivery to make now.
#[derive(Debug, Clone)]
pub struct Due {
    pub id: i64,
    pub url: String,
    pub body: String,
    pub attempts: u32,
    pub first_attempt: Option<i64>,
}

pub fn due(db: &Connection, now: i64, limit: usize) -> rusqlite::Result<Vec<Due>> {
    let mut query = db.prepare(
        "SELECT d.id, d.url, e.body, d.attempts, d.first_attempt_s
         FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
         WHERE d.state = 'pending' AND d.next_due_s <= ?1
         ORDER BY d.next_due_s, d.id LIMIT ?2",
    )?;
    let rows = query.query_map(params![now, limit as i64], |r| {
        Ok(Due {
            id: r.get(0)?,
            url: r.get(1)?,
            body: r.get(2)?,
            attempts: r.get(3)?,
            first_attempt: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// When the next pending delivery is due, if one is.
pub fn next_due(db: &Connection) -> rusqlite::Result<Option<i64>> {
    db.query_row(
        "SELECT MIN(next_due_s) FROM webhook_deliveries WHERE state = 'pending'",
        [],
        |r| r.get(0),
    )
    .optional()
    .map(Option::flatten)
}

/// How many deliveries are still to be made (due now or later).
pub fn pending(db: &Connection) -> rusqlite::Result<usize> {
    db.query_row(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| usize::try_from(n).unwrap_or(0))
}

/// How an attempt ended: the receiver's status code, or why there was none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    Answered(u16),
    NoAnswer(String),
    /// A 3xx: not followed (a GET would drop the body, and a 307 would send
    /// the signed body to another host), so not delivered.
    Moved(u16, String),
}

impl Attempt {
    /// Any 2xx counts as delivered; anything else is retried.
    pub fn delivered(&self) -> bool {
        matches!(self, Attempt::Answered(200..=299))
    }
}

/// Records an attempt made at `now`: delivered, due again (5 min, 1 h,
/// 12 h after the first), or, after the fourth, failed.
pub fn record(db: &Connection, due: &Due, now: i64, attempt: &Attempt) -> rusqlite::Result<()> {
    let attempts = due.attempts + 1;
    let first = due.first_attempt.unwrap_or(now);
    let moved;
    let (code, error) = match attempt {
        Attempt::Answered(code) => (Some(i64::from(*code)), None),
        Attempt::NoAnswer(why) => (None, Some(why.as_str())),
        Attempt::Moved(code, location) => {
            moved = format!("Moved to {location}: update the webhook URL");
            (Some(i64::from(*code)), Some(moved.as_str()))
        }
    };
    let (state, next) = if attempt.delivered() {
        ("delivered", None)
    } else {
        match RETRY_AFTER_FIRST.get(attempts as usize - 1) {
            Some(after) => ("pending", Some(first + after)),
            None => ("failed", None),
        }
    };
    db.execute(
        "UPDATE webhook_deliveries SET state = ?2, attempts = ?3, first_attempt_s = ?4,
         next_due_s = ?5, last_code = ?6, last_error = ?7, updated_s = ?8 WHERE id = ?1",
        params![due.id, state, attempts, first, next, code, error, now],
    )?;
    Ok(())
}

/// A failed delivery, tried once more now (by hand, from the log).
pub fn replay(db: &Connection, id: i64, now: i64) -> rusqlite::Result<bool> {
    let changed = db.execute(
        "UPDATE webhook_deliveries SET state = 'pending', next_due_s = ?2, updated_s = ?2
         WHERE id = ?1 AND state = 'failed'",
        params![id, now],
    )?;
    Ok(changed == 1)
}

/// One row of the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Delivery.ts")]
pub struct Delivery {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub event_id: i64,
    pub action: String,
    pub url: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    pub attempts: u32,
    pub last_code: Option<u16>,
    pub last_error: Option<String>,
    /// Unix seconds.
    #[ts(type = "number | null")]
    pub next_attempt: Option<i64>,
    #[ts(type = "number")]
    pub created: i64,
}

pub fn log(db: &Connection, limit: usize) -> rusqlite::Result<Vec<Delivery>> {
    let mut query = db.prepare(
        "SELECT d.id, d.event_id, e.action, d.url, d.state, d.attempts, d.last_code, d.last_error,
                CASE d.state WHEN 'pending' THEN d.next_due_s END, e.created_s
         FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
         ORDER BY d.id DESC LIMIT ?1",
    )?;
    let rows = query.query_map([limit as i64], |r| {
        Ok(Delivery {
            id: r.get(0)?,
            event_id: r.get(1)?,
            action: r.get(2)?,
            url: r.get(3)?,
            state: r.get(4)?,
            attempts: r.get(5)?,
            last_code: r.get(6)?,
            last_error: r.get(7)?,
            next_attempt: r.get(8)?,
            created: r.get(9)?,
        })
    })?;
    rows.collect()
}
