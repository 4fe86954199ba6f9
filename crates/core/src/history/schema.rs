//! The database's tables, created or brought up to date when it opens.
//! `PRAGMA user_version` counts the steps applied; each step runs once.

use rusqlite::Connection;

const STEPS: &[&str] = &[
    // 1: the history of picks, one row per pick and one per file.
    "CREATE TABLE activity (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        finished_ms INTEGER,
        destination TEXT NOT NULL,
        result_json TEXT
    );
    CREATE TABLE activity_files (
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source TEXT NOT NULL,
        item_id TEXT NOT NULL,
        item_json TEXT,
        state TEXT NOT NULL,
        stored_json TEXT,
        stored_id TEXT,
        error TEXT,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (activity_id, position)
    );
    CREATE INDEX activity_files_by_time ON activity_files(at_ms);",
    // 2: where each pick stored its files: `local` or a drive's source id.
    "ALTER TABLE activity ADD COLUMN storage TEXT NOT NULL DEFAULT 'local';",
    // 3: the transfer journal: each resumable upload's provider session,
    // written after every chunk the server confirmed.
    "CREATE TABLE transfers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        item_json TEXT NOT NULL,
        session_json TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_ms INTEGER NOT NULL,
        UNIQUE (activity_id, position)
    );",
    // 4: the webhook outbox: each event as sent, and one delivery per URL,
    // with its attempts and when the next is due (Unix seconds).
    "CREATE TABLE webhook_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL,
        created_s INTEGER NOT NULL,
        activity_id INTEGER,
        body TEXT NOT NULL
    );
    CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id INTEGER NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        first_attempt_s INTEGER,
        next_due_s INTEGER,
        last_code INTEGER,
        last_error TEXT,
        updated_s INTEGER NOT NULL
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_due_s);",
    // 5: the application a pick was opened in (the desktop's file dialog).
    "ALTER TABLE activity ADD COLUMN opened_in TEXT;",
];

/// Applies the steps this database has not had yet, each in a transaction.
pub(super) fn migrate(db: &mut Connection) -> rusqlite::Result<()> {
    let done: usize = db.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, step) in STEPS.iter().enumerate().skip(done) {
        let tx = db.transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// How far this build of Cloudpick brings a database.
pub(super) fn version() -> usize {
    STEPS.len()
}
