//! The history in its SQLite file: every pick with its files and result,
//! Recent across drives, removing a stored copy, picks cut short by a stop,
//! and databases that cannot be read.

use cloudpick_core::app::{picking::PickRequest, Cloudpick};
use cloudpick_core::history::{ActivityStatus, FileState, History};
use cloudpick_core::item::ItemId;
use cloudpick_core::ErrorKind;
use std::path::Path;
use std::sync::Arc;

fn app(dir: &Path) -> Cloudpick {
    Cloudpick::open(cloudpick_tests::app_paths(dir)).unwrap()
}

fn ids(names: &[&str]) -> Vec<ItemId> {
    names
        .iter()
        .map(|n| ItemId::new(format!("/Files/{n}")))
        .collect()
}

async fn pick(app: &Cloudpick, names: &[&str]) -> cloudpick_core::pick::PickResult {
    app.pick(PickRequest::from("local", ids(names)), Arc::new(|_| {}))
        .await
        .unwrap()
}

#[tokio::test]
async fn every_pick_is_kept_with_its_files_and_result_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(
        &dir.path().join("Files"),
        &[("a.txt", b"alpha"), ("b.pdf", b"%PDF-1.7 b")],
    );
    let result = {
        let app = app(dir.path());
        pick(&app, &["a.txt", "gone.txt", "b.pdf"]).await
    };
    assert_eq!(result.files_uploaded.len(), 2);

    // A new process: the same database file.
    let app = app(dir.path());
    assert!(dir.path().join("data/cloudpick.db").is_file());
    let activity = app.activity().unwrap();
    assert_eq!(activity.len(), 1);
    let pick = &activity[0];
    assert_eq!(pick.status, ActivityStatus::Done);
    assert_eq!(pick.kind, "pick");
    assert!(pick.finished.unwrap() >= pick.started);
    assert_eq!(pick.result.as_ref(), Some(&result));
    let states: Vec<_> = pick.files.iter().map(|f| f.state).collect();
    assert_eq!(
        states,
        [FileState::Stored, FileState::Failed, FileState::Stored]
    );
    assert_eq!(pick.files[0].source, "local");
    assert_eq!(
        pick.files[0].stored.as_ref().unwrap().url,
        result.files_uploaded[0].url
    );
    assert!(pick.files[1]
        .error
        .as_deref()
        .unwrap()
        .contains("no longer exists"));
    assert_eq!(pick.files[2].item.as_ref().unwrap().name, "b.pdf");
}

#[tokio::test]
async fn recent_lists_each_picked_file_once_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(
        &dir.path().join("Files"),
        &[("a.txt", b"alpha"), ("b.txt", b"beta"), ("c.txt", b"gamma")],
    );
    let app = app(dir.path());
    pick(&app, &["a.txt", "b.txt"]).await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    pick(&app, &["c.txt", "a.txt", "missing.txt"]).await;
    let recent = app.recent().unwrap();
    let names: Vec<&str> = recent.iter().map(|r| r.item.name.as_str()).collect();
    // The second pick's files first; a.txt once; a file that failed is not recent.
    assert_eq!(recent.len(), 3, "{names:?}");
    assert_eq!(&names[2], &"b.txt");
    assert!(names[..2].contains(&"a.txt") && names[..2].contains(&"c.txt"));
    assert!(recent.iter().all(|r| r.source == "local"));
    assert!(recent
        .iter()
        .all(|r| r.to == "local" && r.to_folder.ends_with("picked")));
    assert_eq!(recent[2].item.size, Some(4));
    assert!(recent[0].at >= recent[2].at);
}

#[tokio::test]
async fn removing_a_stored_copy_deletes_it_and_keeps_the_original() {
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(
        &dir.path().join("Files"),
        &[("a.txt", b"alpha"), ("b.txt", b"beta")],
    );
    let app = app(dir.path());
    let result = pick(&app, &["a.txt", "b.txt", "nope.txt"]).await;
    let copy = Path::new(&result.files_uploaded[0].container).join(&result.files_uploaded[0].key);
    assert!(copy.is_file());
    let id = app.activity().unwrap()[0].id;

    app.remove_stored(id, 0).await.unwrap();
    assert!(!copy.exists(), "the copy is deleted");
    assert!(
        dir.path().join("Files/a.txt").is_file(),
        "the original stays"
    );
    let other = Path::new(&result.files_uploaded[1].container).join("b.txt");
    assert!(other.is_file(), "the other copy stays");
    let files = &app.activity().unwrap()[0].files;
    assert_eq!(files[0].state, FileState::Removed);
    assert_eq!(files[1].state, FileState::Stored);

    let again = app.remove_stored(id, 0).await.unwrap_err();
    assert_eq!(again.message(), "This copy was already removed");
    let failed = app.remove_stored(id, 2).await.unwrap_err();
    assert!(failed.message().contains("was not stored"));

    // A copy someone already deleted by hand counts as removed.
    std::fs::remove_file(&other).unwrap();
    app.remove_stored(id, 1).await.unwrap();
    assert_eq!(
        app.activity().unwrap()[0].files[1].state,
        FileState::Removed
    );
}

#[test]
fn a_pick_cut_short_by_a_stop_shows_as_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cloudpick.db");
    {
        let history = History::open(&file).unwrap();
        let storage = cloudpick_core::pick::Storage::local(&dir.path().join("store")).unwrap();
        history
            .start_pick(&storage, &[("dropbox".to_owned(), ItemId::new("id:abc"))])
            .unwrap();
    }
    let history = History::open(&file).unwrap();
    let activity = history.activity(10).unwrap();
    assert_eq!(activity[0].status, ActivityStatus::Interrupted);
    assert_eq!(activity[0].files[0].state, FileState::Failed);
    assert_eq!(
        activity[0].files[0].error.as_deref(),
        Some("Cloudpick stopped before this file was copied")
    );
}

#[test]
fn a_pick_still_running_in_another_process_is_not_marked_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cloudpick.db");
    let storage = cloudpick_core::pick::Storage::local(&dir.path().join("store")).unwrap();
    // The app has the history open, with a pick running...
    let app = History::open(&file).unwrap();
    app.start_pick(&storage, &[("dropbox".to_owned(), ItemId::new("id:abc"))])
        .unwrap();
    // ...when `cloudpick ls` opens it too: the pick is not cut short.
    let cli = History::open(&file).unwrap();
    assert_eq!(cli.activity(10).unwrap()[0].status, ActivityStatus::Running);
    drop(cli);
    assert_eq!(app.activity(10).unwrap()[0].status, ActivityStatus::Running);
    // Once the app is gone, the next opening knows the pick was cut short.
    drop(app);
    let next = History::open(&file).unwrap();
    assert_eq!(
        next.activity(10).unwrap()[0].status,
        ActivityStatus::Interrupted
    );
}

#[test]
fn a_database_that_cannot_be_read_is_named_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cloudpick.db");
    let garbage = b"this is not a database, but it is somebody's data ".repeat(200);
    std::fs::write(&file, &garbage).unwrap();
    let err = History::open(&file).err().unwrap();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(err.message().contains(&file.display().to_string()));
    assert!(err.message().contains("Move it elsewhere"));
    assert_eq!(std::fs::read(&file).unwrap(), garbage, "not overwritten");

    let newer = dir.path().join("newer.db");
    drop(History::open(&newer).unwrap());
    let db = rusqlite::Connection::open(&newer).unwrap();
    db.pragma_update(None, "user_version", 99).unwrap();
    drop(db);
    let err = History::open(&newer).err().unwrap();
    assert!(
        err.message().contains("newer Cloudpick"),
        "{}",
        err.message()
    );
}
