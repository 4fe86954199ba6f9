//! The picker's browsing: folders page by page through an open listing,
//! the drive's search, and thumbnails (the provider's, or made here and
//! kept in the cache folder).

use cloudpick_core::app::Cloudpick;
use cloudpick_core::thumbnails::ThumbnailKey;
use cloudpick_core::{ErrorKind, ItemId};
use std::path::Path;

fn app_with_files(dir: &Path, files: &[(&str, &[u8])]) -> Cloudpick {
    cloudpick_tests::write_tree(&dir.join("Files"), files);
    Cloudpick::open(cloudpick_tests::app_paths(dir)).unwrap()
}

#[tokio::test]
async fn a_big_folder_comes_page_by_page_then_the_listing_closes() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..450).map(|i| format!("f{i:04}.txt")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let app = app_with_files(dir.path(), &files);

    let first = app
        .open_folder("local", Some(ItemId::new("/Files")))
        .await
        .unwrap();
    assert_eq!(first.folder.name, "Files");
    assert_eq!(first.breadcrumbs.len(), 2);
    assert_eq!((first.items.len(), first.more), (200, true));
    let second = app.more_items(first.listing).await.unwrap();
    assert_eq!((second.items.len(), second.more), (200, true));
    let last = app.more_items(first.listing).await.unwrap();
    assert_eq!((last.items.len(), last.more), (50, false));
    let mut all: Vec<String> = [first.items, second.items, last.items]
        .concat()
        .into_iter()
        .map(|i| i.name)
        .collect();
    all.sort();
    assert_eq!(all, names, "every entry once");
    let err = app.more_items(first.listing).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    let small = app.open_folder("local", None).await.unwrap();
    assert!(
        !small.more,
        "a folder that fits one page has no listing to keep"
    );
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grid_of_thumbnails_is_made_once_each_and_again_for_a_new_revision() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..24).map(|i| format!("p{i:02}.png")).collect();
    let pictures: Vec<Vec<u8>> = (0..24).map(|i| png(300 + i, 200)).collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .map(String::as_str)
        .zip(pictures.iter().map(Vec::as_slice))
        .collect();
    let app = app_with_files(dir.path(), &files);
    let ids: Vec<ItemId> = names
        .iter()
        .map(|n| ItemId::new(format!("/Files/{n}")))
        .collect();
    let key = |id, version| ThumbnailKey {
        source: "local",
        id,
        version,
        side: 64,
        page: 1,
    };
    // All at once, as the grid asks.
    let first = futures::future::join_all(ids.iter().map(|id| app.thumbnail(key(id, "v1")))).await;
    let cache = dir.path().join("cache/thumbnails");
    let count = || std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(count(), 24);
    for (t, width) in first.iter().zip(300..) {
        let img = image::load_from_memory(&t.as_ref().unwrap().bytes).unwrap();
        assert_eq!(img.width(), 64, "{width} wide, fitted to 64");
    }
    // Asked again: nothing new is made, even with the files gone.
    for name in &names[..12] {
        std::fs::remove_file(dir.path().join("Files").join(name)).unwrap();
    }
    let again = futures::future::join_all(ids.iter().map(|id| app.thumbnail(key(id, "v1")))).await;
    assert!(again
        .iter()
        .zip(&first)
        .all(|(a, b)| a.as_ref().unwrap().bytes == b.as_ref().unwrap().bytes));
    assert_eq!(count(), 24);
    // A new revision of a file is a new thumbnail.
    std::fs::write(dir.path().join("Files").join(&names[20]), png(100, 300)).unwrap();
    let changed = app.thumbnail(key(&ids[20], "v2")).await.unwrap();
    assert_eq!(count(), 25);
    assert_eq!(
        image::load_from_memory(&changed.bytes).unwrap().height(),
        64
    );
}

#[tokio::test]
async fn makes_a_thumbnail_of_a_local_image_and_keeps_it_in_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let big = png(1200, 800);
    let app = app_with_files(
        dir.path(),
        &[
            ("photo.png", &big),
            ("broken.jpg", b"\xFF\xD8 not really"),
            ("notes.txt", b"hi"),
        ],
    );
    let id = ItemId::new("/Files/photo.png");
    let key = || ThumbnailKey {
        source: "local",
        id: &id,
        version: "v1",
        side: 256,
        page: 1,
    };
    let thumb = app.thumbnail(key()).await.unwrap();
    assert_eq!(thumb.mime, "image/jpeg", "no transparency: JPEG");
    let decoded = image::load_from_memory(&thumb.bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (256, 171));

    // Served from the cache: the file can go, the thumbnail stays.
    std::fs::remove_file(dir.path().join("Files/photo.png")).unwrap();
    assert_eq!(app.thumbnail(key()).await.unwrap().bytes, thumb.bytes);
    let cached = std::fs::read_dir(dir.path().join("cache/thumbnails"))
        .unwrap()
        .count();
    assert_eq!(cached, 1);

    let broken = ItemId::new("/Files/broken.jpg");
    let err = app
        .thumbnail(ThumbnailKey {
            id: &broken,
            ..key()
        })
        .await
        .err()
        .unwrap();
    assert!(
        err.message()
            .starts_with("broken.jpg could not be read as an image"),
        "{}",
        err.message()
    );
    // A failure is kept for that version of the file: the same version is
    // not decoded again (repaired in place, it still fails), a new one is.
    std::fs::write(dir.path().join("Files/broken.jpg"), png(64, 64)).unwrap();
    let again = app
        .thumbnail(ThumbnailKey {
            id: &broken,
            ..key()
        })
        .await
        .err()
        .unwrap();
    assert_eq!(again.message(), err.message());
    app.thumbnail(ThumbnailKey {
        id: &broken,
        version: "v2",
        ..key()
    })
    .await
    .unwrap();
    let text = ItemId::new("/Files/notes.txt");
    let err = app
        .thumbnail(ThumbnailKey { id: &text, ..key() })
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}

#[tokio::test]
async fn a_decompression_bomb_gets_an_error_not_the_memory() {
    // A valid PNG header (its checksum fixed) that claims 100,000 × 100,000 pixels.
    let mut bomb = png(1, 1);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32fast::hash(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_files(dir.path(), &[("bomb.png", &bomb)]);
    let id = ItemId::new("/Files/bomb.png");
    let err = app
        .thumbnail(ThumbnailKey {
            source: "local",
            id: &id,
            version: "v1",
            side: 128,
            page: 1,
        })
        .await
        .err()
        .unwrap();
    assert!(
        err.message().contains("could not be read as an image"),
        "{}",
        err.message()
    );
}

#[tokio::test]
async fn searches_with_the_providers_search_and_takes_its_thumbnails() {
    let seed = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(
        seed.path(),
        &[
            ("Photos/Harbour.png", &png(640, 480)),
            ("Docs/harbour notes.txt", b"x"),
            ("Other.txt", b"y"),
        ],
    );
    let emulator = cloudpick_emulator::start(
        cloudpick_emulator::Config {
            seed: Some(seed.path().to_path_buf()),
            ..Default::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let drive = cloudpick_tests::dropbox_at(&emulator);
    let account = drive.account().await.unwrap();
    let source = app.connect(drive, account, "Demo");

    let mut found: Vec<String> = app
        .search(&source, "harbour")
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.display_path)
        .collect();
    found.sort();
    assert_eq!(found, ["/Docs/harbour notes.txt", "/Photos/Harbour.png"]);
    let err = app.search(&source, "  ").await.unwrap_err();
    assert_eq!(err.message(), "Type something to search for");

    let id = ItemId::new("/Photos/Harbour.png");
    let thumb = app
        .thumbnail(ThumbnailKey {
            source: &source,
            id: &id,
            version: "v1",
            side: 128,
            page: 1,
        })
        .await
        .unwrap();
    let decoded = image::load_from_memory(&thumb.bytes).unwrap();
    assert!(
        decoded.width().max(decoded.height()) <= 128,
        "the provider's small picture"
    );
}

#[tokio::test]
async fn measures_an_image_from_its_first_bytes_and_a_pick_refuses_one_too_small() {
    use cloudpick_core::app::{picking::PickItem, picking::PickRequest};
    use cloudpick_core::restrictions::{Dimensions, Restrictions};
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_files(
        dir.path(),
        &[
            ("wide.png", &png(1200, 800)),
            ("tiny.png", &png(40, 30)),
            ("fake.png", b"not an image"),
        ],
    );
    let size = app
        .image_size("local", &ItemId::new("/Files/wide.png"))
        .await
        .unwrap();
    assert_eq!(
        size,
        Some(Dimensions {
            width: 1200,
            height: 800
        })
    );

    let mut view = app.settings_view();
    view.restrictions = Restrictions {
        min_image: Some(Dimensions {
            width: 400,
            height: 300,
        }),
        ..Restrictions::default()
    };
    app.update_settings(&view).unwrap();
    let request = PickRequest {
        items: ["wide.png", "tiny.png", "fake.png"]
            .iter()
            .map(|n| PickItem {
                source: "local".into(),
                id: ItemId::new(format!("/Files/{n}")),
                transform: None,
            })
            .collect(),
        ..PickRequest::default()
    };
    let result = app
        .pick(request, std::sync::Arc::new(|_| {}))
        .await
        .unwrap();
    let stored: Vec<&str> = result
        .files_uploaded
        .iter()
        .map(|f| f.filename.as_str())
        .collect();
    assert_eq!(stored, ["wide.png"]);
    let failed: Vec<(&str, &str)> = result
        .files_failed
        .iter()
        .map(|f| (f.filename.as_str(), f.error.as_str()))
        .collect();
    assert_eq!(
        failed,
        [
            (
                "tiny.png",
                "40×30 pixels, smaller than the 400×300 an image must have"
            ),
            ("fake.png", "Cloudpick could not read this image's size, which the image-size limits in Settings need")
        ]
    );
}

#[tokio::test]
async fn opens_only_files_a_finished_pick_stored_and_never_programs() {
    use cloudpick_core::app::picking::PickRequest;
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_files(
        dir.path(),
        &[
            ("picked.txt", b"stored"),
            ("Setup.desktop", b"[Desktop Entry]\nExec=rm -rf ~"),
            ("secret.txt", b"not stored"),
        ],
    );
    let storage = app.storage_folder().unwrap();
    let container = storage.display().to_string();
    let request = PickRequest::from(
        "local",
        [
            ItemId::new("/Files/picked.txt"),
            ItemId::new("/Files/Setup.desktop"),
        ],
    );
    let result = app
        .pick(request, std::sync::Arc::new(|_| {}))
        .await
        .unwrap();
    assert_eq!(result.files_uploaded.len(), 2);
    assert_eq!(
        app.stored_file(&container, "picked.txt").unwrap(),
        storage.join("picked.txt").canonicalize().unwrap()
    );
    // Stored by a pick, but a launcher: never handed to the opener.
    let err = app.stored_file(&container, "Setup.desktop").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert!(
        err.message().contains("does not run programs"),
        "{}",
        err.message()
    );
    // A file put into the storage folder by anyone but a pick is not opened,
    // nor one a pick stored and that became a program since.
    std::fs::write(storage.join("dropped-in.txt"), b"not from a pick").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let picked = storage.join("picked.txt");
        std::fs::set_permissions(&picked, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(app.stored_file(&container, "picked.txt").is_err());
        std::fs::set_permissions(&picked, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    for key in [
        "dropped-in.txt",
        "../../Files/secret.txt",
        "/etc/passwd",
        "missing.txt",
        "",
    ] {
        let err = app.stored_file(&container, key).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{key}");
    }
    // A folder no pick stored in is not opened from, whatever the key.
    let files = dir.path().join("Files").display().to_string();
    assert!(app.stored_file(&files, "secret.txt").is_err());
    assert!(app.stored_file("/etc", "passwd").is_err());
    #[cfg(unix)]
    {
        // A link put where a stored file was leads nowhere outside.
        std::fs::remove_file(storage.join("picked.txt")).unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("Files/secret.txt"),
            storage.join("picked.txt"),
        )
        .unwrap();
        assert!(
            app.stored_file(&container, "picked.txt").is_err(),
            "a link out of the folder is refused"
        );
    }
}

/// The emulator's Dropbox, connected to a fresh app.
async fn app_on_dropbox(emulator: &cloudpick_emulator::Running, dir: &Path) -> (Cloudpick, String) {
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir)).unwrap();
    let drive = cloudpick_tests::dropbox_at(emulator);
    let account = drive.account().await.unwrap();
    let id = app.connect(drive, account, "Test");
    (app, id)
}

#[tokio::test]
async fn a_drive_that_answers_503_is_retried_and_each_retry_is_told() {
    use cloudpick_core::drives::remote::retry::{self, Reporter, Retrying};
    use cloudpick_emulator::faults::{Fault, FaultRule};
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    let (app, id) = app_on_dropbox(&emulator, dir.path()).await;
    emulator.faults.add(FaultRule {
        path_contains: "files/list_folder".into(),
        method: None,
        fault: Fault::Status {
            status: 503,
            retry_after: None,
            body: None,
        },
        times: 2,
    });
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Retrying>::new()));
    let sink = heard.clone();
    let reporter: Reporter = std::sync::Arc::new(move |r| sink.lock().unwrap().push(r));
    let page = retry::reporting(reporter, app.open_folder_as(1, &id, None))
        .await
        .unwrap();
    assert_eq!(page.breadcrumbs.len(), 1, "the root, opened in the end");
    assert_eq!(emulator.faults.injected().len(), 2, "two 503s served");
    let heard = heard.lock().unwrap();
    assert_eq!(
        heard.iter().map(|r| (r.retry, r.of)).collect::<Vec<_>>(),
        [(1, 5), (2, 5)],
        "two retries of five at most"
    );
    assert!(heard[0].reason.contains("503"), "{}", heard[0].reason);
}

#[tokio::test]
async fn cancel_ends_a_folder_that_does_not_answer_at_once() {
    use cloudpick_emulator::faults::{Fault, FaultRule};
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    let (app, id) = app_on_dropbox(&emulator, dir.path()).await;
    emulator.faults.add(FaultRule {
        path_contains: "files/list_folder".into(),
        method: None,
        fault: Fault::Delay { millis: 120_000 },
        times: 1,
    });
    let app = std::sync::Arc::new(app);
    let opening = tokio::spawn({
        let app = app.clone();
        async move { app.open_folder_as(7, &id, None).await }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while emulator.faults.injected().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the listing never reached the drive"
        );
        tokio::task::yield_now().await;
    }
    let asked = std::time::Instant::now();
    app.cancel_open(7);
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), opening)
        .await
        .expect("Cancel ends it at once")
        .unwrap();
    assert_eq!(ended.unwrap_err().kind(), ErrorKind::Cancelled);
    assert!(asked.elapsed() < std::time::Duration::from_secs(5));
}

#[cfg(unix)]
#[test]
fn the_data_and_cache_folders_and_the_history_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let paths = cloudpick_tests::app_paths(dir.path());
    // Folders another program made open to all are closed at start.
    std::fs::create_dir_all(&paths.cache_dir).unwrap();
    std::fs::set_permissions(&paths.cache_dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let _app = Cloudpick::open(paths.clone()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&paths.data_dir), 0o700);
    assert_eq!(mode(&paths.cache_dir), 0o700);
    assert_eq!(mode(&paths.database_file()), 0o600);
}

/// OneDrive at a fake Graph that answers `json` to every request.
async fn graph_answering(
    json: String,
) -> (
    cloudpick_tests::receiver::Receiver,
    std::sync::Arc<dyn cloudpick_core::Drive>,
) {
    use cloudpick_tests::receiver::{Answer, Receiver};
    let graph = Receiver::start(Answer::Json(Box::leak(json.into_boxed_str()))).await;
    let base = format!("http://127.0.0.1:{}", graph.port);
    let urls = [("api".to_owned(), format!("{base}/v1.0"))]
        .into_iter()
        .collect();
    let drive = cloudpick_tests::drive_from("onedrive", &urls, "secret-token");
    (graph, drive)
}

#[tokio::test]
async fn the_bearer_token_goes_to_graph_only_never_to_a_host_a_reply_names() {
    use cloudpick_tests::receiver::{Answer, Receiver};
    // Another host, as a reply may name one: it records what it is sent.
    let elsewhere = Receiver::start(Answer::Status(200)).await;
    let thumbnails = serde_json::json!({
        "value": [{ "small": { "url": elsewhere.url, "width": 96, "height": 96 } }]
    });
    let (graph, drive) = graph_answering(thumbnails.to_string()).await;
    let body = drive.thumbnail(&ItemId::new("item-1"), 64).await.unwrap();
    cloudpick_tests::collect(body).await.unwrap();
    let asked = graph.received();
    assert_eq!(asked[0].headers["authorization"], "Bearer secret-token");
    let fetched = elsewhere.received();
    assert_eq!(
        fetched.len(),
        1,
        "the pre-authenticated thumbnail was fetched"
    );
    assert!(
        !fetched[0].headers.contains_key("authorization"),
        "no token to another host"
    );

    // A next page on another host is not followed at all.
    let page = serde_json::json!({ "value": [], "@odata.nextLink": elsewhere.url });
    let (_graph, drive) = graph_answering(page.to_string()).await;
    let root = ItemId::new("root");
    let mut pages = drive.list(&root, cloudpick_core::ListOptions::default());
    use futures::StreamExt;
    assert!(
        pages.next().await.unwrap().is_ok(),
        "the first page, from Graph"
    );
    let err = pages.next().await.unwrap().unwrap_err();
    assert!(
        err.message().contains("another server"),
        "{}",
        err.message()
    );
    assert_eq!(elsewhere.received().len(), 1, "nothing more went elsewhere");
}

#[test]
fn settings_from_the_window_cannot_point_the_folders_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_files(dir.path(), &[("a.txt", b"a")]);
    let before = app.settings_view();
    let config = cloudpick_tests::app_paths(dir.path()).settings_file();
    let kept = std::fs::read_to_string(&config).unwrap_or_default();
    for (root, storage) in [
        ("/", before.storage_folder.as_str()),
        (before.local_root.as_str(), "/"),
        (before.local_root.as_str(), "/home/someone/.ssh"),
        ("/etc", before.storage_folder.as_str()),
    ] {
        let mut view = before.clone();
        view.local_root = root.to_owned();
        view.storage_folder = storage.to_owned();
        let err = app.update_settings(&view).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{root} {storage}");
        assert!(err.message().contains("Choose…"), "{}", err.message());
    }
    assert_eq!(app.settings_view(), before, "nothing changed");
    assert_eq!(std::fs::read_to_string(&config).unwrap_or_default(), kept);
    // The folder dialog's answer goes through the same rules.
    let refused = app
        .choose_folder(
            cloudpick_core::folders::FolderPurpose::LocalRoot,
            Path::new("/"),
        )
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::PermissionDenied);
    let files = dir.path().join("Files");
    let chosen = app
        .choose_folder(cloudpick_core::folders::FolderPurpose::LocalRoot, &files)
        .unwrap();
    assert_eq!(
        chosen.local_root,
        files.canonicalize().unwrap().display().to_string()
    );
}
