//! The database: opening it (schema steps, interrupted picks), and the
//! records of picks, their files and their events.

use super::activity::{Activity, ActivityFile, ActivityStatus, FileState, RecentItem};
use super::schema;
use crate::error::{Error, ErrorKind, Result};
use crate::item::ItemId;
use crate::pick::{Outcome, PickResult, Storage, StoredFile};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The database. Calls are short; one connection behind a lock serves them.
pub struct History {
    db: Mutex<Connection>,
    file: PathBuf,
    /// Held shared for as long as this process has the history open.
    _open: Option<std::fs::File>,
}

/// A failed file of a save to a drive, as `failed_save` reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedSave {
    pub storage: String,
    pub destination: String,
    pub source: String,
    pub item_id: ItemId,
    pub name: Option<String>,
}

impl History {
    /// Opens (or creates) the database in `file`. Picks that were running
    /// when Cloudpick last stopped are marked interrupted.
    pub fn open(file: &Path) -> Result<Self> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::from_io(e, "create", &dir.display().to_string()))?;
        }
        let broken = |e: rusqlite::Error| {
            Error::new(
                ErrorKind::Io,
                format!(
                    "Cloudpick's history {} cannot be read ({e}). Move it elsewhere and restart Cloudpick to start a new one",
                    file.display()
                ),
            )
        };
        let mut db = Connection::open(file).map_err(broken)?;
        // Its journal files take the database's mode: the owner's alone.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600));
        }
        db.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(broken)?;
        db.pragma_update(None, "journal_mode", "WAL")
            .map_err(broken)?;
        db.pragma_update(None, "synchronous", "FULL")
            .map_err(broken)?;
        db.pragma_update(None, "foreign_keys", "ON")
            .map_err(broken)?;
        let found: usize = db
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(broken)?;
        if found > schema::version() {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "Cloudpick's history {} was written by a newer Cloudpick: update this one",
                    file.display()
                ),
            ));
        }
        schema::migrate(&mut db).map_err(broken)?;
        let (open, alone) = hold(file);
        // Running picks are left over from a stop only when no other
        // Cloudpick (the app, while `cloudpick ls` opens this) has it open.
        if alone {
            mark_interrupted(&db).map_err(broken)?;
        }
        Ok(History {
            db: Mutex::new(db),
            file: file.to_path_buf(),
            _open: open,
        })
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    pub(crate) fn with<T>(
        &self,
        run: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let mut db = self.db.lock().map_err(|_| crate::error::poisoned())?;
        run(&mut db).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!(
                    "Cloudpick could not update its history {} ({e})",
                    self.file.display()
                ),
            )
        })
    }

    /// Records a pick as it starts: its files, in order, as pending.
    pub fn start_pick(&self, storage: &Storage, files: &[(String, ItemId)]) -> Result<i64> {
        self.start("pick", storage, files)
    }

    /// The same for `kind` of work: `pick`, or `export` (Save to).
    pub fn start(&self, kind: &str, storage: &Storage, files: &[(String, ItemId)]) -> Result<i64> {
        let now = now_ms();
        self.with(|db| {
            let tx = db.transaction()?;
            tx.execute(
                "INSERT INTO activity (kind, status, started_ms, destination, storage)
                 VALUES (?4, 'running', ?1, ?2, ?3)",
                params![now, storage.container(), storage.location(), kind],
            )?;
            let id = tx.last_insert_rowid();
            for (position, (source, item)) in files.iter().enumerate() {
                tx.execute(
                    "INSERT INTO activity_files (activity_id, position, source, item_id, state, at_ms)
                     VALUES (?1, ?2, ?3, ?4, 'pending', ?5)",
                    params![id, position, source, item.as_str(), now],
                )?;
            }
            tx.commit()?;
            Ok(id)
        })
    }

    /// Marks the last pick as opened in application `asker` (one pick runs
    /// at a time, so the last is the one that just ended).
    pub fn opened_in_last_pick(&self, asker: &str) -> Result<()> {
        self.with(|db| {
            db.execute(
                "UPDATE activity SET opened_in = ?1
                 WHERE id = (SELECT MAX(id) FROM activity WHERE kind = 'pick')",
                [asker],
            )
            .map(|_| ())
        })
    }

    /// Records what became of each file, and the result, in one transaction.
    /// The pick's events for the webhooks (`outgoing`) are written in the
    /// same transaction: both are kept, or neither.
    pub fn finish_pick(
        &self,
        id: i64,
        outcomes: &[Outcome],
        result: &PickResult,
        outgoing: &crate::webhooks::Outgoing,
    ) -> Result<()> {
        let now = now_ms();
        let result = json(result);
        self.with(|db| {
            let tx = db.transaction()?;
            for (position, outcome) in outcomes.iter().enumerate() {
                record(&tx, id, position, outcome, now)?;
            }
            crate::webhooks::outbox::write(&tx, outgoing, outgoing.at, Some(id))?;
            tx.execute(
                "UPDATE activity SET status = 'done', finished_ms = ?2, result_json = ?3 WHERE id = ?1",
                params![id, now, result],
            )?;
            // A file whose taken name is asked about is not part of this
            // work: the answer (Replace, Keep both) is work of its own.
            // Work left with no file at all was never done.
            tx.execute(
                "DELETE FROM activity WHERE id = ?1 AND NOT EXISTS
                 (SELECT 1 FROM activity_files WHERE activity_id = ?1 AND state != 'asked')",
                [id],
            )?;
            tx.execute(
                "DELETE FROM activity_files WHERE activity_id = ?1 AND state = 'asked'",
                [id],
            )?;
            tx.commit()
        })
    }

    /// Records how one file of pick `id` ended after the pick itself (a
    /// resumed upload), adds it to the pick's result, and ends the pick
    /// when no file is left waiting.
    pub fn finish_file(
        &self,
        id: i64,
        position: u32,
        outcome: &Outcome,
        outgoing: &crate::webhooks::Outgoing,
    ) -> Result<()> {
        let now = now_ms();
        self.with(|db| {
            let tx = db.transaction()?;
            record(&tx, id, position as usize, outcome, now)?;
            crate::webhooks::outbox::write(&tx, outgoing, outgoing.at, Some(id))?;
            let text: Option<String> =
                tx.query_row("SELECT result_json FROM activity WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            let mut result: PickResult = text.and_then(|t| parse(&t)).unwrap_or_default();
            // A paused file was listed as failed; it is listed again as it ends now.
            if let Some(item) = &outcome.item {
                result
                    .files_failed
                    .retain(|f| f.original_path != item.display_path);
            }
            match &outcome.result {
                Ok(stored) => result.files_uploaded.push(stored.clone()),
                Err(failed) => result.files_failed.push(failed.clone()),
            }
            let waiting: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM activity_files WHERE activity_id = ?1 AND state IN ('pending', 'paused'))",
                [id],
                |r| r.get(0),
            )?;
            tx.execute(
                "UPDATE activity SET result_json = ?2,
                 status = CASE WHEN ?3 THEN status ELSE 'done' END,
                 finished_ms = CASE WHEN ?3 THEN finished_ms ELSE ?4 END WHERE id = ?1",
                params![id, json(&result), waiting, now],
            )?;
            tx.commit()
        })
    }

    /// The last `limit` picks, newest first, with their files.
    pub fn activity(&self, limit: u32) -> Result<Vec<Activity>> {
        self.with(|db| {
            let mut picks = db.prepare(
                "SELECT id, kind, status, started_ms, finished_ms, destination, result_json, opened_in
                 FROM activity ORDER BY id DESC LIMIT ?1",
            )?;
            let mut files = db.prepare(
                "SELECT position, source, item_id, item_json, state, stored_json, error
                 FROM activity_files WHERE activity_id = ?1 ORDER BY position",
            )?;
            let rows = picks
                .query_map([limit], |r| {
                    Ok(Activity {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        status: parse(&r.get::<_, String>(2)?).unwrap_or(ActivityStatus::Done),
                        started: r.get(3)?,
                        finished: r.get(4)?,
                        destination: r.get(5)?,
                        opened_in: r.get(7)?,
                        files: Vec::new(),
                        result: r.get::<_, Option<String>>(6)?.and_then(|t| parse(&t)),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|mut activity| {
                    activity.files = files
                        .query_map([activity.id], |r| {
                            Ok(ActivityFile {
                                position: r.get(0)?,
                                source: r.get(1)?,
                                item_id: ItemId::new(r.get::<_, String>(2)?),
                                item: r.get::<_, Option<String>>(3)?.and_then(|t| parse(&t)),
                                state: parse(&r.get::<_, String>(4)?).unwrap_or(FileState::Failed),
                                stored: r.get::<_, Option<String>>(5)?.and_then(|t| parse(&t)),
                                error: r.get(6)?,
                            })
                        })?
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    Ok(activity)
                })
                .collect()
        })
    }

    /// The files picked last, newest first, each file once, at most `limit`.
    pub fn recent(&self, limit: u32) -> Result<Vec<RecentItem>> {
        self.with(|db| {
            let mut query = db.prepare(
                "SELECT f.source, f.item_json, MAX(f.at_ms) AS at, a.kind, a.storage, a.destination
                 FROM activity_files f JOIN activity a ON a.id = f.activity_id
                 WHERE f.item_json IS NOT NULL AND f.state IN ('stored', 'removed', 'linked')
                 GROUP BY f.source, f.item_id ORDER BY at DESC LIMIT ?1",
            )?;
            let rows = query.query_map([limit], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?;
            let mut recent = Vec::new();
            for row in rows {
                let (source, item, at, kind, to, container) = row?;
                if let Some(item) = parse(&item) {
                    let action = if kind == "export" { "saved" } else { "picked" };
                    // A drive's container is `location:/folder`; a local one is the folder.
                    let to_folder = container
                        .strip_prefix(&format!("{to}:"))
                        .unwrap_or(&container)
                        .to_owned();
                    recent.push(RecentItem {
                        source,
                        item,
                        action: action.to_owned(),
                        at,
                        to,
                        to_folder,
                    });
                }
            }
            Ok(recent)
        })
    }

    /// A stored copy of a pick: where it was stored (`local` or a source
    /// id), its record, and its id on the storage drive.
    pub fn stored(&self, id: i64, position: u32) -> Result<(String, StoredFile, ItemId)> {
        let found = self.with(|db| {
            db.query_row(
                "SELECT a.storage, f.stored_json, f.stored_id, f.state
                 FROM activity_files f JOIN activity a ON a.id = f.activity_id
                 WHERE f.activity_id = ?1 AND f.position = ?2",
                params![id, position],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()
        })?;
        match found {
            Some((storage, Some(stored), Some(stored_id), state)) if state == "stored" => {
                let stored: StoredFile = parse(&stored).ok_or_else(|| {
                    Error::new(ErrorKind::Io, "This entry of the history cannot be read")
                })?;
                if stored.reused {
                    return Err(Error::new(
                        ErrorKind::InvalidInput,
                        "This pick reused a copy that was stored before it; remove that copy from the pick that stored it",
                    ));
                }
                Ok((storage, stored, ItemId::new(stored_id)))
            }
            Some((_, _, _, state)) if state == "removed" => Err(Error::new(
                ErrorKind::NotFound,
                "This copy was already removed",
            )),
            _ => Err(Error::new(
                ErrorKind::NotFound,
                "This file was not stored, so there is no copy to remove",
            )),
        }
    }
    /// A file of a save to a drive (`export`) that failed: the drive and
    /// the place it was saved to (`{drive}:{path}`), and the file's source,
    /// id and name, to save it again.
    pub fn failed_save(&self, id: i64, position: u32) -> Result<FailedSave> {
        let found = self.with(|db| {
            db.query_row(
                "SELECT a.kind, a.storage, a.destination, f.source, f.item_id, f.item_json, f.state
                 FROM activity_files f JOIN activity a ON a.id = f.activity_id
                 WHERE f.activity_id = ?1 AND f.position = ?2",
                params![id, position],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        FailedSave {
                            storage: r.get(1)?,
                            destination: r.get(2)?,
                            source: r.get(3)?,
                            item_id: ItemId::new(r.get::<_, String>(4)?),
                            name: r
                                .get::<_, Option<String>>(5)?
                                .and_then(|t| parse::<crate::item::DriveItem>(&t))
                                .map(|item| item.name),
                        },
                        r.get::<_, String>(6)?,
                    ))
                },
            )
            .optional()
        })?;
        match found {
            Some((kind, failed, state)) if kind == "export" && state == "failed" => Ok(failed),
            _ => Err(Error::new(
                ErrorKind::NotFound,
                "Only a file that failed to save to a drive can be tried again",
            )),
        }
    }

    /// Whether a finished pick stored a file as `key` in the folder
    /// `container` on this computer (and it was not removed since).
    pub fn stored_locally_as(&self, container: &str, key: &str) -> Result<bool> {
        self.with(|db| {
            db.query_row(
                "SELECT EXISTS (SELECT 1 FROM activity_files f JOIN activity a ON a.id = f.activity_id
                 WHERE a.storage = 'local' AND f.state = 'stored'
                   AND json_extract(f.stored_json, '$.container') = ?1
                   AND json_extract(f.stored_json, '$.key') = ?2)",
                [container, key],
                |r| r.get(0),
            )
        })
    }

    /// Marks a stored copy as removed.
    pub fn mark_removed(&self, id: i64, position: u32) -> Result<()> {
        self.with(|db| {
            db.execute(
                "UPDATE activity_files SET state = 'removed' WHERE activity_id = ?1 AND position = ?2",
                params![id, position],
            )
            .map(drop)
        })
    }
}

/// Takes the history's lock file (`cloudpick.db.lock`) shared, for as long
/// as the file lives, and says whether no other process held it: then this
/// one took it exclusively first. Without a lock file (a read-only folder),
/// the history counts as this process's alone, as before.
fn hold(file: &Path) -> (Option<std::fs::File>, bool) {
    let mut name = file.as_os_str().to_owned();
    name.push(".lock");
    let Ok(lock) = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(name))
    else {
        return (None, true);
    };
    let alone = lock.try_lock().is_ok();
    // Shared from now on: other processes may open the history too, and
    // see that this one has it.
    if alone {
        let _ = lock.unlock();
    }
    match lock.lock_shared() {
        Ok(()) => (Some(lock), alone),
        Err(_) => (None, alone),
    }
}

/// Marks the picks a stop cut short: the activity interrupted, and its files
/// failed unless their upload is journaled (those go on later).
fn mark_interrupted(db: &Connection) -> rusqlite::Result<()> {
    db.execute(
        "UPDATE activity SET status = 'interrupted' WHERE status = 'running'",
        [],
    )?;
    db.execute(
        "UPDATE activity_files SET state = 'failed', error = 'Cloudpick stopped before this file was copied'
         WHERE state = 'pending' AND NOT EXISTS (
            SELECT 1 FROM transfers t WHERE t.activity_id = activity_files.activity_id
            AND t.position = activity_files.position AND t.state IN ('running', 'paused'))",
        [],
    )?;
    Ok(())
}

/// Writes what became of one file into its row.
fn record(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    position: usize,
    outcome: &Outcome,
    now: i64,
) -> rusqlite::Result<()> {
    let (state, stored, error) = match &outcome.result {
        Err(failed) if outcome.paused => ("paused", None, Some(failed.error.clone())),
        Err(_) if outcome.asked => ("asked", None, None),
        Ok(stored) if stored.status == crate::pick::LINKED => ("linked", Some(json(stored)), None),
        Ok(stored) => ("stored", Some(json(stored)), None),
        Err(failed) => ("failed", None, Some(failed.error.clone())),
    };
    tx.execute(
        "UPDATE activity_files SET state = ?3, item_json = ?4, stored_json = ?5,
         stored_id = ?6, error = ?7, at_ms = ?8 WHERE activity_id = ?1 AND position = ?2",
        params![
            id,
            position,
            state,
            outcome.item.as_ref().map(json),
            stored,
            outcome.stored_id.as_ref().map(ItemId::as_str),
            error,
            now
        ],
    )
    .map(drop)
}

pub(super) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

pub(super) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Reads a stored value; one this build cannot read is left out, not fatal.
pub(super) fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text)
        .or_else(|_| serde_json::from_str(&format!("\"{text}\"")))
        .ok()
}
