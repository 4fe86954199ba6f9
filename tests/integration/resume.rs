//! The transfer journal against a real crash: a process storing a 48 MiB
//! file on Dropbox is killed with SIGKILL mid-upload, a new one goes on from
//! where Dropbox stands, and the file arrives whole without the confirmed
//! chunks being sent twice.

use cloudpick_core::api::Cloudpick;
use cloudpick_core::hashes::{self, HashKind};
use cloudpick_core::history::{ActivityStatus, FileState};
use cloudpick_emulator::faults::{Fault, FaultRule};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const SIZE: usize = 48 * 1024 * 1024;
const CHUNK: u64 = cloudpick_core::dropbox::CHUNK as u64;

fn worker(dir: &Path, mode: &str, emulator: &cloudpick_emulator::Running, token: &str) -> Command {
    let info = &emulator.info.providers["dropbox"];
    let mut command = Command::new(env!("CARGO_BIN_EXE_transfer-worker"));
    command
        .arg(dir)
        .arg(mode)
        .env("CP_DROPBOX_API", &info.base_urls["api"])
        .env("CP_DROPBOX_CONTENT", &info.base_urls["content"])
        .env("CP_DROPBOX_TOKEN", token);
    command
}

/// What the journal says the server confirmed, once there is a journal.
fn confirmed(db: &Path) -> Option<u64> {
    let db = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .ok()?;
    let session: String = db
        .query_row("SELECT session_json FROM transfers", [], |r| r.get(0))
        .ok()?;
    let session: serde_json::Value = serde_json::from_str(&session).ok()?;
    session["confirmed"].as_u64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_upload_goes_on_from_where_dropbox_stands() {
    let emulator = cloudpick_tests::emulator(true).await;
    // Each chunk takes a while, so the kill lands between two of them.
    emulator.faults.add(FaultRule {
        path_contains: "upload_session/append_v2".into(),
        method: None,
        fault: Fault::Delay { millis: 300 },
        times: 1000,
    });
    let token = emulator.dropbox.oauth.issue_tokens().access_token;
    let dir = tempfile::tempdir().unwrap();
    let body = cloudpick_tests::pseudo_random(SIZE, 21);
    cloudpick_tests::write_tree(&dir.path().join("Files"), &[("big.bin", &body)]);
    let db = dir.path().join("data/cloudpick.db");

    let mut first = worker(dir.path(), "pick", &emulator, &token)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while confirmed(&db).unwrap_or(0) < 2 * CHUNK {
        assert!(
            Instant::now() < deadline,
            "two chunks are confirmed within a minute"
        );
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first process is still uploading"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill().unwrap(); // SIGKILL: no clean-up of any kind.
    first.wait().unwrap();
    let journaled = confirmed(&db).unwrap();
    assert!(journaled < SIZE as u64, "killed mid-upload");
    let sent_before = emulator.faults.bytes_received();

    let resumed = worker(dir.path(), "resume", &emulator, &token)
        .output()
        .unwrap();
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let sent_after = emulator.faults.bytes_received() - sent_before;
    // Request bodies of every kind count, the API calls' small JSON too (a
    // few hundred bytes); one chunk sent again would be 8 MiB.
    const JSON_CALLS: u64 = 16 * 1024;
    assert!(
        sent_after <= SIZE as u64 - journaled + JSON_CALLS,
        "only what Dropbox did not confirm is sent again: {sent_after} bytes after {journaled} were confirmed"
    );
    assert!(sent_after > 0);

    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let uploads = cloudpick_tests::list_all(&*dropbox, &dropbox.root(), Default::default())
        .await
        .into_iter()
        .find(|i| i.name == "Uploads")
        .unwrap();
    let stored = cloudpick_tests::list_all(&*dropbox, &uploads.id, Default::default()).await;
    assert_eq!(cloudpick_tests::names(&stored), ["big.bin"]);
    let bytes = cloudpick_tests::read_all(&*dropbox, &stored[0].id).await;
    assert!(bytes == body, "the stored file has the original bytes");

    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let pick = &app.activity().unwrap()[0];
    assert_eq!(pick.status, ActivityStatus::Done);
    assert_eq!(pick.files[0].state, FileState::Stored);
    let result = pick.result.as_ref().unwrap();
    let hash = result.files_uploaded[0].hash.as_ref().unwrap();
    assert_eq!(hash.algorithm, HashKind::DropboxContent);
    assert_eq!(hash.value, hashes::digest(HashKind::DropboxContent, &body));
    assert!(
        app.resume_transfers().await.is_empty(),
        "nothing is left to resume"
    );
}
