//! The scenarios. Each takes a fresh fixture and checks what a user would:
//! names, bytes, hashes, errors.

use super::fixtures::Fixture;
use cloudpick_core::drive::Upload;
use cloudpick_core::drives::hashes::{digest, HashKind};
use cloudpick_core::{ByteRange, ConflictPolicy, ErrorKind, ListOptions};
use cloudpick_emulator::faults::{Fault, FaultRule};
use cloudpick_tests::{collect, list_all, names, pseudo_random};
use futures::TryStreamExt;
use std::time::{Duration, Instant};

fn upload(name: &str, bytes: Vec<u8>, policy: ConflictPolicy) -> Upload {
    Upload {
        name: name.into(),
        size: Some(bytes.len() as u64),
        body: cloudpick_tests::body(bytes, 64 * 1024),
        on_conflict: policy,
    }
}

/// A capability the drive says it lacks: it must also answer `Unsupported`
/// when asked, not fail some other way or pretend.
fn lacks<T: std::fmt::Debug>(f: &Fixture, what: &str, asked: cloudpick_core::Result<T>) {
    match asked {
        Err(err) => assert_eq!(
            err.kind(),
            cloudpick_core::ErrorKind::Unsupported,
            "{}: {what} is not offered, so it must answer Unsupported: {}",
            f.provider,
            err.message()
        ),
        Ok(got) => panic!(
            "{}: {what} is not offered, yet it answered {got:?}",
            f.provider
        ),
    }
}

fn skip(f: &Fixture, why: &str) {
    eprintln!("SKIPPED for {}: {why}", f.drive.display_name());
}

/// The emulator, or a skip: This computer has no server to misbehave, and
/// moto and Azurite (real servers, not ours) take no faults.
fn emulator(f: &Fixture) -> Option<&cloudpick_emulator::Running> {
    if f.emulator.is_none() {
        let why = if f._server.is_some() {
            "its test server (moto or Azurite) is not ours and cannot be told to fail; \
             OpenDAL's retries are its own"
        } else {
            "This computer has no server, so there are no faults to inject"
        };
        skip(f, why);
    }
    f.emulator.as_ref()
}

fn fault(f: &Fixture, path: &str, fault: Fault, times: u32) {
    if let Some(e) = &f.emulator {
        e.faults.add(FaultRule {
            path_contains: path.into(),
            method: None,
            fault,
            times,
        });
    }
}

async fn child(f: &Fixture, name: &str) -> cloudpick_core::DriveItem {
    list_all(&*f.drive, &f.folder, ListOptions::default())
        .await
        .into_iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("{name} is listed"))
}

pub async fn lists_root_and_nested(f: Fixture) {
    let root = list_all(&*f.drive, &f.drive.root(), ListOptions::default()).await;
    // `Conformance` itself, or the bucket that holds it on an object store.
    let chain = f.drive.ancestry(&f.folder).await.unwrap();
    assert_eq!(chain.last().unwrap().name, "Conformance");
    let top = chain[1].name.as_str();
    assert!(names(&root).contains(&top), "{:?}", names(&root));
    let items = list_all(&*f.drive, &f.folder, ListOptions::default()).await;
    let mut listed: Vec<&str> = names(&items);
    listed.sort_unstable();
    assert_eq!(
        listed,
        [
            "Nested",
            "a.txt",
            "b.txt",
            "c.txt",
            "image.png",
            "Ünïcödé ✓"
        ]
    );
    let nested = items.iter().find(|i| i.name == "Nested").unwrap();
    assert!(nested.is_folder());
    let deep = list_all(&*f.drive, &nested.id, ListOptions::default()).await;
    assert_eq!(names(&deep), ["deep.txt"]);
    let a = items.iter().find(|i| i.name == "a.txt").unwrap();
    let stat = f.drive.stat(&a.id).await.unwrap();
    assert_eq!((stat.name.as_str(), stat.size), ("a.txt", Some(17)));
    assert!(
        stat.display_path.ends_with("/Conformance/a.txt"),
        "{}",
        stat.display_path
    );
}

pub async fn pages_down_to_one_item(f: Fixture) {
    let options = ListOptions {
        page_size: 1,
        include_hidden: false,
    };
    let pages: Vec<_> = f
        .drive
        .list(&f.folder, options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 6);
    assert!(pages.iter().all(|p| p.items.len() == 1));
    assert!(pages.last().unwrap().next_cursor.is_none());
}

pub async fn keeps_unicode_names(f: Fixture) {
    let folder = child(&f, "Ünïcödé ✓").await;
    let inside = list_all(&*f.drive, &folder.id, ListOptions::default()).await;
    assert_eq!(names(&inside), ["файл – 1.txt"]);
    let stored = f
        .drive
        .write(
            &folder.id,
            upload(
                "日本語 & émoji 🎉.txt",
                b"hi".to_vec(),
                ConflictPolicy::Fail,
            ),
        )
        .await
        .unwrap();
    assert_eq!(stored.name, "日本語 & émoji 🎉.txt");
    assert_eq!(
        collect(f.drive.read(&stored.id, None).await.unwrap())
            .await
            .unwrap(),
        b"hi"
    );
}

pub async fn transfers_every_size(f: Fixture) {
    // 64 MiB goes through the resumable path of every drive that has one.
    for (i, size) in [0usize, 1, 5 * 1024 * 1024, 64 * 1024 * 1024]
        .into_iter()
        .enumerate()
    {
        let bytes = pseudo_random(size, i as u32 + 1);
        let name = format!("size-{size}.bin");
        let stored = f
            .drive
            .write(
                &f.folder,
                upload(&name, bytes.clone(), ConflictPolicy::Fail),
            )
            .await
            .unwrap();
        assert_eq!(
            (stored.name.as_str(), stored.size),
            (name.as_str(), Some(size as u64))
        );
        let back = collect(f.drive.read(&stored.id, None).await.unwrap())
            .await
            .unwrap();
        assert_eq!(
            digest(HashKind::Sha1, &back),
            digest(HashKind::Sha1, &bytes),
            "{name} round-trips"
        );
    }
}

pub async fn reads_ranges(f: Fixture) {
    let a = child(&f, "a.txt").await;
    let middle = collect(
        f.drive
            .read(&a.id, Some(ByteRange::new(9, 2)))
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(middle, b"of");
    let tail = collect(
        f.drive
            .read(&a.id, Some(ByteRange::from(12)))
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(tail, b"a.txt");
}

pub async fn follows_conflict_policies(f: Fixture) {
    f.drive
        .write(
            &f.folder,
            upload("report.pdf", b"one".to_vec(), ConflictPolicy::Fail),
        )
        .await
        .unwrap();
    let err = f
        .drive
        .write(
            &f.folder,
            upload("report.pdf", b"two".to_vec(), ConflictPolicy::Fail),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{}", err.message());
    let renamed = f
        .drive
        .write(
            &f.folder,
            upload("report.pdf", b"two".to_vec(), ConflictPolicy::Rename),
        )
        .await
        .unwrap();
    assert_ne!(renamed.name, "report.pdf");
    assert!(
        renamed.name.starts_with("report") && renamed.name.ends_with(".pdf"),
        "{}",
        renamed.name
    );
    f.drive
        .write(
            &f.folder,
            upload("report.pdf", b"three".to_vec(), ConflictPolicy::Replace),
        )
        .await
        .unwrap();
    let now = child(&f, "report.pdf").await;
    assert_eq!(
        collect(f.drive.read(&now.id, None).await.unwrap())
            .await
            .unwrap(),
        b"three"
    );
}

pub async fn creates_and_deletes_folders(f: Fixture) {
    let created = f.drive.create_folder(&f.folder, "Fresh").await.unwrap();
    assert!(created.is_folder());
    assert!(
        names(&list_all(&*f.drive, &f.folder, ListOptions::default()).await).contains(&"Fresh")
    );
    f.drive.delete(&created.id).await.unwrap();
    assert!(
        !names(&list_all(&*f.drive, &f.folder, ListOptions::default()).await).contains(&"Fresh")
    );
    let err = f.drive.stat(&created.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

pub async fn searches(f: Fixture) {
    if !f.drive.capabilities().search {
        lacks(&f, "search", f.drive.search("deep").await);
        return skip(
            &f,
            "no search capability (This computer does not index the disk)",
        );
    }
    let hits = f.drive.search("deep").await.unwrap();
    assert_eq!(names(&hits), ["deep.txt"]);
}

pub async fn shares_links(f: Fixture) {
    if !f.drive.capabilities().share_link {
        let b = child(&f, "b.txt").await;
        lacks(&f, "a share link", f.drive.share_link(&b.id).await);
        return skip(
            &f,
            "the drive has no share-link API (This computer gives file:// URLs; Amazon Cloud Drive v1 has none)",
        );
    }
    let b = child(&f, "b.txt").await;
    let url = f.drive.share_link(&b.id).await.unwrap();
    let fetched = reqwest::get(url.trim_end_matches("?dl=0"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        fetched.as_ref(),
        b"contents of b.txt",
        "the link serves the file"
    );
    let again = f.drive.share_link(&b.id).await.unwrap();
    if f._server.is_some() {
        // An object store presigns each link anew (its expiry counts from now).
        let fetched = reqwest::get(&again).await.unwrap().bytes().await.unwrap();
        assert_eq!(
            fetched.as_ref(),
            b"contents of b.txt",
            "a new link serves it too"
        );
    } else {
        assert_eq!(again, url, "asking again gives the same link");
    }
}

pub async fn makes_thumbnails(f: Fixture) {
    if !f.drive.capabilities().thumbnail {
        let image = child(&f, "image.png").await;
        lacks(
            &f,
            "a thumbnail",
            f.drive.thumbnail(&image.id, 64).await.map(|_| ()),
        );
        return skip(
            &f,
            "the drive serves no thumbnails (This computer, Amazon Cloud Drive v1): the picker makes its own",
        );
    }
    let image = child(&f, "image.png").await;
    let bytes = collect(f.drive.thumbnail(&image.id, 64).await.unwrap())
        .await
        .unwrap();
    let thumb = image::load_from_memory(&bytes).unwrap();
    let (w, h) = (thumb.width(), thumb.height());
    assert!(w.max(h) >= 64, "at least as big as asked: {w}x{h}");
    assert!(
        w <= 300 && h <= 200,
        "smaller than the 300x200 original: {w}x{h}"
    );
    assert!(
        (w as f32 / h as f32 - 1.5).abs() < 0.05,
        "the 3:2 shape is kept: {w}x{h}"
    );
}

pub async fn copies_on_the_server(f: Fixture) {
    if !f.drive.capabilities().server_side_copy {
        let c = child(&f, "c.txt").await;
        lacks(
            &f,
            "a server-side copy",
            f.drive.copy(&c.id, &f.folder, "c copy.txt").await,
        );
        return skip(
            &f,
            "the drive has no server-side copy: a copy streams through Cloudpick instead",
        );
    }
    let c = child(&f, "c.txt").await;
    let copy = f.drive.copy(&c.id, &f.folder, "c copy.txt").await.unwrap();
    assert_eq!(copy.name, "c copy.txt");
    assert_eq!(
        collect(f.drive.read(&copy.id, None).await.unwrap())
            .await
            .unwrap(),
        b"contents of c.txt"
    );
}

pub async fn obeys_throttling(f: Fixture) {
    let Some(_) = emulator(&f) else { return };
    fault(
        &f,
        f.paths.list,
        Fault::Status {
            status: 429,
            retry_after: Some(1),
            body: None,
        },
        2,
    );
    let started = Instant::now();
    let items = list_all(&*f.drive, &f.folder, ListOptions::default()).await;
    assert_eq!(items.len(), 6);
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "waited {:?}, Retry-After asked for 2 × 1 s",
        started.elapsed()
    );
}

pub async fn recovers_from_server_errors(f: Fixture) {
    let Some(_) = emulator(&f) else { return };
    let listed = child(&f, "a.txt").await;
    fault(
        &f,
        f.paths.stat,
        Fault::Status {
            status: 503,
            retry_after: None,
            body: None,
        },
        3,
    );
    let a = f.drive.stat(&listed.id).await.unwrap();
    assert_eq!(a.name, "a.txt");
}

pub async fn resumes_cut_downloads(f: Fixture) {
    let Some(_) = emulator(&f) else { return };
    let bytes = pseudo_random(3 * 1024 * 1024, 9);
    let stored = f
        .drive
        .write(
            &f.folder,
            upload("cut.bin", bytes.clone(), ConflictPolicy::Fail),
        )
        .await
        .unwrap();
    fault(
        &f,
        f.paths.download,
        Fault::CutResponse {
            after_bytes: 1_000_000,
        },
        2,
    );
    let back = collect(f.drive.read(&stored.id, None).await.unwrap())
        .await
        .unwrap();
    assert_eq!(back.len(), bytes.len());
    assert_eq!(
        digest(HashKind::Sha1, &back),
        digest(HashKind::Sha1, &bytes)
    );
}

pub async fn resumes_cut_uploads_without_resending_confirmed_chunks(f: Fixture) {
    if !f.drive.capabilities().resumable_upload {
        let started = f
            .drive
            .start_upload(
                &f.folder,
                "big.bin",
                1 << 20,
                cloudpick_core::ConflictPolicy::Fail,
            )
            .await;
        lacks(&f, "a resumable upload", started);
        return skip(
            &f,
            "no resumable upload (the provider takes a file in one request)",
        );
    }
    let Some(emulator) = emulator(&f) else { return };
    let bytes = pseudo_random(30 * 1024 * 1024, 4);
    fault(
        &f,
        f.paths.upload_chunk,
        Fault::CutRequest {
            after_bytes: 1024 * 1024,
        },
        1,
    );
    let before = emulator.faults.bytes_received();
    let stored = f
        .drive
        .write(
            &f.folder,
            upload("resumed.bin", bytes.clone(), ConflictPolicy::Fail),
        )
        .await
        .unwrap();
    let sent = emulator.faults.bytes_received() - before;
    assert_eq!(stored.size, Some(bytes.len() as u64));
    assert_eq!(emulator.faults.injected().len(), 1, "the cut happened once");
    let resent = sent - bytes.len() as u64;
    assert!(
        resent < f.chunk,
        "{resent} bytes were sent again; less than one chunk ({}) may be",
        f.chunk
    );
    assert!(resent > 0, "the cut chunk was sent again");
    let back = collect(f.drive.read(&stored.id, None).await.unwrap())
        .await
        .unwrap();
    assert_eq!(
        digest(HashKind::Sha1, &back),
        digest(HashKind::Sha1, &bytes)
    );
}

pub async fn refreshes_expired_tokens(f: Fixture) {
    if !f.refreshes && f.emulator.is_some() {
        return skip(
            &f,
            "signs in with a ticket from a user name and password, not an expiring OAuth token",
        );
    }
    let Some(emulator) = emulator(&f) else { return };
    let admin = format!(
        "http://{}/__admin/{}/expire-tokens",
        emulator.info.addr, f.provider
    );
    reqwest::Client::new().post(admin).send().await.unwrap();
    let items = list_all(&*f.drive, &f.folder, ListOptions::default()).await;
    assert_eq!(items.len(), 6, "the listing went through after a refresh");
    let saved = f.saved_tokens.0.lock().unwrap();
    assert_eq!(saved.len(), 1, "the refreshed tokens were saved before use");
}

pub async fn reports_a_full_drive(f: Fixture) {
    let Some(emulator) = emulator(&f) else { return };
    let admin = format!("http://{}/__admin/{}/quota", emulator.info.addr, f.provider);
    reqwest::Client::new()
        .post(admin)
        .json(&serde_json::json!({"bytes": 1000}))
        .send()
        .await
        .unwrap();
    let err = f
        .drive
        .write(
            &f.folder,
            upload("big.bin", vec![0; 50_000], ConflictPolicy::Fail),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::QuotaExceeded);
    assert!(err.message().contains("full"), "{}", err.message());
}

pub async fn catches_corrupted_bytes(f: Fixture) {
    let Some(emulator) = emulator(&f) else { return };
    let bytes = pseudo_random(1024 * 1024, 12);
    let stored = f
        .drive
        .write(
            &f.folder,
            upload("sound.bin", bytes.clone(), ConflictPolicy::Fail),
        )
        .await
        .unwrap();
    // What the picker holds: the listing's item, with the provider's hash.
    let item = f.drive.stat(&stored.id).await.unwrap();
    match &item.hash {
        None => skip(
            &f,
            "the drive reports no content hash (Alfresco): only the size is checked",
        ),
        Some(hash) => {
            assert_eq!(
                (hash.algorithm, hash.value.as_str()),
                (hash.algorithm, digest(hash.algorithm, &bytes).as_str()),
                "the listed hash is the provider's hash of the bytes"
            );
            fault(
                &f,
                f.paths.download,
                Fault::CorruptResponse { at_byte: 500_000 },
                1,
            );
            let err = collect(f.drive.read_verified(&item).await.unwrap())
                .await
                .unwrap_err();
            assert!(err.message().contains("mismatch"), "{}", err.message());
            let clean = collect(f.drive.read_verified(&item).await.unwrap())
                .await
                .unwrap();
            assert_eq!(clean, bytes);
        }
    }
    if item.hash.is_none() {
        return skip(
            &f,
            "a flipped byte on the way up keeps the size, and the drive has no hash to compare",
        );
    }
    let (method, path) = f.paths.small_upload;
    emulator.faults.add(FaultRule {
        path_contains: path.into(),
        method: Some(method.into()),
        fault: Fault::CorruptRequest { at_byte: 600_000 },
        times: 1,
    });
    let sent = f
        .drive
        .write(
            &f.folder,
            upload("garbled.bin", bytes.clone(), ConflictPolicy::Fail),
        )
        .await;
    assert_eq!(emulator.faults.injected().len(), 2, "both faults were met");
    if f.drive.capabilities().verified_upload {
        // The hash went with the bytes: the drive refused the garbled ones
        // (content_hash_mismatch, sha1_mismatch) and the client sent them again.
        let stored = sent.unwrap();
        let item = f.drive.stat(&stored.id).await.unwrap();
        let back = collect(f.drive.read_verified(&item).await.unwrap())
            .await
            .unwrap();
        assert_eq!(back, bytes, "what is stored is what was sent");
    } else {
        // Caught after the upload, by comparing the provider's hash.
        let err = sent.unwrap_err();
        assert!(err.message().contains("mismatch"), "{}", err.message());
    }
}
