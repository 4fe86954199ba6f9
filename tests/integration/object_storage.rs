//! S3 and Azure Blob through the app, on servers this repo does not write
//! (moto, Azurite): connecting with keys (the secret only in the keyring),
//! storing picks in a bucket with Filestack's result fields, links that
//! work and links that cannot be forged, checked through the official SDKs.
//! Runs in a D-Bus session with GNOME Keyring (`tests/keyring-session.sh`).

use cloudpick_core::app::{picking::PickItem, picking::PickRequest, Cloudpick};
use cloudpick_core::connect::keys::Keys;
use cloudpick_core::drives::hashes::{self, HashKind};
use cloudpick_core::drives::objects::ObjectStore;
use cloudpick_core::drives::remote::Secret;
use cloudpick_core::item::ItemId;
use cloudpick_core::storage::StoreTo;
use cloudpick_core::ErrorKind;
use cloudpick_tests::object_servers::{self, sdk, AZURITE_ACCOUNT, AZURITE_KEY};
use std::sync::Arc;

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

fn store_to(text: &str) -> PickRequest {
    PickRequest {
        store_to: Some(StoreTo::parse(text).unwrap()),
        ..PickRequest::default()
    }
}

fn keys(endpoint: &str, identity: &str, secret: &str) -> Keys {
    Keys {
        store: ObjectStore {
            endpoint: endpoint.into(),
            path_style: true,
            identity: identity.into(),
            ..ObjectStore::default()
        },
        secret: Secret::new(secret),
        sas: false,
    }
}

async fn fetch(url: &str) -> (u16, Vec<u8>) {
    let reply = reqwest::get(url).await.unwrap();
    let status = reply.status().as_u16();
    (status, reply.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn s3_connects_with_keys_kept_in_the_keyring_and_stores_picks_in_a_bucket() {
    let server = object_servers::moto();
    sdk(&server, "s3", &["make", "picks"]);
    let dir = tempfile::tempdir().unwrap();
    // 20 MiB goes up in three parts of 8 MiB.
    let big = cloudpick_tests::pseudo_random(20 * 1024 * 1024, 7);
    cloudpick_tests::write_tree(
        &dir.path().join("Files"),
        &[("a.txt", b"alpha"), ("big.bin", &big)],
    );
    let paths = cloudpick_tests::app_paths(dir.path());
    let app = Cloudpick::open(paths.clone()).unwrap();
    let secret = "s3-secret-that-must-stay-in-the-keyring";
    let update = app
        .connect_store("s3", keys(&server.endpoint, "AKIDCLOUDPICK", secret))
        .await
        .unwrap();
    let port = server.endpoint.rsplit(':').next().unwrap();
    assert_eq!(update.current, format!("s3:AKIDCLOUDPICK@127.0.0.1:{port}"));
    let settings = std::fs::read_to_string(paths.settings_file()).unwrap();
    assert!(settings.contains("AKIDCLOUDPICK"), "{settings}");
    assert!(!settings.contains(secret), "no secret in config.toml");

    // `s3:/bucket/prefix`, as the CLI and config.toml write it; the folders are made.
    let result = app
        .pick(
            PickRequest {
                items: local(&["a.txt", "big.bin"]),
                ..store_to("s3:/picks/in/2026")
            },
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    assert!(result.files_failed.is_empty(), "{:?}", result.files_failed);
    let a = &result.files_uploaded[0];
    assert_eq!(
        (a.container.as_str(), a.key.as_str()),
        ("picks", "in/2026/a.txt")
    );
    let hash = a.hash.as_ref().unwrap();
    assert_eq!(
        (hash.algorithm, hash.value.as_str()),
        (
            HashKind::Md5,
            hashes::digest(HashKind::Md5, b"alpha").as_str()
        )
    );
    assert!(
        a.url.contains("X-Amz-Signature="),
        "a presigned link: {}",
        a.url
    );
    assert!(
        a.url.contains("X-Amz-Expires=604800"),
        "seven days: {}",
        a.url
    );
    assert_eq!(fetch(&a.url).await, (200, b"alpha".to_vec()));
    let b = &result.files_uploaded[1];
    assert_eq!(b.key, "in/2026/big.bin");
    assert_eq!(
        b.hash.as_ref().unwrap().value,
        hashes::digest(HashKind::Md5, &big)
    );
    // What boto3 reads back is what was picked.
    assert_eq!(
        sdk(&server, "s3", &["get", "picks", "in/2026/big.bin"]),
        big
    );
    assert_eq!(
        String::from_utf8(sdk(&server, "s3", &["keys", "picks"])).unwrap(),
        "in/\nin/2026/\nin/2026/a.txt\nin/2026/big.bin\n",
        "the folders made on the way, and the two files"
    );

    // Again: the name is taken, so the new object is `a (1).txt`.
    let again = app
        .pick(
            PickRequest {
                items: local(&["a.txt"]),
                ..store_to("s3:/picks/in/2026")
            },
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    assert_eq!(again.files_uploaded[0].key, "in/2026/a (1).txt");

    // The next start opens the account from the keyring; disconnecting forgets the secret.
    drop(app);
    let app = Cloudpick::open(paths.clone()).unwrap();
    app.list_kept_accounts();
    assert!(app.restore_accounts().await.is_empty());
    app.disconnect_account(&update.current).await.unwrap();
    let record = cloudpick_core::connect::account::AccountRecord {
        provider: "s3".into(),
        key: format!("AKIDCLOUDPICK@127.0.0.1:{port}"),
        sign_in: Some(cloudpick_core::connect::account::SignIn::Keys),
        store: None,
        server: None,
    };
    let gone = cloudpick_core::connect::keys::restore(&record, &reqwest::Client::new())
        .err()
        .expect("the secret is gone from the keyring");
    assert_eq!(gone.kind(), ErrorKind::Unauthorized, "{}", gone.message());
    let settings = std::fs::read_to_string(paths.settings_file()).unwrap();
    assert!(!settings.contains("AKIDCLOUDPICK"), "{settings}");
}

#[tokio::test]
async fn s3_public_buckets_get_the_objects_own_url_and_missing_buckets_are_named() {
    let server = object_servers::moto();
    sdk(&server, "s3", &["make", "site"]);
    sdk(&server, "s3", &["public", "site"]);
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(&dir.path().join("Files"), &[("logo one.txt", b"logo")]);
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let mut public = keys(&server.endpoint, "AKIDPUBLIC", "secret");
    public.store.public = true;
    app.connect_store("s3", public).await.unwrap();
    let result = app
        .pick(
            PickRequest {
                items: local(&["logo one.txt"]),
                ..store_to("s3:/site")
            },
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    let stored = &result.files_uploaded[0];
    assert_eq!(
        stored.url,
        format!("{}/site/logo%20one.txt", server.endpoint)
    );
    assert_eq!(fetch(&stored.url).await, (200, b"logo".to_vec()));

    let missing = app
        .pick(
            PickRequest {
                items: local(&["logo one.txt"]),
                ..store_to("s3:/nope/x")
            },
            Arc::new(|_| {}),
        )
        .await
        .unwrap_err();
    assert!(
        missing.message().contains("There is no bucket called nope"),
        "{}",
        missing.message()
    );
}

// Threads of its own: the SDK's checks below block the test's thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_an_upload_stopped_midway_leaves_no_parts_behind() {
    use cloudpick_core::drives::objects::{self, StoreSecret};
    use futures::StreamExt;
    let server = object_servers::moto();
    sdk(&server, "s3", &["make", "picks"]);
    let config = keys(&server.endpoint, "AKIDSTOPPED", "secret").store;
    let secret = StoreSecret::new(Secret::new("secret"), false);
    let drive =
        objects::open::<cloudpick_core::drives::s3::S3>(config, secret, reqwest::Client::new())
            .unwrap();
    // 17 MiB, then nothing: the first 8 MiB parts go up, and the upload waits.
    let first = cloudpick_tests::pseudo_random(17 << 20, 5);
    let pieces: Vec<_> = first
        .chunks(1 << 20)
        .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
        .collect();
    let body = futures::stream::iter(pieces)
        .chain(futures::stream::pending())
        .boxed();
    let upload = cloudpick_core::Upload {
        name: "big.bin".into(),
        size: None,
        body,
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let writing = tokio::spawn(async move { drive.write(&ItemId::new("picks/"), upload).await });
    let open_uploads = || String::from_utf8(sdk(&server, "s3", &["uploads", "picks"])).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while open_uploads().trim() != "big.bin" {
        assert!(
            std::time::Instant::now() < deadline,
            "no multipart upload began"
        );
    }
    // Stopped as Cancel stops it: the future is dropped mid-upload.
    writing.abort();
    assert!(writing.await.unwrap_err().is_cancelled());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !open_uploads().trim().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the stopped upload's parts are still on S3"
        );
    }
    let keys = String::from_utf8(sdk(&server, "s3", &["keys", "picks"])).unwrap();
    assert_eq!(keys.trim(), "", "no object either");
}

#[tokio::test]
async fn azure_refuses_a_wrong_key_and_its_links_read_one_blob_and_cannot_be_forged() {
    let server = object_servers::azurite();
    sdk(&server, "azblob", &["make", "docs"]);
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(&dir.path().join("Files"), &[("report.txt", b"quarterly")]);
    let paths = cloudpick_tests::app_paths(dir.path());
    let app = Cloudpick::open(paths.clone()).unwrap();

    let wrong = base64_of(b"not the account key");
    let refused = app
        .connect_store("azblob", keys(&server.endpoint, AZURITE_ACCOUNT, &wrong))
        .await
        .unwrap_err();
    assert_eq!(
        refused.kind(),
        ErrorKind::Unauthorized,
        "{}",
        refused.message()
    );
    assert!(
        refused.message().contains("Azure Blob refused the keys"),
        "{}",
        refused.message()
    );
    assert!(!refused.message().contains(&wrong));
    assert!(
        !paths.settings_file().exists()
            || !std::fs::read_to_string(paths.settings_file())
                .unwrap()
                .contains(AZURITE_ACCOUNT),
        "a refused account is not kept"
    );

    app.connect_store(
        "azblob",
        keys(&server.endpoint, AZURITE_ACCOUNT, AZURITE_KEY),
    )
    .await
    .unwrap();
    let result = app
        .pick(
            PickRequest {
                items: local(&["report.txt"]),
                ..store_to("azblob:/docs/2026")
            },
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    let stored = &result.files_uploaded[0];
    assert_eq!(
        (stored.container.as_str(), stored.key.as_str()),
        ("docs", "2026/report.txt")
    );
    assert_eq!(
        sdk(&server, "azblob", &["get", "docs", "2026/report.txt"]),
        b"quarterly"
    );
    let link = url::Url::parse(&stored.url).unwrap();
    let query: std::collections::HashMap<_, _> = link.query_pairs().into_owned().collect();
    assert_eq!(
        (query["sp"].as_str(), query["sr"].as_str()),
        ("r", "b"),
        "read-only, one blob"
    );
    assert_eq!(fetch(&stored.url).await, (200, b"quarterly".to_vec()));
    // The signature covers the blob and the permission: another blob, or
    // write permission, is refused by Azurite.
    let other = stored.url.replace("report.txt", "other.txt");
    assert_eq!(fetch(&other).await.0, 403);
    let widened = stored.url.replace("sp=r", "sp=rw");
    assert_eq!(fetch(&widened).await.0, 403);
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
