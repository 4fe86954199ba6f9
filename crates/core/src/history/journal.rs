//! The transfer journal: every resumable upload's provider session (Graph's
//! upload URL, Dropbox's session id and offset, Box's session and parts),
//! rewritten after each chunk the server confirmed, so that after a crash
//! the upload goes on from where the server stands.

use super::database::{json, now_ms, parse, History};
use crate::drive::UploadSession;
use crate::error::{Error, ErrorKind, Result};
use crate::item::DriveItem;
use crate::pick::Ended;
use rusqlite::params;

/// An upload to go on with: which file of which pick, from where to where.
#[derive(Debug, Clone)]
pub struct Unfinished {
    pub id: i64,
    pub activity: i64,
    pub position: u32,
    /// The source id the file is on, and the file as it was when the copy began.
    pub source: String,
    pub item: DriveItem,
    /// The storage location (a source id) and its folder (`container`).
    pub storage: String,
    pub container: String,
    pub session: UploadSession,
    pub paused: bool,
}

/// How an ended transfer is written in the journal.
fn ended_name(ended: Ended) -> &'static str {
    match ended {
        Ended::Done => "done",
        Ended::Failed => "failed",
        Ended::Cancelled => "cancelled",
        Ended::Paused => "paused",
    }
}

impl History {
    /// Journals a new resumable upload of file `position` of pick `activity`.
    pub fn begin_transfer(
        &self,
        activity: i64,
        position: u32,
        item: &DriveItem,
        session: &UploadSession,
    ) -> Result<i64> {
        self.with(|db| {
            db.execute(
                "INSERT OR REPLACE INTO transfers
                 (activity_id, position, item_json, session_json, state, updated_ms)
                 VALUES (?1, ?2, ?3, ?4, 'running', ?5)",
                params![activity, position, json(item), json(session), now_ms()],
            )?;
            Ok(db.last_insert_rowid())
        })
    }

    /// Records what the server confirmed; synced before the next chunk goes.
    pub fn journal_transfer(&self, id: i64, session: &UploadSession) -> Result<()> {
        self.with(|db| {
            db.execute(
                "UPDATE transfers SET session_json = ?2, updated_ms = ?3 WHERE id = ?1",
                params![id, json(session), now_ms()],
            )
            .map(drop)
        })
    }

    pub fn end_transfer(&self, id: i64, ended: Ended) -> Result<()> {
        self.with(|db| {
            db.execute(
                "UPDATE transfers SET state = ?2, updated_ms = ?3 WHERE id = ?1",
                params![id, ended_name(ended), now_ms()],
            )
            .map(drop)
        })
    }

    /// Marks a paused transfer to go on (the user pressed Resume), and its
    /// file as waiting again.
    pub fn unpause_transfer(&self, transfer: &Unfinished) -> Result<()> {
        self.with(|db| {
            let tx = db.transaction()?;
            tx.execute(
                "UPDATE transfers SET state = 'running' WHERE id = ?1 AND state = 'paused'",
                [transfer.id],
            )?;
            tx.execute(
                "UPDATE activity_files SET state = 'pending', error = NULL
                 WHERE activity_id = ?1 AND position = ?2",
                params![transfer.activity, transfer.position],
            )?;
            tx.commit()
        })
    }

    /// Uploads that were running (or paused) when Cloudpick last stopped.
    pub fn unfinished_transfers(&self) -> Result<Vec<Unfinished>> {
        let rows = self.with(|db| {
            let mut query = db.prepare(
                "SELECT t.id, t.activity_id, t.position, f.source, t.item_json, a.storage,
                        a.destination, t.session_json, t.state
                 FROM transfers t
                 JOIN activity a ON a.id = t.activity_id
                 JOIN activity_files f ON f.activity_id = t.activity_id AND f.position = t.position
                 WHERE t.state IN ('running', 'paused') ORDER BY t.id",
            )?;
            let rows = query
                .query_map([], |r| {
                    Ok((
                        (
                            r.get::<_, i64>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, u32>(2)?,
                        ),
                        (r.get::<_, String>(3)?, r.get::<_, String>(4)?),
                        (r.get::<_, String>(5)?, r.get::<_, String>(6)?),
                        (r.get::<_, String>(7)?, r.get::<_, String>(8)?),
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })?;
        rows.into_iter()
            .map(
                |(
                    (id, activity, position),
                    (source, item),
                    (storage, container),
                    (session, state),
                )| {
                    let unreadable = || {
                        Error::new(
                            ErrorKind::Io,
                            format!("The journal of transfer {id} cannot be read"),
                        )
                    };
                    Ok(Unfinished {
                        id,
                        activity,
                        position,
                        source,
                        item: parse(&item).ok_or_else(unreadable)?,
                        storage,
                        container,
                        session: parse(&session).ok_or_else(unreadable)?,
                        paused: state == "paused",
                    })
                },
            )
            .collect()
    }
}

/// The journal of one pick's uploads, as the pick pipeline writes it.
pub struct PickLog<'a> {
    history: &'a History,
    activity: i64,
    /// The files the user paused, by position.
    paused: &'a std::sync::Mutex<std::collections::BTreeSet<usize>>,
}

impl<'a> PickLog<'a> {
    pub fn new(
        history: &'a History,
        activity: i64,
        paused: &'a std::sync::Mutex<std::collections::BTreeSet<usize>>,
    ) -> Self {
        PickLog {
            history,
            activity,
            paused,
        }
    }
}

impl crate::pick::TransferLog for PickLog<'_> {
    fn begin(&self, position: usize, item: &DriveItem, session: &UploadSession) -> Result<i64> {
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        self.history
            .begin_transfer(self.activity, position, item, session)
    }

    fn journal(&self, id: i64, session: &UploadSession) -> Result<()> {
        self.history.journal_transfer(id, session)
    }

    fn end(&self, id: i64, ended: Ended) -> Result<()> {
        self.history.end_transfer(id, ended)
    }

    fn paused(&self, position: usize) -> bool {
        self.paused.lock().is_ok_and(|p| p.contains(&position))
    }
}
