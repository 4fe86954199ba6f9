//! This computer: listing, confinement, ranged reads and atomic writes, on real files.

use cloudpick_core::drives::local::LocalDrive;
use cloudpick_core::{ByteRange, ConflictPolicy, Drive, ErrorKind, ItemId, ListOptions, Upload};
use cloudpick_tests::{body, collect, list_all, names, pseudo_random, write_tree};

fn upload(name: &str, bytes: Vec<u8>, policy: ConflictPolicy) -> Upload {
    Upload {
        name: name.to_owned(),
        size: Some(bytes.len() as u64),
        body: body(bytes, 4096),
        on_conflict: policy,
    }
}

fn root() -> ItemId {
    ItemId::new("/")
}

#[tokio::test]
async fn lists_folders_first_in_natural_order_without_hidden_files() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("img10.jpg", b"a"),
            ("img2.jpg", b"b"),
            ("Zeta/inner.txt", b"c"),
            ("alpha/inner.txt", b"d"),
            (".secret", b"e"),
        ],
    );
    let drive = LocalDrive::new(dir.path()).unwrap();
    let items = list_all(&drive, &root(), ListOptions::default()).await;
    assert_eq!(names(&items), ["alpha", "Zeta", "img2.jpg", "img10.jpg"]);
    assert_eq!(items[2].size, Some(1));
    assert_eq!(items[2].display_path, "/img2.jpg");
    assert_eq!(items[2].mime_type.as_deref(), Some("image/jpeg"));
    assert!(items[0].modified.as_deref().unwrap().ends_with('Z'));

    let shown = ListOptions {
        include_hidden: true,
        ..ListOptions::default()
    };
    let items = list_all(&drive, &root(), shown).await;
    assert!(names(&items).contains(&".secret"));
}

#[tokio::test]
async fn pages_hold_at_most_page_size_items_and_chain_by_cursor() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        std::fs::write(dir.path().join(format!("f{i}.txt")), b"x").unwrap();
    }
    let drive = LocalDrive::new(dir.path()).unwrap();
    use futures::TryStreamExt;
    let options = ListOptions {
        page_size: 2,
        include_hidden: false,
    };
    let pages: Vec<_> = drive.list(&root(), options).try_collect().await.unwrap();
    assert_eq!(
        pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        [2, 2, 1]
    );
    assert!(pages[0].next_cursor.is_some() && pages[1].next_cursor.is_some());
    assert_eq!(pages[2].next_cursor, None);
}

#[tokio::test]
async fn symlinks_never_lead_out_of_the_root() {
    let outside = tempfile::tempdir().unwrap();
    write_tree(outside.path(), &[("passwords.txt", b"hunter2")]);
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("docs/real.txt", b"real")]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("escape")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("passwords.txt"),
        dir.path().join("pw.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("docs"), dir.path().join("docs-link")).unwrap();
    let drive = LocalDrive::new(dir.path()).unwrap();

    let items = list_all(&drive, &root(), ListOptions::default()).await;
    assert_eq!(
        names(&items),
        ["docs", "docs-link"],
        "links out of the root are not listed"
    );

    for id in ["/escape/passwords.txt", "/pw.txt", "/escape"] {
        let err = drive.read(&ItemId::new(id), None).await.err().expect(id);
        assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{id}");
    }
    let err = drive
        .stat(&ItemId::new("/../etc/passwd"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);

    let inside = collect(
        drive
            .read(&ItemId::new("/docs-link/real.txt"), None)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(inside.unwrap(), b"real");
}

#[tokio::test]
async fn reads_stream_whole_files_and_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = pseudo_random(1_000_000, 3);
    write_tree(dir.path(), &[("big.bin", &bytes)]);
    let drive = LocalDrive::new(dir.path()).unwrap();
    let id = ItemId::new("/big.bin");

    let stream = drive.read(&id, None).await.unwrap();
    assert_eq!(collect(stream).await.unwrap(), bytes);

    let stream = drive
        .read(&id, Some(ByteRange::new(999_990, 5)))
        .await
        .unwrap();
    assert_eq!(collect(stream).await.unwrap(), &bytes[999_990..999_995]);

    let stream = drive
        .read(&id, Some(ByteRange::from(999_998)))
        .await
        .unwrap();
    assert_eq!(collect(stream).await.unwrap(), &bytes[999_998..]);

    let err = drive
        .read(&id, Some(ByteRange::from(2_000_000)))
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn writes_follow_the_conflict_policy_and_never_overwrite_by_default() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("report.pdf", b"original")]);
    let drive = LocalDrive::new(dir.path()).unwrap();

    let renamed = drive
        .write(
            &root(),
            upload("report.pdf", b"second".to_vec(), ConflictPolicy::Rename),
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "report (1).pdf");
    let again = drive
        .write(
            &root(),
            upload("report.pdf", b"third".to_vec(), ConflictPolicy::Rename),
        )
        .await
        .unwrap();
    assert_eq!(again.name, "report (2).pdf");

    let err = drive
        .write(
            &root(),
            upload("report.pdf", b"nope".to_vec(), ConflictPolicy::Fail),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(
        err.message().contains("already exists"),
        "{}",
        err.message()
    );
    assert_eq!(
        std::fs::read(dir.path().join("report.pdf")).unwrap(),
        b"original"
    );

    drive
        .write(
            &root(),
            upload("report.pdf", b"replaced".to_vec(), ConflictPolicy::Replace),
        )
        .await
        .unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("report.pdf")).unwrap(),
        b"replaced"
    );
    assert_eq!(
        std::fs::read(dir.path().join("report (1).pdf")).unwrap(),
        b"second"
    );
    assert_no_temp_files(dir.path());
}

#[tokio::test]
async fn a_failed_body_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let drive = LocalDrive::new(dir.path()).unwrap();
    let broken = futures::stream::iter(vec![
        Ok(bytes::Bytes::from_static(b"half of it")),
        Err(cloudpick_core::Error::new(
            ErrorKind::Transient,
            "connection reset",
        )),
    ]);
    let upload = Upload {
        name: "broken.bin".into(),
        size: None,
        body: Box::pin(broken),
        on_conflict: ConflictPolicy::Rename,
    };
    let err = drive.write(&root(), upload).await.unwrap_err();
    assert_eq!(err.message(), "connection reset");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no partial file, no temp file"
    );
}

#[tokio::test]
async fn malicious_names_are_made_safe_inside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("inbox")).unwrap();
    let drive = LocalDrive::new(&dir.path().join("inbox")).unwrap();
    for name in [
        "../../escape.txt",
        "..",
        "CON",
        "a\u{0}b\nc.txt",
        "/etc/passwd",
    ] {
        let stored = drive
            .write(&root(), upload(name, b"x".to_vec(), ConflictPolicy::Rename))
            .await
            .unwrap();
        assert!(
            !stored.name.contains('/') && stored.name != ".." && !stored.name.contains('\0'),
            "{name} -> {}",
            stored.name
        );
    }
    let inbox: Vec<String> = std::fs::read_dir(dir.path().join("inbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(inbox.len(), 5, "{inbox:?}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing escaped the folder"
    );
    assert!(
        inbox.contains(&"_CON".to_owned()) && inbox.contains(&".._.._escape.txt".to_owned()),
        "{inbox:?}"
    );
}

#[tokio::test]
async fn folders_are_created_deleted_and_have_breadcrumbs() {
    let dir = tempfile::tempdir().unwrap();
    let drive = LocalDrive::new(dir.path())
        .unwrap()
        .with_display_name("This computer");
    let photos = drive.create_folder(&root(), "Photos").await.unwrap();
    let year = drive.create_folder(&photos.id, "2024").await.unwrap();
    assert_eq!(year.id, ItemId::new("/Photos/2024"));
    let err = drive.create_folder(&root(), "Photos").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);

    let crumbs = drive.ancestry(&year.id).await.unwrap();
    assert_eq!(names(&crumbs), ["This computer", "Photos", "2024"]);

    drive.delete(&photos.id).await.unwrap();
    assert!(!dir.path().join("Photos").exists());
    let err = drive.delete(&root()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

fn assert_no_temp_files(dir: &std::path::Path) {
    let temps: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.ends_with(".cloudpick-part"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}
