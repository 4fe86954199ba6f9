//! Storage anywhere: picked files copied to a folder on a cloud drive (made
//! on the way) with its share link and hash, link only, duplicates reused,
//! and a stored copy removed from wherever it went. Against the emulator.

use cloudpick_core::app::{picking::PickItem, picking::PickRequest, Cloudpick};
use cloudpick_core::drives::hashes::{self, HashKind};
use cloudpick_core::history::FileState;
use cloudpick_core::item::ItemId;
use cloudpick_core::storage::StoreTo;
use cloudpick_core::Drive;
use std::path::Path;
use std::sync::Arc;

struct Setup {
    app: Cloudpick,
    dropbox: Arc<dyn Drive>,
    dropbox_id: String,
    onedrive_id: String,
    amazon_id: String,
    dir: tempfile::TempDir,
    _emulator: cloudpick_emulator::Running,
}

async fn setup(files: &[(&str, &[u8])]) -> Setup {
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(&dir.path().join("Files"), files);
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let mut ids = Vec::new();
    for drive in [
        cloudpick_tests::dropbox_at(&emulator),
        cloudpick_tests::onedrive_at(&emulator),
        cloudpick_tests::amazon_at(&emulator),
    ] {
        let account = drive.account().await.unwrap();
        ids.push(app.connect(drive, account, "Test"));
    }
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    Setup {
        app,
        dropbox,
        dropbox_id: ids[0].clone(),
        onedrive_id: ids[1].clone(),
        amazon_id: ids[2].clone(),
        dir,
        _emulator: emulator,
    }
}

fn local(names: &[&str]) -> Vec<PickItem> {
    names
        .iter()
        .map(|n| PickItem {
            source: "local".into(),
            id: ItemId::new(format!("/Files/{n}")),
            transform: None,
        })
        .collect()
}

fn request(items: Vec<PickItem>, store_to: Option<StoreTo>) -> PickRequest {
    PickRequest {
        items,
        store_to,
        ..PickRequest::default()
    }
}

fn to(location: &str, path: &str) -> Option<StoreTo> {
    Some(StoreTo {
        location: location.into(),
        path: path.into(),
    })
}

async fn child(
    drive: &dyn cloudpick_core::Drive,
    folder: &ItemId,
    name: &str,
) -> cloudpick_core::DriveItem {
    cloudpick_tests::child_named(drive, folder, name)
        .await
        .unwrap_or_else(|| panic!("{name} is there"))
}

#[tokio::test]
async fn stores_on_a_drive_in_a_folder_it_makes_with_a_share_link_and_the_hash() {
    let body = cloudpick_tests::pseudo_random(9 * 1024 * 1024, 5);
    let s = setup(&[("big.bin", &body), ("a.txt", b"alpha")]).await;
    let result = s
        .app
        .pick(
            request(
                local(&["big.bin", "a.txt"]),
                to(&s.dropbox_id, "/Uploads/2026"),
            ),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    assert!(result.files_failed.is_empty(), "{:?}", result.files_failed);
    let big = &result.files_uploaded[0];
    assert_eq!(big.status, "Stored");
    assert_eq!(big.container, format!("{}:/Uploads/2026", s.dropbox_id));
    assert_eq!(big.key, "Uploads/2026/big.bin");
    assert!(big.url.starts_with("http"), "a share link: {}", big.url);
    let hash = big.hash.as_ref().unwrap();
    assert_eq!(hash.algorithm, HashKind::DropboxContent);
    assert_eq!(hash.value, hashes::digest(HashKind::DropboxContent, &body));

    let uploads = child(&*s.dropbox, &s.dropbox.root(), "Uploads").await;
    let year = child(&*s.dropbox, &uploads.id, "2026").await;
    let stored = child(&*s.dropbox, &year.id, "big.bin").await;
    assert_eq!(
        cloudpick_tests::read_all(&*s.dropbox, &stored.id).await,
        body
    );
    assert!(
        !s.dir.path().join("data/picked").exists(),
        "nothing went to the local folder"
    );

    // The same folder again: found, not made twice; the name taken gets (1).
    let again = s
        .app
        .pick(
            request(local(&["a.txt"]), to(&s.dropbox_id, "uploads/2026/")),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    assert_eq!(again.files_uploaded[0].filename, "a (1).txt");
    let roots: Vec<_> = cloudpick_tests::list_all(
        &*s.dropbox,
        &s.dropbox.root(),
        cloudpick_core::ListOptions::default(),
    )
    .await
    .into_iter()
    .filter(|i| i.name.eq_ignore_ascii_case("uploads"))
    .collect();
    assert_eq!(roots.len(), 1);

    // Removed from Activity: gone from Dropbox, the original kept.
    let id = s.app.activity().unwrap()[1].id;
    s.app.remove_stored(id, 0).await.unwrap();
    let left: Vec<_> = cloudpick_tests::list_all(&*s.dropbox, &year.id, Default::default())
        .await
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert!(!left.contains(&"big.bin".to_owned()), "{left:?}");
    assert!(s.dir.path().join("Files/big.bin").is_file());
    assert_eq!(
        s.app.activity().unwrap()[1].files[0].state,
        FileState::Removed
    );
}

#[tokio::test]
async fn copies_cloud_to_cloud_and_uses_the_settings_default() {
    let s = setup(&[("a.txt", b"alpha")]).await;
    // Put a file on Dropbox, then pick it from there into OneDrive, the default.
    s.app
        .pick(
            request(local(&["a.txt"]), to(&s.dropbox_id, "/In")),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    let mut view = s.app.settings_view();
    view.store_to = to(&s.onedrive_id, "/Picked");
    s.app.update_settings(&view).unwrap();
    let folder = child(&*s.dropbox, &s.dropbox.root(), "In").await;
    let file = child(&*s.dropbox, &folder.id, "a.txt").await;
    let result = s
        .app
        .pick(
            request(
                vec![PickItem {
                    source: s.dropbox_id.clone(),
                    id: file.id,
                    transform: None,
                }],
                None,
            ),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    let stored = &result.files_uploaded[0];
    assert_eq!(stored.source, "dropbox");
    assert_eq!(stored.container, format!("{}:/Picked", s.onedrive_id));
    assert_eq!(stored.hash.as_ref().unwrap().algorithm, HashKind::QuickXor);
    assert_eq!(
        stored.hash.as_ref().unwrap().value,
        hashes::digest(HashKind::QuickXor, b"alpha")
    );
}

#[tokio::test]
async fn stores_locally_with_the_sha256_of_the_bytes() {
    let s = setup(&[("a.txt", b"alpha")]).await;
    let result = s
        .app
        .pick(request(local(&["a.txt"]), None), Arc::new(|_| {}))
        .await
        .unwrap();
    let stored = &result.files_uploaded[0];
    let hash = stored.hash.as_ref().unwrap();
    assert_eq!(hash.algorithm, HashKind::Sha256);
    let bytes = std::fs::read(Path::new(&stored.container).join(&stored.key)).unwrap();
    assert_eq!(hash.value, hashes::digest(HashKind::Sha256, &bytes));
    let json = serde_json::to_value(stored).unwrap();
    assert_eq!(json["hash"]["algorithm"], "sha256");
}

#[tokio::test]
async fn link_only_copies_nothing_and_links_the_source() {
    let s = setup(&[("a.txt", b"alpha")]).await;
    s.app
        .pick(
            request(local(&["a.txt"]), to(&s.onedrive_id, "/Docs")),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    let onedrive = s.app.open_folder(&s.onedrive_id, None).await.unwrap();
    let docs = onedrive.items.iter().find(|i| i.name == "Docs").unwrap();
    let inside = s
        .app
        .open_folder(&s.onedrive_id, Some(docs.id.clone()))
        .await
        .unwrap();
    let file = inside.items.iter().find(|i| i.name == "a.txt").unwrap();

    let mut linked = request(
        vec![PickItem {
            source: s.onedrive_id.clone(),
            id: file.id.clone(),
            transform: None,
        }],
        None,
    );
    linked.link_only = Some(true);
    let result = s.app.pick(linked, Arc::new(|_| {})).await.unwrap();
    let entry = &result.files_uploaded[0];
    assert_eq!(entry.status, "Linked");
    assert!(entry.url.starts_with("http"), "{}", entry.url);
    assert_eq!(entry.key, "Docs/a.txt");
    assert!(
        !s.dir.path().join("data/picked/a.txt").exists(),
        "link only makes no copy"
    );
    assert_eq!(
        s.app.activity().unwrap()[0].files[0].state,
        FileState::Linked
    );
    let err = s
        .app
        .remove_stored(s.app.activity().unwrap()[0].id, 0)
        .await;
    assert!(err.is_err(), "a link has no copy to remove");
    assert_eq!(s.app.recent().unwrap()[0].item.name, "a.txt");
}

#[tokio::test]
async fn a_drive_without_share_links_is_refused_as_storage_and_for_link_only() {
    let s = setup(&[("a.txt", b"alpha")]).await;
    // Amazon Cloud Drive makes no share links: the file is stored, its `url`
    // is its address in the API, and its status says there is no link.
    let stored = s
        .app
        .pick(
            request(local(&["a.txt"]), to(&s.amazon_id, "/Up")),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    assert!(stored.files_failed.is_empty(), "{:?}", stored.files_failed);
    let entry = &stored.files_uploaded[0];
    assert_eq!(entry.status, "Stored (no link)");
    assert!(
        entry.url.starts_with("http://127.0.0.1:") && entry.url.contains("/nodes/"),
        "the node's API address: {}",
        entry.url
    );
    assert_eq!(entry.hash.as_ref().unwrap().algorithm, HashKind::Md5);
    let amazon = cloudpick_tests::amazon_at(&s._emulator);
    let up = child(&*amazon, &amazon.root(), "Up").await;
    let copy = child(&*amazon, &up.id, "a.txt").await;
    assert_eq!(
        cloudpick_tests::read_all(&*amazon, &copy.id).await,
        b"alpha"
    );
    let mut linked = request(local(&["a.txt"]), None);
    linked.link_only = Some(true);
    let result = s.app.pick(linked, Arc::new(|_| {})).await.unwrap();
    assert!(result.files_failed[0]
        .error
        .contains("can only be picked by copying it"));
}

#[tokio::test]
async fn a_file_already_stored_is_reused_when_asked_and_copied_when_not() {
    let s = setup(&[("a.txt", b"same bytes"), ("b.txt", b"other bytes")]).await;
    let first = s
        .app
        .pick(request(local(&["a.txt"]), None), Arc::new(|_| {}))
        .await
        .unwrap();
    std::fs::write(s.dir.path().join("Files/renamed.txt"), b"same bytes").unwrap();

    let mut reuse = request(local(&["renamed.txt", "b.txt"]), None);
    reuse.reuse_duplicates = Some(true);
    let result = s.app.pick(reuse, Arc::new(|_| {})).await.unwrap();
    let again = &result.files_uploaded[0];
    assert!(again.reused);
    assert_eq!(again.filename, "a.txt", "the copy already there");
    assert_eq!(again.url, first.files_uploaded[0].url);
    assert!(!result.files_uploaded[1].reused);
    let mut stored: Vec<_> = std::fs::read_dir(s.dir.path().join("data/picked"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    stored.sort();
    assert_eq!(stored, ["a.txt", "b.txt"], "no second copy");
    let id = s.app.activity().unwrap()[0].id;
    let refused = s.app.remove_stored(id, 0).await.unwrap_err();
    assert!(refused.message().contains("reused a copy"));

    let plain = s
        .app
        .pick(request(local(&["renamed.txt"]), None), Arc::new(|_| {}))
        .await
        .unwrap();
    assert!(!plain.files_uploaded[0].reused);
    assert_eq!(plain.files_uploaded[0].filename, "renamed.txt");
}

#[tokio::test]
async fn a_duplicate_on_a_drive_is_found_by_its_provider_hash() {
    let s = setup(&[("a.txt", b"cloud bytes"), ("twin.txt", b"cloud bytes")]).await;
    s.app
        .pick(
            request(local(&["a.txt"]), to(&s.dropbox_id, "/Store")),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    let mut reuse = request(local(&["twin.txt"]), to(&s.dropbox_id, "/Store"));
    reuse.reuse_duplicates = Some(true);
    let result = s.app.pick(reuse, Arc::new(|_| {})).await.unwrap();
    let entry = &result.files_uploaded[0];
    assert!(entry.reused, "{entry:?}");
    assert_eq!(entry.filename, "a.txt");
    assert_eq!(
        entry.hash.as_ref().unwrap().algorithm,
        HashKind::DropboxContent
    );
}
