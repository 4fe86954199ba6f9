//! Several accounts of one drive side by side: the chooser lists each, every
//! source id reaches its own account's files, and disconnecting one leaves
//! the other.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::item::Account;
use cloudpick_core::Drive;
use cloudpick_emulator::{start, Config, Running};
use std::sync::Arc;

/// A Dropbox account whose drive holds one file, `name`.
async fn dropbox_holding(name: &str) -> (Running, Arc<dyn Drive>, tempfile::TempDir) {
    let seed = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(seed.path(), &[(name, b"hello")]);
    let emulator = start(
        Config {
            seed: Some(seed.path().to_path_buf()),
            ..Config::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let drive = cloudpick_tests::dropbox_at(&emulator);
    (emulator, drive, seed)
}

fn person(name: &str, email: &str) -> Account {
    Account {
        display_name: name.into(),
        email: Some(email.into()),
        quota_used: Some(5),
        quota_total: Some(2_000_000_000),
    }
}

#[tokio::test]
async fn two_dropbox_accounts_are_listed_and_browsed_apart() {
    let (_ana_drive, ana, _a) = dropbox_holding("ana.txt").await;
    let (_bo_drive, bo, _b) = dropbox_holding("bo.txt").await;
    let dir = tempfile::tempdir().unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();

    let ana_id = app.connect(ana, person("Ana", "ana@example.com"), "Ana");
    let bo_id = app.connect(bo, person("Bo", "bo@example.com"), "Bo");
    assert_eq!(ana_id, "dropbox:ana@example.com");
    assert_eq!(bo_id, "dropbox:bo@example.com");

    let dropbox: Vec<_> = app
        .sources()
        .into_iter()
        .filter(|s| s.provider == "dropbox")
        .collect();
    assert_eq!(
        dropbox.len(),
        2,
        "one entry per account, no 'Connect' entry"
    );
    assert!(dropbox.iter().all(|s| s.connected && s.name == "Dropbox"));
    assert_eq!(
        dropbox[1].account.as_ref().unwrap().email.as_deref(),
        Some("bo@example.com")
    );

    let names = |listing: cloudpick_core::app::Listing| -> Vec<String> {
        listing.items.into_iter().map(|i| i.name).collect()
    };
    assert_eq!(names(app.list(&ana_id, None).await.unwrap()), ["ana.txt"]);
    assert_eq!(names(app.list(&bo_id, None).await.unwrap()), ["bo.txt"]);
    // A bare kind means the drive's first account.
    assert_eq!(names(app.list("dropbox", None).await.unwrap()), ["ana.txt"]);

    let update = app.disconnect_account(&ana_id).await.unwrap();
    assert_eq!(update.current, bo_id, "the other account is shown next");
    assert!(update.sources.iter().all(|s| s.id != ana_id));
    let err = app.list(&ana_id, None).await.unwrap_err();
    assert_eq!(err.message(), "Dropbox (ana@example.com) is not connected");
    assert_eq!(names(app.list(&bo_id, None).await.unwrap()), ["bo.txt"]);

    let update = app.disconnect_account(&bo_id).await.unwrap();
    assert_eq!(update.current, "dropbox");
    let back = update.sources.iter().find(|s| s.id == "dropbox").unwrap();
    assert!(!back.connected);
    assert_eq!(back.status, "Not connected");
}
