//! Webhooks against a real HTTP receiver on loopback: the payloads'
//! shapes, the signature (checked by Python's hmac), the retry schedule on
//! a clock the test moves, a receiver that is down and then up, a slow one,
//! a burst of 1,000 events, and a kill with deliveries pending (in a
//! process of its own). Runs in the keyring session: the secret is there.

use cloudpick_core::app::export::{ExportItem, ExportRequest, OnConflict};
use cloudpick_core::app::{picking::PickItem, picking::PickRequest, Cloudpick};
use cloudpick_core::item::ItemId;
use cloudpick_core::storage::StoreTo;
use cloudpick_core::transform::{OutputFormat, Transform};
use cloudpick_core::webhooks::clock::ManualClock;
use cloudpick_core::webhooks::Webhook;
use cloudpick_tests::receiver::{Answer, Receiver};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

const T0: i64 = 1_800_000_000;
const WAIT: Duration = Duration::from_secs(20);

fn hooks(app: &Cloudpick, hooks: &[(&str, &[&str])]) {
    let mut view = app.settings_view();
    view.webhooks = hooks
        .iter()
        .map(|(url, events)| Webhook {
            url: (*url).to_owned(),
            events: events.iter().map(|e| (*e).to_owned()).collect(),
        })
        .collect();
    app.update_settings(&view).unwrap();
}

fn start(app: &Arc<Cloudpick>) -> tokio::task::JoinHandle<()> {
    let app = app.clone();
    tokio::spawn(async move { app.deliver_webhooks().await })
}

/// Polls until the outbox's deliveries pass `check`, for at most `WAIT`.
async fn until_deliveries(
    app: &Cloudpick,
    what: &str,
    check: impl Fn(&[cloudpick_core::webhooks::outbox::Delivery]) -> bool,
) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check(&app.deliveries().unwrap()) {
        assert!(tokio::time::Instant::now() < deadline, "waited for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The delivery log's one row for event `id`.
fn delivery(app: &Cloudpick, event: i64) -> cloudpick_core::webhooks::outbox::Delivery {
    app.deliveries()
        .unwrap()
        .into_iter()
        .find(|d| d.event_id == event)
        .expect("a delivery of the event")
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn png(dir: &std::path::Path) {
    let picture = image::RgbImage::from_fn(120, 80, |x, _| image::Rgb([x as u8, 90, 200]));
    std::fs::create_dir_all(dir.join("Files")).unwrap();
    picture.save(dir.join("Files/photo.png")).unwrap();
}

#[tokio::test]
async fn each_event_has_filestacks_shape_and_a_signature_python_accepts() {
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(&dir.path().join("Files"), &[("a.txt", b"hello")]);
    png(dir.path());
    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let account = dropbox.account().await.unwrap();
    let dropbox_id = app.connect(dropbox, account, "Test");
    let receiver = Receiver::start(Answer::Status(200)).await;
    let other = Receiver::start(Answer::Status(204)).await;
    hooks(
        &app,
        &[(&receiver.url, &["all"]), (&other.url, &["fp.export"])],
    );
    let worker = start(&app);

    // A pick with an edit: fp.upload, then fp.converse.
    let request = PickRequest {
        items: vec![PickItem {
            source: "local".into(),
            id: ItemId::new("/Files/photo.png"),
            transform: Some(Transform {
                width: Some(60),
                format: Some(OutputFormat::Webp),
                ..Transform::default()
            }),
        }],
        ..PickRequest::from("local", [])
    };
    let picked = app.pick(request, Arc::new(|_| {})).await.unwrap();
    assert!(picked.files_failed.is_empty(), "{:?}", picked.files_failed);
    let stored = &picked.files_uploaded[0];
    // A save to Dropbox: fp.export, for both hooks.
    let save = ExportRequest {
        items: vec![ExportItem {
            source: "local".into(),
            id: ItemId::new("/Files/a.txt"),
            name: None,
        }],
        to: StoreTo {
            location: dropbox_id,
            path: "/Out".into(),
        },
        on_conflict: OnConflict::Rename,
    };
    let saved = app.export(save, Arc::new(|_| {})).await.unwrap();
    let got = receiver.wait_for(3, WAIT).await;
    let exported = other.wait_for(1, WAIT).await;

    let by_action = |action: &str| {
        got.iter()
            .find(|r| r.json()["action"] == action)
            .unwrap_or_else(|| panic!("{action} arrived"))
            .clone()
    };
    let upload = by_action("fp.upload").json();
    assert_eq!(keys(&upload), ["action", "id", "text", "timestamp"]);
    assert!(upload["id"].is_i64() && upload["timestamp"].is_i64());
    assert_eq!(
        keys(&upload["text"]),
        [
            "client",
            "container",
            "filename",
            "hash",
            "hash_algorithm",
            "key",
            "size",
            "status",
            "type",
            "url"
        ]
    );
    assert_eq!(
        upload["text"],
        json!({
            "container": stored.container,
            "url": stored.url,
            "filename": "photo.webp",
            "client": "This computer",
            "key": stored.key,
            "type": "image/webp",
            "status": "Stored",
            "size": stored.size,
            "hash": stored.hash.as_ref().unwrap().value,
            "hash_algorithm": "sha256",
        })
    );
    let converse = by_action("fp.converse").json();
    assert_eq!(
        converse["text"],
        json!({
            "url": stored.url,
            "link": {
                "url": stored.url,
                "handle": stored.handle,
                "filename": "photo.webp",
                "mimetype": "image/webp",
                "path": stored.key,
                "provider": "internal",
                "size": stored.size,
            }
        })
    );
    let export = by_action("fp.export").json();
    assert_eq!(
        export["text"],
        json!({
            "source": "/Files/a.txt",
            "client": "Dropbox",
            "filename": "a.txt",
            "created": saved.files_uploaded[0].url,
        })
    );
    assert_eq!(
        exported[0].json()["id"],
        export["id"],
        "one event, two receivers"
    );
    let mut ids: Vec<i64> = got
        .iter()
        .map(|r| r.json()["id"].as_i64().unwrap())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 3, "every event has its own id");

    // The signature, checked by another implementation: Python's hmac.
    let secret = app.signing_secret().unwrap();
    assert_eq!(secret.len(), 64);
    for request in got.iter().chain(&exported) {
        let timestamp = &request.headers["fs-timestamp"];
        let checked = std::process::Command::new("python3")
            .args([
                "-c",
                "import hmac,hashlib,sys; key,ts,sig=sys.argv[1:4]; body=sys.stdin.buffer.read(); \
                 ok=hmac.compare_digest(hmac.new(key.encode(), ts.encode()+b'.'+body, hashlib.sha256).hexdigest(), sig); \
                 sys.exit(0 if ok else 1)",
                &secret,
                timestamp,
                &request.headers["fs-signature"],
            ])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(&request.body)?;
                child.wait()
            })
            .unwrap();
        assert!(checked.success(), "Python accepts the signature");
    }
    // A rotated secret signs from then on; the old one no longer matches.
    let rotated = app.rotate_signing_secret().unwrap();
    assert_ne!(rotated, secret);
    assert_eq!(app.signing_secret().unwrap(), rotated);
    worker.abort();
}

#[tokio::test]
async fn a_failing_receiver_is_tried_again_5_minutes_1_hour_and_12_hours_after_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(T0));
    let app = Arc::new(
        Cloudpick::open(cloudpick_tests::app_paths(dir.path()))
            .unwrap()
            .with_webhook_clock(clock.clone()),
    );
    let receiver = Receiver::start(Answer::Status(500)).await;
    let worker = start(&app);
    app.send_test_event(&receiver.url).unwrap();
    receiver.wait_for(1, WAIT).await;
    let event = receiver.received()[0].json()["id"].as_i64().unwrap();
    let attempted = |n: u32| {
        move |rows: &[cloudpick_core::webhooks::outbox::Delivery]| {
            rows.iter()
                .any(|d| d.event_id == event && d.attempts == n && d.last_code.is_some())
        }
    };
    until_deliveries(&app, "the first attempt's record", attempted(1)).await;
    let row = delivery(&app, event);
    assert_eq!(
        (row.state.as_str(), row.attempts, row.last_code),
        ("pending", 1, Some(500))
    );
    assert_eq!(row.next_attempt, Some(T0 + 5 * 60));

    for (at, next) in [
        (T0 + 300, Some(T0 + 3600)),
        (T0 + 3600, Some(T0 + 43_200)),
        (T0 + 43_200, None),
    ] {
        // A second early, nothing.
        let sent = receiver.received().len();
        clock.advance(at - 1 - clock_now(&clock));
        // A second early, a round of the outbox sends nothing.
        assert_eq!(app.deliver_due(WAIT).await, 1, "still pending");
        assert_eq!(receiver.received().len(), sent, "not before {at}");
        clock.advance(1);
        app.wake_webhooks();
        receiver.wait_for(sent + 1, WAIT).await;
        let attempts = u32::try_from(sent + 1).unwrap();
        until_deliveries(&app, "the attempt's record", attempted(attempts)).await;
        assert_eq!(delivery(&app, event).next_attempt, next);
    }
    let stamps: Vec<i64> = receiver
        .received()
        .iter()
        .map(|r| r.headers["fs-timestamp"].parse().unwrap())
        .collect();
    assert_eq!(stamps, [T0, T0 + 300, T0 + 3600, T0 + 43_200]);
    let row = delivery(&app, event);
    assert_eq!((row.state.as_str(), row.attempts), ("failed", 4));
    assert!(
        receiver.received().iter().all(|r| r.json()["id"] == event),
        "the same event each time"
    );

    // Replayed by hand, to a receiver that works now.
    receiver.answer(Answer::Status(201));
    app.replay_delivery(row.id).unwrap();
    receiver.wait_for(5, WAIT).await;
    until_deliveries(&app, "the replay's record", |rows| {
        rows.iter()
            .any(|d| d.event_id == event && d.state == "delivered")
    })
    .await;
    assert!(
        app.replay_delivery(row.id).is_err(),
        "only a failed one is replayed"
    );
    worker.abort();
}

fn clock_now(clock: &ManualClock) -> i64 {
    use cloudpick_core::webhooks::clock::Clock;
    clock.now()
}

#[tokio::test]
async fn a_receiver_that_is_down_gets_the_event_once_it_is_up() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(T0));
    let app = Arc::new(
        Cloudpick::open(cloudpick_tests::app_paths(dir.path()))
            .unwrap()
            .with_webhook_clock(clock.clone()),
    );
    // A port with nothing on it.
    let gone = Receiver::start(Answer::Status(200)).await;
    let (port, url) = (gone.port, gone.url.clone());
    gone.stop().await;
    let worker = start(&app);
    app.send_test_event(&url).unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    let row = loop {
        let row = app.deliveries().unwrap().remove(0);
        if row.attempts == 1 {
            break row;
        }
        assert!(tokio::time::Instant::now() < deadline, "the first attempt");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(row.state, "pending");
    assert_eq!(
        row.last_error.as_deref(),
        Some("The receiver could not be reached")
    );
    assert_eq!(row.next_attempt, Some(T0 + 300));
    let receiver = Receiver::on(port, Answer::Status(200)).await;
    clock.advance(300);
    app.wake_webhooks();
    let got = receiver.wait_for(1, WAIT).await;
    assert_eq!(got[0].json()["action"], "fp.test");
    until_deliveries(&app, "the delivery's record", |rows| {
        rows[0].state == "delivered"
    })
    .await;
    worker.abort();
}

#[tokio::test]
async fn a_receiver_that_does_not_answer_in_time_is_tried_again_later() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(T0));
    let app = Arc::new(
        Cloudpick::open(cloudpick_tests::app_paths(dir.path()))
            .unwrap()
            .with_webhook_clock(clock)
            .with_webhook_timeout(Duration::from_millis(500)),
    );
    let receiver = Receiver::start(Answer::Late(200, Duration::from_secs(3))).await;
    let worker = start(&app);
    app.send_test_event(&receiver.url).unwrap();
    receiver.wait_for(1, WAIT).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    let row = loop {
        let row = app.deliveries().unwrap().remove(0);
        if row.attempts == 1 {
            break row;
        }
        assert!(tokio::time::Instant::now() < deadline, "the attempt to end");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(
        (
            row.state.as_str(),
            row.last_error.as_deref(),
            row.next_attempt
        ),
        ("pending", Some("No answer within 0.5 s"), Some(T0 + 300))
    );
    worker.abort();
}

#[tokio::test]
async fn a_burst_of_1000_events_is_delivered_once_each_while_the_app_answers() {
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let receiver = Receiver::start(Answer::Status(200)).await;
    let worker = start(&app);
    for _ in 0..1000 {
        app.send_test_event(&receiver.url).unwrap();
    }
    // While they go out, the app goes on answering: the history is read
    // between deliveries, not after them.
    let mut answered_during = 0;
    let deadline = tokio::time::Instant::now() + WAIT;
    while receiver.received().len() < 1000 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the burst to arrive"
        );
        app.activity().unwrap();
        app.deliveries().unwrap();
        answered_during += 1;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        answered_during > 5,
        "the app answered {answered_during} times during the burst"
    );
    let got = receiver.wait_for(1000, WAIT).await;
    let mut ids: Vec<i64> = got
        .iter()
        .map(|r| r.json()["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 1000, "1000 events, each once");
    until_deliveries(&app, "every delivery's record", |rows| {
        rows.iter().all(|d| d.state == "delivered")
    })
    .await;
    assert_eq!(receiver.received().len(), 1000, "none twice");
    assert!(app
        .deliveries()
        .unwrap()
        .iter()
        .all(|d| d.state == "delivered"));
    worker.abort();
}

#[tokio::test]
async fn deliveries_pending_when_the_app_is_killed_go_out_when_it_starts_again() {
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(
        &dir.path().join("Files"),
        &[
            ("1.txt", b"1"),
            ("2.txt", b"2"),
            ("3.txt", b"3"),
            ("4.txt", b"4"),
            ("5.txt", b"5"),
        ],
    );
    // The receiver takes the first request and never answers: the app is
    // killed with one delivery in flight and four waiting.
    let stalled = Receiver::start(Answer::Never).await;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_webhook-app"))
        .arg(dir.path())
        .arg(&stalled.url)
        .spawn()
        .unwrap();
    stalled.wait_for(1, WAIT).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let port = stalled.port;
    stalled.stop().await;

    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let before = app.deliveries().unwrap();
    assert_eq!(before.len(), 5, "five events, kept across the kill");
    assert!(before.iter().all(|d| d.state == "pending"));
    let receiver = Receiver::on(port, Answer::Status(200)).await;
    let worker = start(&app);
    let got = receiver.wait_for(5, WAIT).await;
    let mut ids: Vec<i64> = got
        .iter()
        .map(|r| r.json()["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    let mut expected: Vec<i64> = before.iter().map(|d| d.event_id).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected, "every event arrives after the restart");
    assert!(got.iter().all(|r| r.json()["action"] == "fp.upload"));
    until_deliveries(&app, "every delivery's record", |rows| {
        rows.iter().all(|d| d.state == "delivered")
    })
    .await;
    worker.abort();
}

/// The pages' conversion events: the command line's `convert` sends
/// `fp.converse` (not `fp.export`) with `provider` the drive it went to; a
/// pick resized by an image rule sends one with `provider` `internal`.
#[tokio::test]
async fn conversions_send_fp_converse_with_where_the_file_resides() {
    use cloudpick_core::restrictions::{Dimensions, Restrictions};
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    png(dir.path());
    let rules = Restrictions {
        image_max: Some(Dimensions {
            width: 60,
            height: 60,
        }),
        ..Restrictions::default()
    };
    let app = Arc::new(
        Cloudpick::open(cloudpick_tests::app_paths(dir.path()))
            .unwrap()
            .with_restrictions(rules.checked().unwrap()),
    );
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let account = dropbox.account().await.unwrap();
    app.connect(dropbox, account, "Test");
    let receiver = Receiver::start(Answer::Status(200)).await;
    hooks(&app, &[(&receiver.url, &["all"])]);
    let worker = start(&app);

    let photo = dir.path().join("Files/photo.png").display().to_string();
    let to_dropbox = app
        .convert_to(
            &photo,
            &Transform {
                width: Some(40),
                ..Transform::default()
            },
            None,
            "dropbox:/Thumbs/small.webp",
            OnConflict::Rename,
        )
        .await
        .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    app.convert_to(
        &photo,
        &Transform::default(),
        None,
        &format!("{}/", out.display()),
        OnConflict::Rename,
    )
    .await
    .unwrap();
    let picked = app
        .pick(
            PickRequest {
                items: vec![PickItem {
                    source: "local".into(),
                    id: ItemId::new("/Files/photo.png"),
                    transform: None,
                }],
                ..PickRequest::from("local", [])
            },
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    assert_eq!(
        picked.files_uploaded[0].resized.as_ref().unwrap().size,
        [60, 40]
    );

    let got = receiver.wait_for(4, WAIT).await;
    // Deliveries run side by side: compare what arrived, in any order.
    let mut arrived: Vec<(String, Value)> = got
        .iter()
        .map(|r| {
            let body = r.json();
            (
                body["action"].as_str().unwrap().to_owned(),
                body["text"]["link"]["provider"].clone(),
            )
        })
        .collect();
    arrived.sort_by_key(|(action, provider)| (action.clone(), provider.to_string()));
    assert_eq!(
        arrived,
        [
            ("fp.converse".to_owned(), json!("Dropbox")),
            ("fp.converse".to_owned(), json!("This computer")),
            ("fp.converse".to_owned(), json!("internal")),
            ("fp.upload".to_owned(), Value::Null),
        ],
        "a conversion is not an export"
    );
    let on_dropbox = got
        .iter()
        .map(|r| r.json())
        .find(|b| b["text"]["link"]["provider"] == "Dropbox")
        .unwrap();
    assert_eq!(
        on_dropbox["text"]["link"]["filename"],
        json!(to_dropbox.files_uploaded[0].filename)
    );
    worker.abort();
}

/// `fp.picker_open` (the pages' "dialog opening") goes only to the hooks
/// that name it: `all` leaves it out.
#[tokio::test]
async fn the_picker_opening_is_sent_only_where_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let asked = Receiver::start(Answer::Status(200)).await;
    let everything = Receiver::start(Answer::Status(200)).await;
    hooks(
        &app,
        &[
            (&asked.url, &["fp.picker_open"]),
            (&everything.url, &["all"]),
        ],
    );
    let worker = start(&app);
    app.picker_opened(&["dropbox".to_owned(), "local".to_owned()])
        .unwrap();
    let got = asked.wait_for(1, WAIT).await;
    assert_eq!(got[0].json()["action"], "fp.picker_open");
    assert_eq!(
        got[0].json()["text"],
        json!({ "sources": ["dropbox", "local"], "accept": [] })
    );
    // A test event to the other hook, sent after: it arrives alone.
    app.send_test_event(&everything.url).unwrap();
    let other = everything.wait_for(1, WAIT).await;
    assert_eq!(other[0].json()["action"], "fp.test");
    let to_everything: Vec<String> = app
        .deliveries()
        .unwrap()
        .into_iter()
        .filter(|d| d.url == everything.url)
        .map(|d| d.action)
        .collect();
    assert_eq!(to_everything, ["fp.test"], "all leaves fp.picker_open out");
    worker.abort();
}

/// A command without a window sends its own events before it exits, within
/// a bounded wait; what a receiver refuses stays in the outbox for the app.
#[tokio::test]
async fn a_windowless_command_delivers_its_events_before_it_exits() {
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(&dir.path().join("Files"), &[("a.txt", b"hello")]);
    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let up = Receiver::start(Answer::Status(200)).await;
    let down = Receiver::start(Answer::Status(503)).await;
    hooks(&app, &[(&up.url, &["all"]), (&down.url, &["all"])]);
    // No worker runs: only deliver_due sends.
    app.pick(
        PickRequest::from("local", [ItemId::new("/Files/a.txt")]),
        Arc::new(|_| {}),
    )
    .await
    .unwrap();
    let started = std::time::Instant::now();
    let left = app.deliver_due(Duration::from_secs(10)).await;
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(up.received().len(), 1, "delivered before the command ends");
    assert_eq!(down.received().len(), 1, "tried once");
    assert_eq!(left, 1, "the refused one waits in the outbox for the app");
}

/// A receiver that redirects is not followed: a 301 would turn the POST
/// into a GET without the event, and a 307 would send the signed body to
/// another host. The attempt is recorded with where it points. Any 2xx
/// (202 included) is delivered.
#[tokio::test]
async fn redirects_are_reported_not_followed_and_any_2xx_is_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let elsewhere = Receiver::start(Answer::Status(200)).await;
    let moved = Receiver::start(Answer::Redirect(301, elsewhere.port)).await;
    let temporary = Receiver::start(Answer::Redirect(307, elsewhere.port)).await;
    let accepted = Receiver::start(Answer::Status(202)).await;
    for hook in [&moved, &temporary, &accepted] {
        app.send_test_event(&hook.url).unwrap();
    }
    assert_eq!(
        app.deliver_due(Duration::from_secs(10)).await,
        2,
        "the two redirects wait"
    );
    for hook in [&moved, &temporary, &accepted] {
        assert_eq!(hook.received().len(), 1, "{} was tried once", hook.url);
    }
    assert!(
        elsewhere.received().is_empty(),
        "nothing went where the redirects point"
    );
    let log = app.deliveries().unwrap();
    let row = |url: &str| log.iter().find(|d| d.url == url).unwrap().clone();
    assert_eq!(row(&accepted.url).state, "delivered");
    for (hook, code) in [(&moved, 301), (&temporary, 307)] {
        let d = row(&hook.url);
        assert_eq!((d.state.as_str(), d.last_code), ("pending", Some(code)));
        assert_eq!(
            d.last_error.as_deref(),
            Some(
                format!(
                    "Moved to http://127.0.0.1:{}/hooks: update the webhook URL",
                    elsewhere.port
                )
                .as_str()
            )
        );
    }
}

#[tokio::test]
async fn an_outbox_that_cannot_be_written_backs_off_instead_of_sending_again_and_again() {
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let receiver = Receiver::start(Answer::Status(200)).await;
    // The disk fills up: no delivery can be written down any more.
    let db =
        rusqlite::Connection::open(cloudpick_tests::app_paths(dir.path()).database_file()).unwrap();
    db.execute_batch(
        "CREATE TRIGGER full_disk BEFORE UPDATE ON webhook_deliveries
         BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END;",
    )
    .unwrap();
    app.send_test_event(&receiver.url).unwrap();
    // A command without a window sends once and stops there.
    assert_eq!(app.deliver_due(WAIT).await, 1, "left for the app");
    assert_eq!(receiver.received().len(), 1);
    // The app's worker sends again, then waits instead of looping.
    let worker = start(&app);
    let deadline = tokio::time::Instant::now() + WAIT;
    let wait = loop {
        if let Some(wait) = app.webhooks_waiting_for_disk() {
            break wait;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worker to back off"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert!(wait >= Duration::from_secs(5), "{wait:?}");
    // One round, and at most one more cut short by the wake that announced the event.
    let sent = receiver.received().len();
    assert!(
        (2..=3).contains(&sent),
        "the same event was sent {sent} times"
    );
    assert_eq!(
        app.deliveries().unwrap()[0].state,
        "pending",
        "nothing recorded"
    );
    // Room again: the next round delivers it, and it is written down.
    db.execute_batch("DROP TRIGGER full_disk").unwrap();
    app.wake_webhooks();
    until_deliveries(&app, "the delivery's record", |rows| {
        rows[0].state == "delivered"
    })
    .await;
    worker.abort();
}
