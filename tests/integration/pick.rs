//! The pick pipeline on real files: bytes, names, the result's shape,
//! progress, parallelism, failures and cancellation.

use cloudpick_core::drives::local::LocalDrive;
use cloudpick_core::pick::{
    FileProgress, FileStatus, Pick, PickResult, ProgressSink, Storage, PARALLEL_COPIES,
};
use cloudpick_core::restrictions::Restrictions;
use cloudpick_core::{Drive, ItemId};
use cloudpick_tests::instrumented::InstrumentedDrive;
use cloudpick_tests::{pseudo_random, write_tree};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

fn recorder() -> (ProgressSink, Arc<Mutex<Vec<FileProgress>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink_events = events.clone();
    let sink: ProgressSink = Arc::new(move |p: FileProgress| sink_events.lock().unwrap().push(p));
    (sink, events)
}

/// Picks `ids` from one drive; `cancel` stops them all.
async fn pick(
    source: Arc<dyn Drive>,
    ids: Vec<ItemId>,
    storage: &Storage,
    sink: ProgressSink,
    cancel: CancellationToken,
) -> PickResult {
    let files = ids
        .into_iter()
        .map(|id| Pick {
            drive: source.clone(),
            id,
            cancel: cancel.child_token(),
            transform: None,
        })
        .collect();
    cloudpick_core::pick::pick(files, storage, sink, &Restrictions::default()).await
}

fn ids(paths: &[&str]) -> Vec<ItemId> {
    paths.iter().map(|p| ItemId::new(*p)).collect()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

#[tokio::test]
async fn picked_files_are_stored_with_identical_bytes_and_filestacks_fields() {
    let source_dir = tempfile::tempdir().unwrap();
    let storage_dir = tempfile::tempdir().unwrap();
    let photo = [PNG, &pseudo_random(300_000, 1)].concat();
    let doc = pseudo_random(2_000_000, 2);
    write_tree(
        source_dir.path(),
        &[("Trip/photo.dat", &photo), ("Trip/notes.txt", &doc)],
    );
    let source: Arc<dyn Drive> = Arc::new(LocalDrive::new(source_dir.path()).unwrap());
    let storage = Storage::local(storage_dir.path()).unwrap();
    let (sink, events) = recorder();

    let result = pick(
        source,
        ids(&["/Trip/photo.dat", "/Trip/notes.txt"]),
        &storage,
        sink,
        CancellationToken::new(),
    )
    .await;

    assert!(result.files_failed.is_empty(), "{:?}", result.files_failed);
    assert_eq!(result.files_uploaded.len(), 2);
    let root = storage_dir.path().canonicalize().unwrap();
    for (file, bytes) in result.files_uploaded.iter().zip([&photo, &doc]) {
        let stored = root.join(&file.key);
        assert_eq!(&std::fs::read(&stored).unwrap(), bytes, "{}", file.filename);
        assert_eq!(file.url, format!("file://{}", stored.display()));
        assert_eq!(file.container, root.display().to_string());
        assert_eq!(file.size, bytes.len() as u64);
        assert_eq!(file.status, "Stored");
        assert_eq!(file.source, "local_file_system");
        assert_eq!(file.handle.len(), 20);
    }
    let photo_result = &result.files_uploaded[0];
    assert_eq!(
        photo_result.mimetype, "image/png",
        "sniffed from the bytes, not the .dat name"
    );
    assert_eq!(photo_result.original_path, "/Trip/photo.dat");
    assert_eq!(
        result.files_uploaded[1].mimetype, "text/plain",
        "no signature: from the extension"
    );
    assert_ne!(
        result.files_uploaded[0].upload_id,
        result.files_uploaded[1].upload_id
    );

    let events = events.lock().unwrap();
    for index in 0..2 {
        let mine: Vec<_> = events.iter().filter(|e| e.index == index).collect();
        assert_eq!(mine.first().unwrap().status, FileStatus::Copying);
        let last = mine.last().unwrap();
        assert_eq!(last.status, FileStatus::Stored);
        assert_eq!(Some(last.bytes_done), last.bytes_total);
        assert!(
            mine.windows(2).all(|w| w[0].bytes_done <= w[1].bytes_done),
            "progress only grows"
        );
    }
}

#[tokio::test]
async fn a_taken_name_gets_a_number_and_the_old_file_is_kept() {
    let source_dir = tempfile::tempdir().unwrap();
    let storage_dir = tempfile::tempdir().unwrap();
    write_tree(source_dir.path(), &[("photo.jpg", b"new photo")]);
    write_tree(
        storage_dir.path(),
        &[("photo.jpg", b"old photo"), ("photo (1).jpg", b"older")],
    );
    let source: Arc<dyn Drive> = Arc::new(LocalDrive::new(source_dir.path()).unwrap());
    let storage = Storage::local(storage_dir.path()).unwrap();
    let (sink, _) = recorder();

    let result = pick(
        source,
        ids(&["/photo.jpg"]),
        &storage,
        sink,
        CancellationToken::new(),
    )
    .await;

    assert_eq!(result.files_uploaded[0].filename, "photo (2).jpg");
    assert_eq!(result.files_uploaded[0].key, "photo (2).jpg");
    assert_eq!(
        std::fs::read(storage_dir.path().join("photo.jpg")).unwrap(),
        b"old photo"
    );
    assert_eq!(
        std::fs::read(storage_dir.path().join("photo (2).jpg")).unwrap(),
        b"new photo"
    );
}

#[tokio::test]
async fn one_bad_file_fails_alone_with_a_reason() {
    let source_dir = tempfile::tempdir().unwrap();
    let storage_dir = tempfile::tempdir().unwrap();
    write_tree(
        source_dir.path(),
        &[("good.txt", b"fine"), ("Album/a.jpg", b"a")],
    );
    let source: Arc<dyn Drive> = Arc::new(LocalDrive::new(source_dir.path()).unwrap());
    let storage = Storage::local(storage_dir.path()).unwrap();
    let (sink, events) = recorder();

    let result = pick(
        source,
        ids(&["/gone.txt", "/good.txt", "/Album"]),
        &storage,
        sink,
        CancellationToken::new(),
    )
    .await;

    assert_eq!(result.files_uploaded.len(), 1);
    assert_eq!(result.files_uploaded[0].filename, "good.txt");
    assert_eq!(result.files_failed.len(), 2);
    let gone = &result.files_failed[0];
    assert_eq!(gone.original_path, "/gone.txt");
    assert!(gone.error.contains("no longer exists"), "{}", gone.error);
    let folder = &result.files_failed[1];
    assert!(folder.error.contains("is a folder"), "{}", folder.error);
    // Copies run side by side: their failures are reported in any order.
    let mut failed: Vec<_> = events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.status == FileStatus::Failed)
        .map(|e| e.index)
        .collect();
    failed.sort_unstable();
    assert_eq!(failed, [0, 2]);
}

#[tokio::test]
async fn at_most_four_files_copy_at_once_and_results_keep_the_selection_order() {
    let source_dir = tempfile::tempdir().unwrap();
    let storage_dir = tempfile::tempdir().unwrap();
    let files: Vec<(String, Vec<u8>)> = (0..10)
        .map(|i| (format!("f{i}.bin"), pseudo_random(600_000, i + 1)))
        .collect();
    for (name, bytes) in &files {
        std::fs::write(source_dir.path().join(name), bytes).unwrap();
    }
    let drive = InstrumentedDrive::new(
        LocalDrive::new(source_dir.path()).unwrap(),
        Duration::from_millis(20),
    );
    let max = drive.max_in_flight.clone();
    let source: Arc<dyn Drive> = Arc::new(drive);
    let storage = Storage::local(storage_dir.path()).unwrap();
    let (sink, _) = recorder();
    let wanted: Vec<ItemId> = files
        .iter()
        .map(|(n, _)| ItemId::new(format!("/{n}")))
        .collect();

    let result = pick(source, wanted, &storage, sink, CancellationToken::new()).await;

    assert_eq!(max.load(Ordering::SeqCst), PARALLEL_COPIES);
    let stored: Vec<_> = result
        .files_uploaded
        .iter()
        .map(|f| f.filename.clone())
        .collect();
    let expected: Vec<_> = files.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(stored, expected);
    for (name, bytes) in &files {
        assert_eq!(
            &std::fs::read(storage_dir.path().join(name)).unwrap(),
            bytes
        );
    }
}

#[tokio::test]
async fn cancelling_stops_copies_and_leaves_no_partial_files() {
    let source_dir = tempfile::tempdir().unwrap();
    let storage_dir = tempfile::tempdir().unwrap();
    // Four reads of 256 KiB per file, 200 ms apart: each copy takes about a second.
    write_tree(
        source_dir.path(),
        &[
            ("slow1.bin", &pseudo_random(1_048_576, 5)),
            ("slow2.bin", &pseudo_random(1_048_576, 6)),
        ],
    );
    let source: Arc<dyn Drive> = Arc::new(InstrumentedDrive::new(
        LocalDrive::new(source_dir.path()).unwrap(),
        Duration::from_millis(200),
    ));
    let storage = Storage::local(storage_dir.path()).unwrap();
    let (sink, heard) = recorder();
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    // Cancelled once both copies are under way: bytes of each have moved.
    tokio::spawn(async move {
        let started = |index| {
            let heard = heard.lock().unwrap();
            heard.iter().any(|p| p.index == index && p.bytes_done > 0)
        };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while !(started(0) && started(1)) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "both copies to start"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        trigger.cancel();
    });

    let result = pick(
        source,
        ids(&["/slow1.bin", "/slow2.bin"]),
        &storage,
        sink,
        cancel,
    )
    .await;

    assert!(result.files_uploaded.is_empty());
    assert_eq!(result.files_failed.len(), 2);
    assert!(
        result
            .files_failed
            .iter()
            .all(|f| f.error.starts_with("Cancelled")),
        "{:?}",
        result.files_failed
    );
    assert_eq!(
        std::fs::read_dir(storage_dir.path()).unwrap().count(),
        0,
        "nothing partial is left"
    );
}

#[tokio::test]
async fn one_file_is_cancelled_alone_and_files_come_from_two_drives() {
    let first_dir = tempfile::tempdir().unwrap();
    let second_dir = tempfile::tempdir().unwrap();
    let storage_dir = tempfile::tempdir().unwrap();
    let quick = pseudo_random(70_000, 7);
    write_tree(
        first_dir.path(),
        &[("slow.bin", &pseudo_random(1_048_576, 8))],
    );
    write_tree(second_dir.path(), &[("quick.bin", &quick)]);
    let slow: Arc<dyn Drive> = Arc::new(InstrumentedDrive::new(
        LocalDrive::new(first_dir.path()).unwrap(),
        Duration::from_millis(200),
    ));
    let other: Arc<dyn Drive> = Arc::new(LocalDrive::new(second_dir.path()).unwrap());
    let storage = Storage::local(storage_dir.path()).unwrap();
    let (sink, heard) = recorder();
    let stop_slow = CancellationToken::new();
    let trigger = stop_slow.clone();
    // Cancelled once the slow copy is under way.
    tokio::spawn(async move {
        let started = || {
            let heard = heard.lock().unwrap();
            heard
                .iter()
                .any(|p| p.filename == "slow.bin" && p.bytes_done > 0)
        };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while !started() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the slow copy to start"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        trigger.cancel();
    });
    let files = vec![
        Pick {
            drive: slow,
            id: ItemId::new("/slow.bin"),
            cancel: stop_slow,
            transform: None,
        },
        Pick {
            drive: other,
            id: ItemId::new("/quick.bin"),
            cancel: CancellationToken::new(),
            transform: None,
        },
    ];
    let result = cloudpick_core::pick::pick(files, &storage, sink, &Restrictions::default()).await;
    assert_eq!(result.files_failed.len(), 1);
    assert_eq!(result.files_failed[0].filename, "slow.bin");
    assert!(result.files_failed[0].error.starts_with("Cancelled"));
    assert_eq!(result.files_uploaded.len(), 1);
    assert_eq!(
        std::fs::read(storage_dir.path().join("quick.bin")).unwrap(),
        quick,
        "the other drive's file is stored whole"
    );
    assert!(
        !storage_dir.path().join("slow.bin").exists(),
        "nothing partial"
    );
}

#[tokio::test]
async fn a_file_the_restrictions_refuse_is_not_copied_and_says_why() {
    let source_dir = tempfile::tempdir().unwrap();
    let storage_dir = tempfile::tempdir().unwrap();
    write_tree(
        source_dir.path(),
        &[
            ("photo.png", PNG),
            ("notes.txt", b"hello"),
            ("huge.png", &pseudo_random(3_000, 9)),
        ],
    );
    let source: Arc<dyn Drive> = Arc::new(LocalDrive::new(source_dir.path()).unwrap());
    let storage = Storage::local(storage_dir.path()).unwrap();
    let (sink, _) = recorder();
    let rules = Restrictions {
        accept: vec!["image/*".into()],
        max_size: Some(2_000),
        ..Restrictions::default()
    };
    let files = ids(&["/photo.png", "/notes.txt", "/huge.png"])
        .into_iter()
        .map(|id| Pick {
            drive: source.clone(),
            id,
            cancel: CancellationToken::new(),
            transform: None,
        })
        .collect();
    let result = cloudpick_core::pick::pick(files, &storage, sink, &rules).await;
    let stored: Vec<&str> = result
        .files_uploaded
        .iter()
        .map(|f| f.filename.as_str())
        .collect();
    assert_eq!(stored, ["photo.png"]);
    let failed: Vec<(&str, &str)> = result
        .files_failed
        .iter()
        .map(|f| (f.filename.as_str(), f.error.as_str()))
        .collect();
    assert_eq!(
        failed,
        [
            ("notes.txt", "Only image/* can be picked"),
            ("huge.png", "Larger than 2 KB, the most a file may be")
        ]
    );
    assert!(!storage_dir.path().join("notes.txt").exists());
}

/// The disk fills up during a pick: a 2 MiB tmpfs (mounted in a user and
/// mount namespace of the picking process's own, `unshare -rm`) takes a
/// small file, refuses a large one, and takes another small one after.
#[test]
fn a_full_disk_fails_that_file_clearly_leaves_nothing_partial_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let small = pseudo_random(100_000, 1);
    write_tree(
        &dir.path().join("Files"),
        &[
            ("first.bin", &small),
            ("huge.bin", &pseudo_random(3_000_000, 2)),
            ("after.bin", &small),
        ],
    );
    let store = dir.path().join("store");
    std::fs::create_dir_all(&store).unwrap();
    // The small disk is a tmpfs in a user and mount namespace of its own:
    // no root needed, and nothing mounted outside the picking process.
    let namespaces = std::process::Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        namespaces,
        "this test needs user namespaces (unshare -rm) to mount a small tmpfs: enable them \
         (sysctl kernel.unprivileged_userns_clone=1) or run it where they are"
    );
    let script = format!(
        "mount -t tmpfs -o size=2m tmpfs '{}' && exec '{}' '{}' '{}' first.bin huge.bin after.bin",
        store.display(),
        env!("CARGO_BIN_EXE_pick-into"),
        dir.path().display(),
        store.display(),
    );
    let ran = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .output()
        .expect("unshare runs (util-linux)");
    assert!(
        ran.status.success(),
        "the picks ran in a namespace with a small disk: {}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let said: serde_json::Value = serde_json::from_slice(&ran.stdout).unwrap();
    let picks = said["picks"].as_array().unwrap();
    assert_eq!(picks[0]["stored"], serde_json::json!(["first.bin"]));
    assert_eq!(picks[1]["stored"], serde_json::json!([]));
    let why = picks[1]["failed"][0].as_str().unwrap();
    assert!(why.starts_with("The disk is full"), "{why}");
    assert_eq!(
        picks[2]["stored"],
        serde_json::json!(["after.bin"]),
        "room again after the failure"
    );
    // Only whole files are there: no part of the huge one.
    assert_eq!(
        said["held"],
        serde_json::json!([["after.bin", 100_000], ["first.bin", 100_000]])
    );
    // The history, on the real disk, has all three picks.
    let history = cloudpick_core::history::History::open(
        &cloudpick_tests::app_paths(dir.path()).database_file(),
    )
    .unwrap();
    let activity = history.activity(10).unwrap();
    assert_eq!(activity.len(), 3);
    let states: Vec<cloudpick_core::history::FileState> =
        activity.iter().map(|a| a.files[0].state).collect();
    use cloudpick_core::history::FileState::{Failed, Stored};
    // Newest first.
    assert_eq!(states, [Stored, Failed, Stored], "{activity:?}");
}
