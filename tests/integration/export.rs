//! Save to: files saved to a folder on a drive under the name given, with
//! the link and hash; a Dropbox file saved to OneDrive streams through its
//! resumable session; a taken name is renamed, replaced or asked about,
//! never overwritten unasked. Against the emulator.

use cloudpick_core::app::export::{ExportItem, ExportRequest, OnConflict};
use cloudpick_core::app::Cloudpick;
use cloudpick_core::drives::hashes::{self, HashKind};
use cloudpick_core::item::ItemId;
use cloudpick_core::storage::StoreTo;
use cloudpick_core::{ConflictPolicy, Drive, Upload};
use std::sync::Arc;

struct Setup {
    app: Cloudpick,
    ids: Vec<String>,
    drives: Vec<Arc<dyn Drive>>,
    _dir: tempfile::TempDir,
    emulator: cloudpick_emulator::Running,
}

async fn setup(files: &[(&str, &[u8])]) -> Setup {
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(&dir.path().join("Files"), files);
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let mut ids = Vec::new();
    let mut drives = Vec::new();
    for drive in [
        cloudpick_tests::dropbox_at(&emulator),
        cloudpick_tests::onedrive_at(&emulator),
        cloudpick_tests::drive_at(&emulator, "box"),
        cloudpick_tests::amazon_at(&emulator),
    ] {
        let account = drive.account().await.unwrap();
        ids.push(app.connect(drive.clone(), account, "Test"));
        drives.push(drive);
    }
    Setup {
        app,
        ids,
        drives,
        _dir: dir,
        emulator,
    }
}

fn save(
    source: &str,
    id: &str,
    name: Option<&str>,
    to: &str,
    path: &str,
    on_conflict: OnConflict,
) -> ExportRequest {
    ExportRequest {
        items: vec![ExportItem {
            source: source.into(),
            id: ItemId::new(id),
            name: name.map(str::to_owned),
        }],
        to: StoreTo {
            location: to.into(),
            path: path.into(),
        },
        on_conflict,
    }
}

async fn child(
    drive: &dyn Drive,
    folder: &ItemId,
    name: &str,
) -> Option<cloudpick_core::DriveItem> {
    cloudpick_tests::child_named(drive, folder, name).await
}

#[tokio::test]
async fn a_local_file_is_saved_to_each_drive_under_the_name_given_with_link_and_hash() {
    let body = cloudpick_tests::pseudo_random(300_000, 9);
    let s = setup(&[("report.pdf", &body)]).await;
    for (provider, (id, drive)) in ["dropbox", "onedrive", "box"]
        .iter()
        .zip(s.ids.iter().zip(&s.drives))
    {
        let request = save(
            "local",
            "/Files/report.pdf",
            Some("Q3 report.pdf"),
            id,
            "/Saved",
            OnConflict::Ask,
        );
        let result = s.app.export(request, Arc::new(|_| {})).await.unwrap();
        assert!(
            result.files_failed.is_empty(),
            "{provider}: {:?}",
            result.files_failed
        );
        let saved = &result.files_uploaded[0];
        assert_eq!(saved.filename, "Q3 report.pdf", "{provider}");
        assert!(
            saved.url.starts_with("http://127.0.0.1:"),
            "{provider}: a share link, {}",
            saved.url
        );
        assert!(saved.hash.is_some(), "{provider}: the destination's hash");
        let folder = child(&**drive, &drive.root(), "Saved")
            .await
            .expect("the folder was made");
        let file = child(&**drive, &folder.id, "Q3 report.pdf")
            .await
            .expect("the file is there");
        assert_eq!(
            cloudpick_tests::read_all(&**drive, &file.id).await,
            body,
            "{provider}: its bytes"
        );
    }
    // Amazon Cloud Drive makes no share links: the file is saved, and says so.
    let request = save(
        "local",
        "/Files/report.pdf",
        None,
        &s.ids[3],
        "/Saved",
        OnConflict::Ask,
    );
    let saved = s.app.export(request, Arc::new(|_| {})).await.unwrap();
    assert!(saved.files_failed.is_empty(), "{:?}", saved.files_failed);
    assert_eq!(saved.files_uploaded[0].status, "Stored (no link)");
    // Recorded in Activity as exports.
    let activity = s.app.activity().unwrap();
    assert_eq!(activity.len(), 4);
    assert!(activity.iter().all(|a| a.kind == "export"));
    // And in Recent, as saved.
    let recent = s.app.recent().unwrap();
    assert_eq!(recent.len(), 1, "one file, saved four times");
    assert_eq!(
        (recent[0].item.name.as_str(), recent[0].action.as_str()),
        ("report.pdf", "saved")
    );
    // It names where it was saved last: Amazon's folder.
    assert_eq!(
        (recent[0].to.as_str(), recent[0].to_folder.as_str()),
        (s.ids[3].as_str(), "/Saved")
    );
}

#[tokio::test]
async fn a_dropbox_file_saved_to_onedrive_streams_through_its_upload_session() {
    let s = setup(&[]).await;
    let body = cloudpick_tests::pseudo_random(9 * 1024 * 1024 + 123, 4);
    let dropbox = &s.drives[0];
    let original = dropbox
        .write(
            &dropbox.root(),
            Upload {
                name: "video.mov".into(),
                size: Some(body.len() as u64),
                body: cloudpick_tests::body(body.clone(), 1 << 20),
                on_conflict: ConflictPolicy::Fail,
            },
        )
        .await
        .unwrap();
    let request = ExportRequest {
        items: vec![ExportItem {
            source: s.ids[0].clone(),
            id: original.id.clone(),
            name: None,
        }],
        to: StoreTo {
            location: s.ids[1].clone(),
            path: "/From Dropbox".into(),
        },
        on_conflict: OnConflict::Rename,
    };
    let result = s.app.export(request, Arc::new(|_| {})).await.unwrap();
    assert!(result.files_failed.is_empty(), "{:?}", result.files_failed);
    let saved = &result.files_uploaded[0];
    assert_eq!(
        (saved.filename.as_str(), saved.source.as_str()),
        ("video.mov", "dropbox")
    );
    let hash = saved.hash.as_ref().unwrap();
    assert_eq!(hash.algorithm, HashKind::QuickXor);
    assert_eq!(hash.value, hashes::digest(HashKind::QuickXor, &body));
    let onedrive = &s.drives[1];
    let folder = child(&**onedrive, &onedrive.root(), "From Dropbox")
        .await
        .unwrap();
    let copy = child(&**onedrive, &folder.id, "video.mov").await.unwrap();
    assert_eq!(cloudpick_tests::read_all(&**onedrive, &copy.id).await, body);
}

#[tokio::test]
async fn a_taken_name_is_asked_about_renamed_or_replaced_as_chosen() {
    let s = setup(&[("a.txt", b"first"), ("b.txt", b"second")]).await;
    let dropbox = &s.drives[0];
    let to = &s.ids[0];
    let first = save(
        "local",
        "/Files/a.txt",
        Some("notes.txt"),
        to,
        "/Notes",
        OnConflict::Ask,
    );
    s.app.export(first, Arc::new(|_| {})).await.unwrap();
    let read = |name: &'static str| {
        let dropbox = dropbox.clone();
        async move {
            let folder = child(&*dropbox, &dropbox.root(), "Notes").await.unwrap();
            let file = child(&*dropbox, &folder.id, name).await?;
            Some(cloudpick_tests::read_all(&*dropbox, &file.id).await)
        }
    };

    // A taken name is a question, not a failure: no failed file, no
    // notice of a failed save, nothing in Activity.
    let mut events = s.app.events();
    let ask = save(
        "local",
        "/Files/b.txt",
        Some("notes.txt"),
        to,
        "/Notes",
        OnConflict::Ask,
    );
    let asked = s.app.export(ask, Arc::new(|_| {})).await.unwrap();
    assert!(asked.files_uploaded.is_empty());
    assert!(asked.files_failed.is_empty(), "{:?}", asked.files_failed);
    let taken = &asked.files_taken[0].error;
    assert!(taken.contains("notes.txt is already in"), "{taken}");
    assert!(taken.contains("choose Replace"), "{taken}");
    assert!(
        events.try_recv().is_err(),
        "no event, so no notification, for a question"
    );
    assert_eq!(s.app.activity().unwrap().len(), 1, "only the first save");
    assert_eq!(
        read("notes.txt").await.unwrap(),
        b"first",
        "nothing replaced unasked"
    );

    // Keep both: Dropbox's own " (1)".
    let rename = save(
        "local",
        "/Files/b.txt",
        Some("notes.txt"),
        to,
        "/Notes",
        OnConflict::Rename,
    );
    let renamed = s.app.export(rename, Arc::new(|_| {})).await.unwrap();
    assert_eq!(renamed.files_uploaded[0].filename, "notes (1).txt");
    assert_eq!(read("notes (1).txt").await.unwrap(), b"second");
    let activity = s.app.activity().unwrap();
    assert_eq!(activity.len(), 2, "the answer is a save of its own");
    assert!(activity
        .iter()
        .all(|a| a.files.iter().all(|f| f.error.is_none())));

    let replace = save(
        "local",
        "/Files/b.txt",
        Some("notes.txt"),
        to,
        "/Notes",
        OnConflict::Replace,
    );
    s.app.export(replace, Arc::new(|_| {})).await.unwrap();
    assert_eq!(
        read("notes.txt").await.unwrap(),
        b"second",
        "replaced, as asked"
    );
}

#[tokio::test]
async fn keep_both_follows_each_drives_own_naming() {
    let s = setup(&[("a.txt", b"first"), ("b.txt", b"second")]).await;
    // OneDrive numbers "notes 1.txt" (Graph's conflictBehavior rename: "My
    // Folder would be renamed My Folder 1"); Dropbox and Box "notes (1).txt".
    for (to, expected) in s.ids[..3]
        .iter()
        .zip(["notes (1).txt", "notes 1.txt", "notes (1).txt"])
    {
        for (file, on_conflict) in [
            ("/Files/a.txt", OnConflict::Ask),
            ("/Files/b.txt", OnConflict::Rename),
        ] {
            let request = save("local", file, Some("notes.txt"), to, "/Both", on_conflict);
            let result = s.app.export(request, Arc::new(|_| {})).await.unwrap();
            assert!(
                result.files_failed.is_empty(),
                "{to}: {:?}",
                result.files_failed
            );
            if on_conflict == OnConflict::Rename {
                assert_eq!(result.files_uploaded[0].filename, expected, "{to}");
            }
        }
    }
}

#[tokio::test]
async fn a_dropped_folder_is_saved_with_its_structure_and_one_notice_sums_it_up() {
    let s = setup(&[]).await;
    // A folder anywhere on this computer, as a file manager drops it: by path.
    let outside = tempfile::tempdir().unwrap();
    let trip = outside.path().join("Trip");
    let photo = cloudpick_tests::pseudo_random(70_000, 3);
    cloudpick_tests::write_tree(
        &trip,
        &[
            ("notes.txt", b"day one"),
            ("Day 1/beach.jpg", &photo),
            ("Day 1/Evening/sunset.jpg", b"sunset"),
        ],
    );
    std::fs::create_dir_all(trip.join("Empty")).unwrap();
    let loose = outside.path().join("loose.txt");
    std::fs::write(&loose, b"on its own").unwrap();
    let item = |path: &std::path::Path| ExportItem {
        source: cloudpick_core::app::export_plan::PATH_SOURCE.into(),
        id: ItemId::new(path.display().to_string()),
        name: None,
    };
    let mut events = s.app.events();
    let request = ExportRequest {
        items: vec![item(&trip), item(&loose)],
        to: StoreTo {
            location: s.ids[0].clone(),
            path: "/Photos".into(),
        },
        on_conflict: OnConflict::Rename,
    };
    let result = s.app.export(request, Arc::new(|_| {})).await.unwrap();
    assert!(result.files_failed.is_empty(), "{:?}", result.files_failed);
    let mut names: Vec<&str> = result
        .files_uploaded
        .iter()
        .map(|f| f.key.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Photos/Trip/Day 1/Evening/sunset.jpg",
            "Photos/Trip/Day 1/beach.jpg",
            "Photos/Trip/notes.txt",
            "Photos/loose.txt"
        ]
    );
    let dropbox = &*s.drives[0];
    let photos = child(dropbox, &dropbox.root(), "Photos").await.unwrap();
    let trip_there = child(dropbox, &photos.id, "Trip").await.unwrap();
    assert!(
        child(dropbox, &trip_there.id, "Empty").await.is_some(),
        "empty folders kept"
    );
    let day = child(dropbox, &trip_there.id, "Day 1").await.unwrap();
    let beach = child(dropbox, &day.id, "beach.jpg").await.unwrap();
    assert_eq!(cloudpick_tests::read_all(dropbox, &beach.id).await, photo);

    // Dropping the same folder again keeps both copies of each file, unasked.
    let again = ExportRequest {
        items: vec![item(&trip)],
        to: StoreTo {
            location: s.ids[0].clone(),
            path: "/Photos".into(),
        },
        on_conflict: OnConflict::Rename,
    };
    let second = s.app.export(again, Arc::new(|_| {})).await.unwrap();
    assert!(second
        .files_uploaded
        .iter()
        .any(|f| f.key == "Photos/Trip/notes (1).txt"));
    assert_eq!(
        cloudpick_tests::read_all(
            dropbox,
            &child(dropbox, &trip_there.id, "notes.txt")
                .await
                .unwrap()
                .id
        )
        .await,
        b"day one"
    );

    // Each drop is one notice, summed up.
    let mut titles = Vec::new();
    while let Ok(event) = events.try_recv() {
        if let cloudpick_core::events::Event::Finished(batch) = event {
            titles.push(s.app.notice(&batch).unwrap().title);
        }
    }
    assert_eq!(
        titles,
        [
            "4 files saved to Dropbox/Photos",
            "3 files saved to Dropbox/Photos"
        ]
    );
}

#[tokio::test]
async fn a_path_that_is_not_there_fails_alone_with_its_reason() {
    let s = setup(&[("a.txt", b"a")]).await;
    let request = ExportRequest {
        items: vec![
            ExportItem {
                source: cloudpick_core::app::export_plan::PATH_SOURCE.into(),
                id: ItemId::new("/nowhere/at/all.txt"),
                name: None,
            },
            ExportItem {
                source: "local".into(),
                id: ItemId::new("/Files/a.txt"),
                name: None,
            },
        ],
        to: StoreTo {
            location: s.ids[1].clone(),
            path: "/In".into(),
        },
        on_conflict: OnConflict::Ask,
    };
    let result = s.app.export(request, Arc::new(|_| {})).await.unwrap();
    assert_eq!(result.files_uploaded.len(), 1);
    assert_eq!(result.files_failed.len(), 1);
    assert_eq!(result.files_failed[0].filename, "/nowhere/at/all.txt");
}

#[tokio::test]
async fn the_window_saves_from_this_computer_only_the_files_the_user_gave() {
    let s = setup(&[("dropped.txt", b"dropped on the window")]).await;
    let home = s._dir.path();
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(home.join(".ssh/id_ed25519"), b"PRIVATE KEY").unwrap();
    let from_window = |id: &str| ExportRequest {
        items: vec![ExportItem {
            source: cloudpick_core::app::export_plan::PATH_SOURCE.into(),
            id: ItemId::new(id),
            name: None,
        }],
        to: StoreTo {
            location: s.ids[0].clone(),
            path: "/Leak".into(),
        },
        on_conflict: OnConflict::Rename,
    };
    // Raw paths, made-up tokens and a token's path are all refused, before
    // any byte is read.
    let key = home.join(".ssh/id_ed25519").display().to_string();
    for hostile in [
        key.as_str(),
        "/etc/passwd",
        "given:0000",
        "../.ssh/id_ed25519",
        "",
    ] {
        let err = s.app.export_from_window(from_window(hostile)).unwrap_err();
        assert_eq!(
            err.kind(),
            cloudpick_core::ErrorKind::PermissionDenied,
            "{hostile}"
        );
    }
    let root = ItemId::new("");
    assert!(
        child(&*s.drives[0], &root, "Leak").await.is_none(),
        "nothing went to the drive"
    );

    // A dropped file, by the token the shell gave the window for it.
    let given = s.app.give_paths(&[home.join("Files/dropped.txt")]);
    assert_eq!(
        given[0].path,
        home.join("Files/dropped.txt").display().to_string()
    );
    assert!(given[0].token.starts_with("given:") && !given[0].token.contains('/'));
    let request = s
        .app
        .export_from_window(from_window(&given[0].token))
        .unwrap();
    let result = s.app.export(request, Arc::new(|_| {})).await.unwrap();
    assert_eq!(result.files_uploaded.len(), 1, "{:?}", result.files_failed);
    let folder = child(&*s.drives[0], &root, "Leak").await.unwrap();
    let stored = child(&*s.drives[0], &folder.id, "dropped.txt")
        .await
        .unwrap();
    assert_eq!(
        cloudpick_tests::read_all(&*s.drives[0], &stored.id).await,
        b"dropped on the window"
    );
}

#[tokio::test]
async fn a_file_dragged_out_is_handed_over_as_a_local_path_with_its_bytes() {
    let s = setup(&[("here.txt", b"on this computer")]).await;
    let dropbox = &*s.drives[0];
    let body = cloudpick_tests::pseudo_random(400_000, 5);
    let upload = |bytes: Vec<u8>| Upload {
        name: "photo.jpg".into(),
        size: Some(bytes.len() as u64),
        body: cloudpick_tests::body(bytes, 64 * 1024),
        on_conflict: ConflictPolicy::Replace,
    };
    let first = dropbox
        .write(&dropbox.root(), upload(body.clone()))
        .await
        .unwrap();
    let staged = s.app.stage_for_drag(&s.ids[0], &first.id).await.unwrap();
    assert_eq!(staged.file_name().unwrap(), "photo.jpg");
    assert_eq!(std::fs::read(&staged).unwrap(), body);
    assert_eq!(
        s.app.stage_for_drag(&s.ids[0], &first.id).await.unwrap(),
        staged,
        "fetched once"
    );

    // A changed file is fetched again; the copy handed over before stays as it was.
    let changed = cloudpick_tests::pseudo_random(1000, 6);
    let second = dropbox
        .write(&dropbox.root(), upload(changed.clone()))
        .await
        .unwrap();
    let again = s.app.stage_for_drag(&s.ids[0], &second.id).await.unwrap();
    assert_ne!(again, staged);
    assert_eq!(std::fs::read(&again).unwrap(), changed);
    assert_eq!(std::fs::read(&staged).unwrap(), body);

    // A file of This computer is its own path; folders are refused, with why.
    let local = s
        .app
        .stage_for_drag("local", &ItemId::new("/Files/here.txt"))
        .await
        .unwrap();
    assert_eq!(std::fs::read(&local).unwrap(), b"on this computer");
    assert!(local.starts_with(s._dir.path()));
    let folder = s
        .app
        .stage_for_drag("local", &ItemId::new("/Files"))
        .await
        .unwrap_err();
    assert!(
        folder.message().contains("only files"),
        "{}",
        folder.message()
    );
    let outside = s
        .app
        .stage_for_drag("local", &ItemId::new("/../../etc/passwd"))
        .await;
    assert!(outside.is_err(), "nothing outside This computer's folder");
    // Nor through a link that leads out of it: the path is resolved, not read as written.
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join("secret.txt"), b"secret").unwrap();
        std::os::unix::fs::symlink(
            elsewhere.path().join("secret.txt"),
            s._dir.path().join("Files/innocent.txt"),
        )
        .unwrap();
        let linked = s
            .app
            .stage_for_drag("local", &ItemId::new("/Files/innocent.txt"))
            .await;
        assert!(
            linked.is_err(),
            "a link out of the folder is not handed over"
        );
    }
}

#[tokio::test]
async fn cancel_stops_a_running_save_and_keeps_what_was_saved() {
    let big = cloudpick_tests::pseudo_random(3_000_000, 21);
    let s = setup(&[("a.txt", b"first"), ("b.bin", &big)]).await;
    let request = ExportRequest {
        items: ["a.txt", "b.bin"]
            .map(|name| ExportItem {
                source: "local".into(),
                id: ItemId::new(format!("/Files/{name}")),
                name: None,
            })
            .to_vec(),
        to: StoreTo {
            location: s.ids[0].clone(),
            path: "/Saved".into(),
        },
        on_conflict: OnConflict::Ask,
    };
    let second_started = Arc::new(tokio::sync::Notify::new());
    let sink = Arc::new({
        let (second_started, faults) = (second_started.clone(), s.emulator.faults.clone());
        let stalled = std::sync::Once::new();
        move |p: cloudpick_core::pick::FileProgress| {
            if p.index == 1 {
                // From b.bin on, Dropbox stops reading an upload after its
                // first megabyte: b.bin never ends by itself.
                stalled.call_once(|| {
                    faults.add(cloudpick_emulator::faults::FaultRule {
                        path_contains: "files/upload".into(),
                        method: None,
                        fault: cloudpick_emulator::faults::Fault::StallRequest {
                            after_bytes: 1 << 20,
                        },
                        times: 10,
                    })
                });
                second_started.notify_one();
            }
        }
    });
    let app = &s.app;
    let saving = app.export_stoppable("save-1".into(), request, sink);
    let stopping = async {
        second_started.notified().await;
        app.cancel_export("save-1");
    };
    let (result, ()) = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        tokio::join!(saving, stopping)
    })
    .await
    .expect("Cancel ends the save long before any deadline");
    let result = result.unwrap();
    let saved: Vec<_> = result.files_uploaded.iter().map(|f| &f.filename).collect();
    assert_eq!(saved, ["a.txt"], "what was saved before Cancel stays");
    assert_eq!(result.files_failed.len(), 1);
    assert!(
        result.files_failed[0].error.starts_with("Cancelled"),
        "{:?}",
        result.files_failed
    );
    let dropbox = &*s.drives[0];
    let folder = child(dropbox, &dropbox.root(), "Saved").await.unwrap();
    assert!(child(dropbox, &folder.id, "a.txt").await.is_some());
    assert!(
        child(dropbox, &folder.id, "b.bin").await.is_none(),
        "nothing half-written on the drive"
    );
    // The save is over: its id may name a new one, and stopping it again does nothing.
    app.cancel_export("save-1");
}
