//! Drives that stop answering (#23): a server that accepts and never
//! answers, a download that stops mid-body, an upload the server stops
//! reading. Each call fails within its deadline with a clear message, and
//! Cancel ends a pick waiting on one at once. The deadline is cut to
//! `IDLE` seconds for this test binary (`CLOUDPICK_NETWORK_IDLE_SECS`).

use cloudpick_core::app::picking::PickRequest;
use cloudpick_core::app::Cloudpick;
use cloudpick_core::{ErrorKind, ItemId, Upload};
use cloudpick_emulator::faults::{Fault, FaultRule};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

const IDLE: u64 = 3;

/// Every test starts here, before any client reads the deadline.
fn short_deadline() {
    static SET: Once = Once::new();
    SET.call_once(|| std::env::set_var("CLOUDPICK_NETWORK_IDLE_SECS", IDLE.to_string()));
}

fn rule(path: &str, method: Option<&str>, fault: Fault, times: u32) -> FaultRule {
    FaultRule {
        path_contains: path.into(),
        method: method.map(str::to_owned),
        fault,
        times,
    }
}

/// Asserts `err` says the drive stopped answering, and that it came after
/// the deadline (twice: one more try) but long before a hang would end.
fn stopped_answering(err: &cloudpick_core::Error, drive: &str, started: Instant) {
    assert_eq!(err.kind(), ErrorKind::TimedOut, "{}", err.message());
    assert!(
        err.message()
            .starts_with(&format!("{drive} stopped answering"))
            && err.message().contains("check the network connection"),
        "{}",
        err.message()
    );
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(IDLE) && took < Duration::from_secs(4 * IDLE),
        "failed after {took:?}"
    );
}

#[tokio::test]
async fn a_server_that_accepts_and_never_answers_fails_the_call_in_time() {
    short_deadline();
    // A listener that takes connections and never reads or writes a byte.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}", listener.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let emulator = cloudpick_tests::emulator(true).await;
    let urls = cloudpick_tests::urls_of(&emulator, "onedrive")
        .into_keys()
        .map(|name| (name, dead.clone()))
        .collect();
    let drive = cloudpick_tests::drive_from("onedrive", &urls, "token");
    let started = Instant::now();
    let err = drive.stat(&ItemId::new("root")).await.unwrap_err();
    stopped_answering(&err, "OneDrive", started);
    held.abort();
}

#[tokio::test]
async fn an_emulator_request_that_hangs_fails_in_time_and_is_tried_once_more() {
    short_deadline();
    let emulator = cloudpick_tests::emulator(true).await;
    let drive = cloudpick_tests::drive_at(&emulator, "box");
    emulator
        .faults
        .add(rule("/folders/0", Some("GET"), Fault::Hang, 5));
    let started = Instant::now();
    let err = drive.stat(&ItemId::new("0")).await.unwrap_err();
    stopped_answering(&err, "Box", started);
    assert_eq!(
        emulator.faults.injected().len(),
        2,
        "the first try and one more"
    );
}

#[tokio::test]
async fn a_download_that_stops_mid_body_resumes_once_then_fails_in_time() {
    short_deadline();
    let emulator = cloudpick_tests::emulator(true).await;
    let drive = cloudpick_tests::dropbox_at(&emulator);
    let bytes = cloudpick_tests::pseudo_random(3_000_000, 41);
    let root = ItemId::new("");
    let upload = |name: &str| Upload {
        name: name.into(),
        size: Some(bytes.len() as u64),
        body: cloudpick_tests::body(bytes.clone(), 65_536),
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let once = drive.write(&root, upload("once.bin")).await.unwrap();
    let always = drive.write(&root, upload("always.bin")).await.unwrap();

    // One stall: the rest is asked for again, and every byte arrives.
    let stall = Fault::StallResponse {
        after_bytes: 500_000,
    };
    emulator
        .faults
        .add(rule("files/download", None, stall.clone(), 1));
    let started = Instant::now();
    let got = cloudpick_tests::read_all(&*drive, &once.id).await;
    assert!(got == bytes, "the resumed download is whole");
    assert!(
        started.elapsed() >= Duration::from_secs(IDLE),
        "it waited for the deadline"
    );

    // A drive that stalls every time: a clear error, not a wait forever.
    emulator.faults.add(rule("files/download", None, stall, 10));
    let started = Instant::now();
    let body = drive.read(&always.id, None).await.unwrap();
    let err = cloudpick_tests::collect(body).await.unwrap_err();
    stopped_answering(&err, "Dropbox", started);
}

#[tokio::test]
async fn an_upload_the_server_stops_reading_fails_in_time() {
    short_deadline();
    let emulator = cloudpick_tests::emulator(true).await;
    let drive = cloudpick_tests::onedrive_at(&emulator);
    let bytes = cloudpick_tests::pseudo_random(24 << 20, 43);
    let stall = Fault::StallRequest {
        after_bytes: 1 << 20,
    };
    emulator
        .faults
        .add(rule("/graph-content/upload/", Some("PUT"), stall, 10));
    let upload = Upload {
        name: "big.bin".into(),
        size: Some(bytes.len() as u64),
        body: cloudpick_tests::body(bytes, 1 << 20),
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let started = Instant::now();
    let err = drive.write(&ItemId::new("root"), upload).await.unwrap_err();
    stopped_answering(&err, "OneDrive", started);
}

#[tokio::test]
async fn cancel_ends_a_pick_waiting_for_a_reply_at_once() {
    short_deadline();
    let (emulator, _dir, app, source, photo) = app_with_file("photo.jpg", b"bytes".to_vec()).await;
    emulator
        .faults
        .add(rule("files/get_metadata", None, Fault::Hang, 5));
    let picking = tokio::spawn({
        let app = app.clone();
        let request = PickRequest::from(&source, [photo.id.clone()]);
        async move { app.pick(request, Arc::new(|_| {})).await }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while emulator.faults.injected().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the pick never reached the drive"
        );
        tokio::task::yield_now().await;
    }
    let asked = Instant::now();
    app.cancel_pick();
    let result = tokio::time::timeout(Duration::from_secs(IDLE), picking)
        .await
        .expect("Cancel ends the pick before any deadline")
        .unwrap()
        .unwrap();
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    assert!(result.files_uploaded.is_empty());
    assert!(
        result.files_failed[0].error.starts_with("Cancelled"),
        "{:?}",
        result.files_failed
    );
    // And the next pick may start: nothing is left running.
    emulator.faults.clear();
    let again = PickRequest::from(&source, [photo.id.clone()]);
    let done = app.pick(again, Arc::new(|_| {})).await.unwrap();
    assert_eq!(done.files_uploaded.len(), 1, "{:?}", done.files_failed);
}

#[tokio::test]
async fn an_application_gone_mid_download_stops_it_and_its_request_folder_goes() {
    short_deadline();
    let bytes = cloudpick_tests::pseudo_random(3_000_000, 47);
    let (emulator, dir, app, source, backup) = app_with_file("backup.img", bytes.clone()).await;
    let opened = dir.path().join("cache").join("opened");
    let stall = Fault::StallResponse {
        after_bytes: 1 << 20,
    };
    emulator.faults.add(rule("files/download", None, stall, 1));
    let gone = tokio_util::sync::CancellationToken::new();
    let opening = tokio::spawn({
        let (app, gone) = (app.clone(), gone.clone());
        let request = PickRequest::from(&source, [backup.id.clone()]);
        async move {
            app.open_for_app(request, "org.example.Notes", Arc::new(|_| {}), gone)
                .await
        }
    });
    // A megabyte has come down into the request's folder.
    let deadline = Instant::now() + Duration::from_secs(20);
    while emulator.faults.injected().is_empty() || folder_bytes(&opened) < 1 << 20 {
        assert!(Instant::now() < deadline, "the download never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    gone.cancel();
    let err = tokio::time::timeout(Duration::from_secs(IDLE), opening)
        .await
        .expect("the download stops before any deadline")
        .unwrap()
        .unwrap_err();
    assert!(err.message().contains("Cancelled"), "{}", err.message());
    assert_eq!(
        std::fs::read_dir(&opened).unwrap().count(),
        0,
        "what came down went with the request's folder"
    );

    // Not gone: the file is handed over whole, and its folder kept.
    let kept = tokio_util::sync::CancellationToken::new();
    let request = PickRequest::from(&source, [backup.id.clone()]);
    let paths = app
        .open_for_app(request, "org.example.Notes", Arc::new(|_| {}), kept)
        .await
        .unwrap();
    assert!(paths[0].starts_with(opened.canonicalize().unwrap()));
    assert!(
        std::fs::read(&paths[0]).unwrap() == bytes,
        "the drive's bytes"
    );
}

/// The app in a folder of its own, with a Dropbox of the emulator holding
/// `bytes` as `name` at its root; and that source's name and the file.
async fn app_with_file(
    name: &str,
    bytes: Vec<u8>,
) -> (
    cloudpick_emulator::Running,
    tempfile::TempDir,
    Arc<Cloudpick>,
    String,
    cloudpick_core::DriveItem,
) {
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let drive = cloudpick_tests::dropbox_at(&emulator);
    let account = drive.account().await.unwrap();
    let upload = Upload {
        name: name.into(),
        size: Some(bytes.len() as u64),
        body: cloudpick_tests::body(bytes, 65_536),
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let file = drive.write(&ItemId::new(""), upload).await.unwrap();
    let source = app.connect(drive, account, "Test");
    (emulator, dir, app, source, file)
}

/// Bytes of the files anywhere below `dir` (none when it is not there).
fn folder_bytes(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => folder_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}
