//! The transfer journal against a real crash, for every drive with resumable
//! uploads: a process storing a 48 MiB file is killed with SIGKILL mid-upload,
//! a new one goes on from where the server stands, and the file arrives whole
//! without the confirmed chunks being sent twice.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::drives::hashes::{self, HashKind};
use cloudpick_core::history::{ActivityStatus, FileState};
use cloudpick_emulator::faults::{Fault, FaultRule};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const SIZE: usize = 48 * 1024 * 1024;
/// Killed once the journal shows this much confirmed: two chunks or more.
const KILL_AFTER: u64 = 16 * 1024 * 1024;

fn worker(
    dir: &Path,
    mode: &str,
    emulator: &cloudpick_emulator::Running,
    provider: &str,
) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_transfer-worker"));
    let urls = serde_json::to_string(&cloudpick_tests::urls_of(emulator, provider)).unwrap();
    command
        .arg(dir)
        .arg(mode)
        .env("CP_PROVIDER", provider)
        .env("CP_URLS", urls)
        .env("CP_TOKEN", cloudpick_tests::token_for(emulator, provider));
    command
}

/// What the journal says the server confirmed, once there is a journal.
fn confirmed(db: &Path) -> Option<u64> {
    confirmed_of(db, 1)
}

/// The journal's `id`th upload session, as written.
fn session_of(db: &Path, id: i64) -> Option<serde_json::Value> {
    let db = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .ok()?;
    let session: String = db
        .query_row(
            "SELECT session_json FROM transfers WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .ok()?;
    serde_json::from_str(&session).ok()
}

/// The same, for the journal's `id`th upload.
fn confirmed_of(db: &Path, id: i64) -> Option<u64> {
    session_of(db, id)?["confirmed"].as_u64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_upload_to_dropbox_goes_on_from_where_dropbox_stands() {
    killed_and_resumed(
        "dropbox",
        "upload_session/append_v2",
        HashKind::DropboxContent,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_upload_to_onedrive_goes_on_from_where_onedrive_stands() {
    killed_and_resumed("onedrive", "/graph-content/upload/", HashKind::QuickXor).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_upload_to_box_goes_on_from_where_box_stands() {
    killed_and_resumed("box", "/files/upload_sessions/", HashKind::Sha1).await;
}

/// `chunks` is what the provider's chunk uploads have in their path.
async fn killed_and_resumed(provider: &str, chunks: &str, kind: HashKind) {
    let emulator = cloudpick_tests::emulator(true).await;
    // Each chunk takes a while, so the kill lands between two of them.
    emulator.faults.add(FaultRule {
        path_contains: chunks.into(),
        method: Some(if provider == "dropbox" { "POST" } else { "PUT" }.into()),
        fault: Fault::Delay { millis: 300 },
        times: 1000,
    });
    let dir = tempfile::tempdir().unwrap();
    let body = cloudpick_tests::pseudo_random(SIZE, 21);
    cloudpick_tests::write_tree(&dir.path().join("Files"), &[("big.bin", &body)]);
    let db = dir.path().join("data/cloudpick.db");

    let mut first = worker(dir.path(), "pick", &emulator, provider)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while confirmed(&db).unwrap_or(0) < KILL_AFTER {
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
    // The provider's own session state is what was journaled.
    let state = &session_of(&db, 1).unwrap()["state"];
    match provider {
        "dropbox" => assert!(state["session_id"].is_string(), "{state}"),
        "onedrive" => assert!(state["upload_url"].is_string(), "{state}"),
        _ => assert!(
            state["parts"].as_array().is_some_and(|p| p.len() >= 2) && state["commit"].is_string(),
            "{state}"
        ),
    }
    // Bytes the killed process left in the socket still reach the emulator
    // for a moment: count from when they stopped coming.
    let mut sent_before = emulator.faults.bytes_received();
    loop {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let now = emulator.faults.bytes_received();
        if now == sent_before {
            break;
        }
        sent_before = now;
    }

    let resumed = worker(dir.path(), "resume", &emulator, provider)
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
        "only what {provider} did not confirm is sent again: {sent_after} bytes after {journaled} were confirmed"
    );
    assert!(sent_after > 0);

    let drive = cloudpick_tests::drive_at(&emulator, provider);
    let (_, stored) = uploads(&*drive).await;
    assert_eq!(cloudpick_tests::names(&stored), ["big.bin"]);
    let bytes = cloudpick_tests::read_all(&*drive, &stored[0].id).await;
    assert!(bytes == body, "the stored file has the original bytes");

    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let pick = &app.activity().unwrap()[0];
    assert_eq!(pick.status, ActivityStatus::Done);
    assert_eq!(pick.files[0].state, FileState::Stored);
    let result = pick.result.as_ref().unwrap();
    let hash = result.files_uploaded[0].hash.as_ref().unwrap();
    assert_eq!(hash.algorithm, kind);
    assert!(hash
        .value
        .eq_ignore_ascii_case(&hashes::digest(kind, &body)));
    assert!(
        app.resume_transfers().await.is_empty(),
        "nothing is left to resume"
    );
}

/// The `/Uploads` folder the workers store in, and what is in it.
async fn uploads(
    drive: &dyn cloudpick_core::Drive,
) -> (cloudpick_core::ItemId, Vec<cloudpick_core::DriveItem>) {
    let folder = cloudpick_tests::list_all(drive, &drive.root(), Default::default())
        .await
        .into_iter()
        .find(|i| i.name == "Uploads")
        .expect("the Uploads folder")
        .id;
    let files = cloudpick_tests::list_all(drive, &folder, Default::default()).await;
    (folder, files)
}

/// Waits until the stream of bytes into the emulator has stopped, and says how many came.
async fn settled(emulator: &cloudpick_emulator::Running) -> u64 {
    let mut before = emulator.faults.bytes_received();
    loop {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let now = emulator.faults.bytes_received();
        if now == before {
            return now;
        }
        before = now;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_upload_resumes_where_it_stopped_or_is_cancelled() {
    use cloudpick_core::app::picking::PickRequest;
    use cloudpick_core::storage::StoreTo;
    use std::sync::Arc;
    let emulator = cloudpick_tests::emulator(true).await;
    emulator.faults.add(FaultRule {
        path_contains: "upload_session/append_v2".into(),
        method: Some("POST".into()),
        fault: Fault::Delay { millis: 200 },
        times: 1000,
    });
    let dir = tempfile::tempdir().unwrap();
    let body = cloudpick_tests::pseudo_random(SIZE, 33);
    cloudpick_tests::write_tree(
        &dir.path().join("Files"),
        &[
            ("big.bin", &body),
            ("other.bin", &body[..SIZE / 2]),
            ("note.txt", b"small"),
        ],
    );
    let db = dir.path().join("data/cloudpick.db");
    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let drive = cloudpick_tests::dropbox_at(&emulator);
    let account = drive.account().await.unwrap();
    let dropbox = app.connect(drive, account, "Test");
    let pick = |names: &[&str]| {
        let app = app.clone();
        let request = PickRequest {
            store_to: Some(StoreTo {
                location: dropbox.clone(),
                path: "/Uploads".into(),
            }),
            ..PickRequest::from(
                "local",
                names
                    .iter()
                    .map(|n| cloudpick_core::ItemId::new(format!("/Files/{n}"))),
            )
        };
        tokio::spawn(async move { app.pick(request, Arc::new(|_| {})).await.unwrap() })
    };
    let wait_for = |upload: i64, least: u64| {
        let db = db.clone();
        async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            while confirmed_of(&db, upload).unwrap_or(0) < least {
                assert!(
                    Instant::now() < deadline,
                    "{least} bytes are confirmed within a minute"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    };

    // Paused mid-way: the pick ends, the others stored, this one waiting.
    let running = pick(&["big.bin", "note.txt"]);
    wait_for(1, KILL_AFTER).await;
    app.pause_pick_file(0);
    let result = running.await.unwrap();
    assert_eq!(result.files_failed[0].error, cloudpick_core::pick::PAUSED);
    assert_eq!(result.files_uploaded[0].filename, "note.txt");
    let activity = app.activity().unwrap()[0].clone();
    assert_eq!(activity.files[0].state, FileState::Paused);
    let journaled = confirmed(&db).unwrap();
    let before = settled(&emulator).await;

    app.resume_transfer(activity.id, 0).await.unwrap();
    let sent = emulator.faults.bytes_received() - before;
    assert!(
        sent <= SIZE as u64 - journaled + 16 * 1024,
        "{sent} bytes after {journaled}"
    );
    let pick_record = &app.activity().unwrap()[0];
    assert_eq!(pick_record.status, ActivityStatus::Done);
    assert_eq!(pick_record.files[0].state, FileState::Stored);
    let result = pick_record.result.as_ref().unwrap();
    assert!(result.files_failed.is_empty(), "{:?}", result.files_failed);
    assert_eq!(result.files_uploaded.len(), 2);
    let drive = cloudpick_tests::dropbox_at(&emulator);
    let (folder, stored) = uploads(&*drive).await;
    let big = stored.iter().find(|i| i.name == "big.bin").unwrap();
    assert!(cloudpick_tests::read_all(&*drive, &big.id).await == body);

    // Paused, then cancelled: recorded as cancelled, nothing at the destination.
    let running = pick(&["other.bin"]);
    wait_for(2, 8 * 1024 * 1024).await;
    app.pause_pick_file(0);
    running.await.unwrap();
    let id = app.activity().unwrap()[0].id;
    app.cancel_transfer(id, 0).unwrap();
    let record = &app.activity().unwrap()[0];
    assert_eq!(record.files[0].state, FileState::Failed);
    assert_eq!(
        record.files[0].error.as_deref(),
        Some("Cancelled: nothing was kept")
    );
    assert!(app.resume_transfer(id, 0).await.is_err());
    let stored = cloudpick_tests::list_all(&*drive, &folder, Default::default()).await;
    assert!(!stored.iter().any(|i| i.name == "other.bin"));
    assert!(app.resume_transfers().await.is_empty());
}

/// A source whose bytes do not match its drive's hash, as `read_verified`
/// hands it over: the mismatch shows only at the stream's end.
fn corrupt_source(bytes: Vec<u8>) -> cloudpick_core::ByteStream {
    let item = cloudpick_core::DriveItem {
        id: cloudpick_core::ItemId::new("/source.bin"),
        name: "source.bin".into(),
        kind: cloudpick_core::ItemKind::File,
        size: Some(bytes.len() as u64),
        modified: None,
        display_path: "/source.bin".into(),
        mime_type: None,
        hash: Some(cloudpick_core::item::ContentHash::new(
            HashKind::Sha256,
            "0".repeat(64),
        )),
    };
    cloudpick_core::drives::remote::hashing::verified(
        cloudpick_tests::body(bytes, 1 << 20),
        &item,
        "Dropbox",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_source_whose_size_is_a_whole_number_of_parts_is_not_committed() {
    let emulator = cloudpick_tests::emulator(true).await;
    // OneDrive's fragments are 10 MiB; Box's parts are 8 MiB.
    for (provider, size) in [("onedrive", 20 << 20), ("box", 24 << 20)] {
        let drive = cloudpick_tests::drive_at(&emulator, provider);
        let root = drive.root();
        let name = format!("whole-parts-{provider}.bin");
        let session = drive
            .start_upload(
                &root,
                &name,
                size as u64,
                cloudpick_core::ConflictPolicy::Fail,
            )
            .await
            .unwrap();
        let source = corrupt_source(cloudpick_tests::pseudo_random(size, 9));
        let err = drive
            .resume_upload(session, source, &|_| Ok(()))
            .await
            .unwrap_err();
        assert!(
            err.message().contains("source.bin"),
            "{provider}: the source's own mismatch: {}",
            err.message()
        );
        assert!(
            cloudpick_tests::child_named(&*drive, &root, &name)
                .await
                .is_none(),
            "{provider}: no corrupt copy was committed"
        );
    }
}
