//! Picks with an edit: the image is converted on the way and stored under
//! its new format's name, with Filestack's `cropped` and `rotated`, the
//! stored bytes' hash, and the original left as it was. Local and cloud,
//! against the emulator; a damaged image fails alone, with the reason.

use cloudpick_core::app::{picking::PickItem, picking::PickRequest, Cloudpick};
use cloudpick_core::drives::hashes::{self, HashKind};
use cloudpick_core::events::{BatchKind, Event};
use cloudpick_core::item::ItemId;
use cloudpick_core::storage::StoreTo;
use cloudpick_core::transform::{OutputFormat, Transform};
use image::GenericImageView;
use std::sync::Arc;

/// A 1200×800 JPEG: the left half red, the right half blue.
fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(1200, 800, |x, _| {
        if x < 600 {
            image::Rgb([220, 30, 30])
        } else {
            image::Rgb([30, 30, 220])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn edit() -> Transform {
    Transform {
        width: Some(400),
        height: Some(400),
        crop_first: true,
        rotate: 90.0,
        format: Some(OutputFormat::Webp),
        ..Transform::default()
    }
}

fn item(source: &str, id: ItemId, transform: Option<Transform>) -> PickItem {
    PickItem {
        source: source.to_owned(),
        id,
        transform,
    }
}

fn request(items: Vec<PickItem>, store_to: Option<StoreTo>) -> PickRequest {
    PickRequest {
        items,
        store_to,
        ..PickRequest::default()
    }
}

#[tokio::test]
async fn an_edited_local_image_is_converted_and_stored_under_its_new_name() {
    let dir = tempfile::tempdir().unwrap();
    let original = photo();
    cloudpick_tests::write_tree(
        &dir.path().join("Files"),
        &[
            ("photo.jpg", &original),
            ("broken.jpg", &original[..original.len() / 3]),
        ],
    );
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let mut events = app.events();
    let result = app
        .pick(
            request(
                vec![
                    item("local", ItemId::new("/Files/photo.jpg"), Some(edit())),
                    item("local", ItemId::new("/Files/broken.jpg"), Some(edit())),
                ],
                None,
            ),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    assert_eq!(result.files_uploaded.len(), 1, "{result:?}");
    let stored = &result.files_uploaded[0];
    assert_eq!(stored.filename, "photo.webp");
    assert_eq!(stored.mimetype, "image/webp");
    let path = url::Url::parse(&stored.url)
        .unwrap()
        .to_file_path()
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(stored.size, bytes.len() as u64);
    let hash = stored.hash.as_ref().unwrap();
    assert_eq!(hash.value, hashes::digest(HashKind::Sha256, &bytes));
    let picture = image::load_from_memory(&bytes).unwrap();
    assert_eq!(picture.dimensions(), (400, 400));
    // The centre square, turned clockwise: red (the left) now on top.
    assert!(
        picture.get_pixel(200, 20).0[0] > 150,
        "{:?}",
        picture.get_pixel(200, 20)
    );
    assert!(
        picture.get_pixel(200, 380).0[2] > 150,
        "{:?}",
        picture.get_pixel(200, 380)
    );
    let cropped = stored.cropped.unwrap();
    assert_eq!(cropped.crop_area.position, [200, 0]);
    assert_eq!(cropped.crop_area.size, [800, 800]);
    assert_eq!(cropped.original_image_size, [1200, 800]);
    let rotated = stored.rotated.as_ref().unwrap();
    assert_eq!((rotated.direction.as_str(), rotated.value), ("CW", 90.0));
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(
        json["filesUploaded"][0]["cropped"]["cropArea"]["size"],
        serde_json::json!([800, 800])
    );
    assert_eq!(json["filesUploaded"][0]["rotated"]["direction"], "CW");

    // The damaged one failed alone, with the reason; the originals are untouched.
    assert_eq!(result.files_failed.len(), 1);
    let failed = &result.files_failed[0];
    assert_eq!(failed.filename, "broken.jpg");
    assert!(
        failed.error.contains("could not be converted"),
        "{}",
        failed.error
    );
    assert!(failed.error.contains("truncated"), "{}", failed.error);
    assert_eq!(
        std::fs::read(dir.path().join("Files/photo.jpg")).unwrap(),
        original
    );
    let stored_names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(stored_names, ["photo.webp"]);

    // The conversion event (Filestack's fp.converse), once: the damaged file made none.
    match events.try_recv().unwrap() {
        Event::Converted {
            source,
            original,
            stored: converted,
        } => {
            assert_eq!(
                (source.as_str(), original.as_str()),
                ("local_file_system", "/Files/photo.jpg")
            );
            assert_eq!(&converted, stored);
        }
        other => panic!("expected the conversion first, got {other:?}"),
    }
    // Then the batch's end, for the desktop notification.
    match events.try_recv().unwrap() {
        Event::Finished(batch) => {
            assert_eq!(batch.kind, BatchKind::Upload);
            assert_eq!(batch.done, ["photo.webp"]);
            assert_eq!(batch.converted, 1);
            assert_eq!(batch.failed.len(), 1, "{batch:?}");
            assert_eq!(batch.failed[0].0, "broken.jpg");
            let notice = app.notice(&batch).unwrap();
            assert!(notice.failed);
            assert!(
                notice.title.starts_with("1 of 2 files uploaded to "),
                "{notice:?}"
            );
            assert!(notice.body.contains("broken.jpg: "), "{notice:?}");
        }
        other => panic!("expected the batch's end, got {other:?}"),
    }
    assert!(events.try_recv().is_err(), "one conversion, one batch");
}

#[tokio::test]
async fn an_image_on_dropbox_is_edited_on_its_way_to_onedrive() {
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let onedrive = cloudpick_tests::onedrive_at(&emulator);
    let dropbox_id = app.connect(dropbox.clone(), dropbox.account().await.unwrap(), "Test");
    let onedrive_id = app.connect(onedrive.clone(), onedrive.account().await.unwrap(), "Test");
    let upload = cloudpick_core::Upload {
        name: "photo.jpg".into(),
        size: None,
        body: cloudpick_tests::body(photo(), 64 * 1024),
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let root = dropbox.root();
    let original = dropbox.write(&root, upload).await.unwrap();
    let t = Transform {
        format: None,
        ..edit()
    };
    let result = app
        .pick(
            request(
                vec![item(&dropbox_id, original.id.clone(), Some(t))],
                Some(StoreTo {
                    location: onedrive_id,
                    path: "/Edited".into(),
                }),
            ),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    assert!(result.files_failed.is_empty(), "{result:?}");
    let stored = &result.files_uploaded[0];
    assert_eq!(
        (stored.filename.as_str(), stored.mimetype.as_str()),
        ("photo.jpg", "image/jpeg")
    );
    assert!(
        stored.container.ends_with(":/Edited"),
        "{}",
        stored.container
    );
    let edited = child(&*onedrive, &onedrive.root(), "Edited").await;
    let copy = child(&*onedrive, &edited.id, &stored.filename).await;
    let bytes = cloudpick_tests::read_all(&*onedrive, &copy.id).await;
    assert_eq!(
        image::load_from_memory(&bytes).unwrap().dimensions(),
        (400, 400)
    );
    assert_eq!(stored.hash.as_ref().unwrap().algorithm, HashKind::QuickXor);
    // The original on Dropbox is as it was.
    assert_eq!(
        cloudpick_tests::read_all(&*dropbox, &original.id).await,
        photo()
    );
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
async fn a_stored_copy_is_edited_into_a_new_file_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(&dir.path().join("Files"), &[("photo.jpg", &photo())]);
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let plain = request(
        vec![item("local", ItemId::new("/Files/photo.jpg"), None)],
        None,
    );
    let first = app.pick(plain, Arc::new(|_| {})).await.unwrap();
    let copy_url = first.files_uploaded[0].url.clone();
    let copy = url::Url::parse(&copy_url).unwrap().to_file_path().unwrap();
    let copy_bytes = std::fs::read(&copy).unwrap();
    let picked = app.activity().unwrap()[0].id;

    // The editor's picture is the copy, as This computer shows it.
    let shown = app.stored_item(picked, 0).await.unwrap();
    assert_eq!(shown.source, "local");
    assert_eq!(shown.item.id.as_str(), "/data/picked/photo.jpg");

    let mut events = app.events();
    let edited = app.edit_stored(picked, 0, edit()).await.unwrap();
    assert!(edited.files_failed.is_empty(), "{edited:?}");
    let stored = &edited.files_uploaded[0];
    assert_eq!(stored.filename, "photo.webp");
    assert!(matches!(events.try_recv(), Ok(Event::Converted { stored: s, .. }) if &s == stored));
    match events.try_recv() {
        Ok(Event::Finished(batch)) => assert_eq!(
            app.notice(&batch).unwrap().title,
            "photo.webp converted and saved to ~/data/picked"
        ),
        other => panic!("expected the edit's end, got {other:?}"),
    }
    let new = url::Url::parse(&stored.url)
        .unwrap()
        .to_file_path()
        .unwrap();
    assert_eq!(new.parent(), copy.parent(), "beside the copy");
    assert_eq!(
        image::load_from_memory(&std::fs::read(&new).unwrap())
            .unwrap()
            .dimensions(),
        (400, 400)
    );
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        copy_bytes,
        "the copy stays as it was"
    );
    let activity = app.activity().unwrap();
    assert_eq!(activity.len(), 2, "the edit is a pick of its own");
    assert_eq!(
        activity[0].files[0].item_id.as_str(),
        "/data/picked/photo.jpg"
    );

    // Edited again: a free name, nothing overwritten.
    let again = app.edit_stored(picked, 0, edit()).await.unwrap();
    assert_eq!(again.files_uploaded[0].filename, "photo (1).webp");
}

#[tokio::test]
async fn a_copy_stored_on_a_drive_is_edited_in_its_folder_there() {
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    cloudpick_tests::write_tree(&dir.path().join("Files"), &[("photo.jpg", &photo())]);
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let dropbox_id = app.connect(dropbox.clone(), dropbox.account().await.unwrap(), "Test");
    let to = StoreTo {
        location: dropbox_id.clone(),
        path: "/Uploads/2026".into(),
    };
    let plain = request(
        vec![item("local", ItemId::new("/Files/photo.jpg"), None)],
        Some(to),
    );
    app.pick(plain, Arc::new(|_| {})).await.unwrap();
    let picked = app.activity().unwrap()[0].id;
    assert_eq!(app.stored_item(picked, 0).await.unwrap().source, dropbox_id);
    let edited = app.edit_stored(picked, 0, edit()).await.unwrap();
    assert!(edited.files_failed.is_empty(), "{edited:?}");
    let uploads = child(&*dropbox, &dropbox.root(), "Uploads").await;
    let year = child(&*dropbox, &uploads.id, "2026").await;
    let new = child(&*dropbox, &year.id, "photo.webp").await;
    let bytes = cloudpick_tests::read_all(&*dropbox, &new.id).await;
    assert_eq!(
        image::load_from_memory(&bytes).unwrap().dimensions(),
        (400, 400)
    );
    child(&*dropbox, &year.id, "photo.jpg").await;
}

/// Settings' image rules (Filestack's imageMax, imageMin, imageDim) resize
/// picked images from any drive on their way to storage, and say so.
#[tokio::test]
async fn image_rules_resize_picked_images_from_every_drive() {
    use cloudpick_core::restrictions::{Dimensions, Restrictions};
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    let small = {
        let img = image::RgbImage::from_pixel(100, 50, image::Rgb([10, 200, 10]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    cloudpick_tests::write_tree(
        &dir.path().join("Files"),
        &[("small.png", &small), ("notes.txt", b"not an image")],
    );
    let rules = Restrictions {
        image_max: Some(Dimensions {
            width: 600,
            height: 600,
        }),
        image_min: Some(Dimensions {
            width: 200,
            height: 200,
        }),
        ..Restrictions::default()
    };
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path()))
        .unwrap()
        .with_restrictions(rules.checked().unwrap());
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let dropbox_id = app.connect(dropbox.clone(), dropbox.account().await.unwrap(), "Test");
    let upload = cloudpick_core::Upload {
        name: "photo.jpg".into(),
        size: None,
        body: cloudpick_tests::body(photo(), 64 * 1024),
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let original = dropbox.write(&dropbox.root(), upload).await.unwrap();
    let result = app
        .pick(
            request(
                vec![
                    item(&dropbox_id, original.id.clone(), None),
                    item("local", ItemId::new("/Files/small.png"), None),
                    item("local", ItemId::new("/Files/notes.txt"), None),
                ],
                None,
            ),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    assert!(result.files_failed.is_empty(), "{result:?}");
    let stored_size = |i: usize| {
        let path = url::Url::parse(&result.files_uploaded[i].url)
            .unwrap()
            .to_file_path()
            .unwrap();
        image::open(path).unwrap().dimensions()
    };
    // 1200×800 is larger than 600×600: it fits inside, keeping its shape.
    let big = result.files_uploaded[0].resized.as_ref().unwrap();
    assert_eq!(
        (big.rule.as_str(), big.original_image_size, big.size),
        ("image_max", [1200, 800], [600, 400])
    );
    assert_eq!(stored_size(0), (600, 400));
    // 100×50 is smaller than 200×200: it grows to cover it.
    let grown = result.files_uploaded[1].resized.as_ref().unwrap();
    assert_eq!((grown.rule.as_str(), grown.size), ("image_min", [400, 200]));
    assert_eq!(stored_size(1), (400, 200));
    // Not an image: stored as it is, and the entry says nothing was resized.
    assert!(result.files_uploaded[2].resized.is_none());
    assert_eq!(result.files_uploaded[2].filename, "notes.txt");
    // The originals are untouched.
    assert_eq!(
        cloudpick_tests::read_all(&*dropbox, &original.id).await,
        photo()
    );

    // imageDim: exactly that size, cropped to fill from the centre.
    let exact = Restrictions {
        image_dim: Some(Dimensions {
            width: 300,
            height: 300,
        }),
        ..Restrictions::default()
    };
    let app = app.with_restrictions(exact.checked().unwrap());
    let result = app
        .pick(
            request(vec![item(&dropbox_id, original.id.clone(), None)], None),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    let path = url::Url::parse(&result.files_uploaded[0].url)
        .unwrap()
        .to_file_path()
        .unwrap();
    let picture = image::open(path).unwrap();
    assert_eq!(picture.dimensions(), (300, 300));
    // The centre of a red | blue photo: red on the left, blue on the right.
    assert!(picture.get_pixel(20, 150).0[0] > 150);
    assert!(picture.get_pixel(280, 150).0[2] > 150);
    assert_eq!(
        result.files_uploaded[0].resized.as_ref().unwrap().rule,
        "image_dim"
    );
}

#[tokio::test]
async fn a_heic_picked_with_an_edit_is_stored_as_a_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    let png = {
        let img = image::RgbImage::from_fn(1200, 800, |x, _| {
            if x < 600 {
                image::Rgb([220, 30, 30])
            } else {
                image::Rgb([30, 30, 220])
            }
        });
        cloudpick_tests::images::png(&img)
    };
    let heic =
        cloudpick_tests::images::heif_enc(&png, cloudpick_tests::images::Codec::Hevc, None, None);
    cloudpick_tests::write_tree(&dir.path().join("Files"), &[("IMG_0042.HEIC", &heic)]);
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let resize = Transform {
        width: Some(300),
        ..Transform::default()
    };
    let result = app
        .pick(
            request(
                vec![item(
                    "local",
                    ItemId::new("/Files/IMG_0042.HEIC"),
                    Some(resize),
                )],
                None,
            ),
            Arc::new(|_| {}),
        )
        .await
        .unwrap();
    let stored = &result.files_uploaded[0];
    assert_eq!(
        (stored.filename.as_str(), stored.mimetype.as_str()),
        ("IMG_0042.jpg", "image/jpeg")
    );
    let path = url::Url::parse(&stored.url)
        .unwrap()
        .to_file_path()
        .unwrap();
    let picture = image::load_from_memory(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(picture.dimensions(), (300, 200));
    assert!(picture.get_pixel(40, 100).0[0] > 150 && picture.get_pixel(260, 100).0[2] > 150);
}
