//! Videos in the grid: a frame from about 10% in and the length, made by
//! ffmpeg and ffprobe from videos ffmpeg made, on This computer and on the
//! emulator's Dropbox; a cloud video gives only the parts ffmpeg reads.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::thumbnails::ThumbnailKey;
use cloudpick_core::ItemId;
use image::GenericImageView;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

/// A video ffmpeg makes: red for its first half second, then green, for
/// `seconds` in all. A frame from 10% in is green; the first frame is red.
fn video(dir: &Path, name: &str, seconds: u32, size: &str, bitrate: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    let rest = seconds as f64 - 0.5;
    let codec: &[&str] = if name.ends_with(".webm") {
        &["-c:v", "libvpx", "-deadline", "realtime"]
    } else {
        // A keyframe a second, as cameras and phones write them.
        &[
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "25",
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
        ]
    };
    let status = Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("color=c=red:s={size}:r=25:d=0.5"))
        .args(["-f", "lavfi", "-i"])
        // Green with moving grain, so that a high bitrate is spent.
        .arg(format!(
            "color=c=green:s={size}:r=25:d={rest},noise=alls=30:allf=t+u"
        ))
        .args([
            "-filter_complex",
            "[0:v][1:v]concat=n=2:v=1:a=0",
            "-b:v",
            bitrate,
        ])
        .args(codec)
        .arg(&out)
        .status()
        .expect("ffmpeg makes the test's videos: run scripts/setup.sh test");
    assert!(status.success(), "ffmpeg made {name}");
    out
}

fn key<'a>(source: &'a str, id: &'a ItemId) -> ThumbnailKey<'a> {
    ThumbnailKey {
        source,
        id,
        version: "v1",
        side: 256,
        page: 1,
    }
}

/// Whether the picture's middle is green on average (the 10% frame), not red.
fn green_middle(png: &[u8]) -> bool {
    let picture = image::load_from_memory(png).unwrap().to_rgb8();
    let (w, h) = picture.dimensions();
    let (mut r, mut g) = (0u32, 0u32);
    for y in h / 2 - 8..h / 2 + 8 {
        for x in w / 2 - 8..w / 2 + 8 {
            let p = picture.get_pixel(x, y).0;
            (r, g) = (r + u32::from(p[0]), g + u32::from(p[1]));
        }
    }
    let (r, g) = (r / 256, g / 256);
    g > 80 && r < 60
}

#[tokio::test]
async fn a_local_video_shows_a_frame_from_10_percent_in_and_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("Films");
    std::fs::create_dir_all(&files).unwrap();
    video(&files, "holiday.mp4", 10, "320x240", "400k");
    video(&files, "clip.webm", 8, "160x120", "200k");
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let id = ItemId::new("/Films/holiday.mp4");
    let shown = app.thumbnail(key("local", &id)).await.unwrap();
    let picture = image::load_from_memory(&shown.bytes).unwrap();
    assert_eq!(picture.dimensions(), (256, 192));
    assert!(
        green_middle(&shown.bytes),
        "the frame from 1 s, not the first"
    );
    let info = app.media_info("local", &id).await.unwrap();
    assert!((info.duration.unwrap() - 10.0).abs() < 0.2, "{info:?}");
    assert_eq!((info.width, info.height), (Some(320), Some(240)));

    let webm = ItemId::new("/Films/clip.webm");
    let shown = app.thumbnail(key("local", &webm)).await.unwrap();
    assert_eq!(
        image::load_from_memory(&shown.bytes).unwrap().dimensions(),
        (256, 192)
    );
    assert!(green_middle(&shown.bytes));
    let info = app.media_info("local", &webm).await.unwrap();
    assert!((info.duration.unwrap() - 8.0).abs() < 0.2, "{info:?}");
}

#[tokio::test]
async fn a_cloud_video_gives_ffmpeg_only_the_parts_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    // 20 s at 8 Mbit/s: about 20 MB, its index first.
    let path = video(dir.path(), "long.mp4", 20, "1280x720", "8M");
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 10 << 20, "{size} bytes");
    let emulator = cloudpick_tests::emulator(true).await;
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let upload = cloudpick_core::Upload {
        name: "long.mp4".into(),
        size: Some(size),
        body: cloudpick_tests::body(std::fs::read(&path).unwrap(), 1 << 20),
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let item = dropbox.write(&dropbox.root(), upload).await.unwrap();
    let counted = Arc::new(cloudpick_tests::instrumented::InstrumentedDrive::over(
        dropbox,
        std::time::Duration::ZERO,
    ));
    let read = counted.bytes_read.clone();
    let (png, info) = cloudpick_core::media::frame(counted.clone(), &item, 256)
        .await
        .unwrap();
    assert!(green_middle(&png));
    assert_eq!(
        image::load_from_memory(&png).unwrap().dimensions(),
        (256, 144)
    );
    assert!((info.duration.unwrap() - 20.0).abs() < 0.2, "{info:?}");
    let read = read.load(std::sync::atomic::Ordering::SeqCst);
    // The index, and the frames from the keyframe before 2 s to it.
    assert!(
        read < size / 8,
        "ffmpeg took {read} of {size} bytes for one frame and the length"
    );
}

/// A cloud video's length is probed once per version of the file, not at
/// every start: the second start (a new app on the same folders) answers
/// from the cache without reading a byte, and a video whose frame the grid
/// drew has its length from that same run of ffmpeg.
#[tokio::test]
async fn a_cloud_video_is_probed_once_across_starts() {
    use std::sync::atomic::Ordering;
    let dir = tempfile::tempdir().unwrap();
    let emulator = cloudpick_tests::emulator(true).await;
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let mut items = Vec::new();
    for name in ["probed.mp4", "drawn.mp4"] {
        let path = video(dir.path(), name, 3, "320x240", "500k");
        let bytes = std::fs::read(&path).unwrap();
        let upload = cloudpick_core::Upload {
            name: name.into(),
            size: Some(bytes.len() as u64),
            body: cloudpick_tests::body(bytes, 1 << 16),
            on_conflict: cloudpick_core::ConflictPolicy::Fail,
        };
        items.push(dropbox.write(&dropbox.root(), upload).await.unwrap());
    }
    let counted = Arc::new(cloudpick_tests::instrumented::InstrumentedDrive::over(
        dropbox.clone(),
        std::time::Duration::ZERO,
    ));
    let read = counted.bytes_read.clone();
    let paths = cloudpick_tests::app_paths(&dir.path().join("app"));
    let start = || async {
        let app = Cloudpick::open(paths.clone()).unwrap();
        let source = app.connect(counted.clone(), dropbox.account().await.unwrap(), "Test");
        (app, source)
    };

    let (app, source) = start().await;
    let first = app.media_info(&source, &items[0].id).await.unwrap();
    assert!((first.duration.unwrap() - 3.0).abs() < 0.2, "{first:?}");
    assert_eq!((first.width, first.height), (Some(320), Some(240)));
    assert!(read.load(Ordering::SeqCst) > 0, "ffprobe read the video");
    let key = ThumbnailKey {
        source: &source,
        id: &items[1].id,
        version: "v1",
        side: 128,
        page: 0,
    };
    app.thumbnail(key).await.unwrap();
    drop(app);

    let before = read.load(Ordering::SeqCst);
    let (app, source) = start().await;
    assert_eq!(app.media_info(&source, &items[0].id).await.unwrap(), first);
    let drawn = app.media_info(&source, &items[1].id).await.unwrap();
    assert!((drawn.duration.unwrap() - 3.0).abs() < 0.2, "{drawn:?}");
    assert_eq!(
        read.load(Ordering::SeqCst),
        before,
        "both lengths came from the cache"
    );
}

#[tokio::test]
async fn quick_look_says_what_each_file_shows_and_streams_a_cloud_video_by_ranges() {
    use cloudpick_core::preview::{PreviewKind, MAX_TEXT};
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("Files");
    std::fs::create_dir_all(&files).unwrap();
    let long: String = "<p>line</p>\n".repeat(30_000);
    std::fs::write(files.join("page.html"), &long).unwrap();
    std::fs::write(files.join("notes.txt"), "short ünïcode").unwrap();
    std::fs::write(files.join("blob.txt"), b"text\0binary").unwrap();
    std::fs::write(files.join("photo.heic"), b"not read for its kind").unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let look = |name: &str| {
        let id = ItemId::new(format!("/Files/{name}"));
        let app = &app;
        async move { app.preview("local", &id).await.unwrap() }
    };
    let html = look("page.html").await;
    assert_eq!(html.kind, PreviewKind::Text);
    assert!(html.truncated);
    assert_eq!(html.text.as_deref(), Some(&long[..MAX_TEXT as usize]));
    let notes = look("notes.txt").await;
    assert_eq!(
        (notes.text.as_deref(), notes.truncated),
        (Some("short ünïcode"), false)
    );
    assert_eq!(
        look("blob.txt").await.kind,
        PreviewKind::None,
        "a NUL byte: not text"
    );
    assert_eq!(look("photo.heic").await.kind, PreviewKind::Image);

    // A video on the emulator's Dropbox, played from a loopback stream that
    // answers the player's byte ranges.
    let path = video(dir.path(), "long.mp4", 20, "1280x720", "8M");
    let bytes = std::fs::read(&path).unwrap();
    let emulator = cloudpick_tests::emulator(true).await;
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let source = app.connect(dropbox.clone(), dropbox.account().await.unwrap(), "Test");
    let upload = cloudpick_core::Upload {
        name: "long.mp4".into(),
        size: Some(bytes.len() as u64),
        body: cloudpick_tests::body(bytes.clone(), 1 << 20),
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let item = dropbox.write(&dropbox.root(), upload).await.unwrap();
    assert_eq!(
        app.preview(&source, &item.id).await.unwrap().kind,
        PreviewKind::Video
    );
    let url = app.media_stream(&source, &item.id).await.unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let http = reqwest::Client::new();
    let get = |range: Option<&'static str>| {
        let mut request = http.get(&url);
        if let Some(range) = range {
            request = request.header("Range", range);
        }
        request.send()
    };
    let middle = get(Some("bytes=10000000-10000999")).await.unwrap();
    assert_eq!(middle.status(), 206);
    assert_eq!(
        middle.headers()["content-range"],
        format!("bytes 10000000-10000999/{}", bytes.len()).as_str()
    );
    assert_eq!(middle.headers()["content-type"], "video/mp4");
    assert_eq!(middle.bytes().await.unwrap(), bytes[10_000_000..10_001_000]);
    let tail = get(Some("bytes=-10")).await.unwrap();
    assert_eq!(tail.bytes().await.unwrap(), bytes[bytes.len() - 10..]);
    let whole = get(None).await.unwrap();
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.bytes().await.unwrap(), bytes);
    // Another path on that port gives nothing.
    let other = http.get(format!("{url}x")).send().await.unwrap();
    assert_eq!(other.status(), 404);
    // Closed with Quick Look: nothing answers there any more.
    app.stop_media_stream();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while get(None).await.is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "the stream still answers"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Not a video or a sound: no stream.
    let text = ItemId::new("/Files/notes.txt");
    assert!(app.media_stream("local", &text).await.is_err());
}

/// A 2 GB video on a drive (28 s of uncompressed 1080p in Matroska, made by
/// ffmpeg): its frame and length, and Quick Look's stream of its start and of
/// a point near its end, take a few megabytes of it, never the whole file.
#[tokio::test]
async fn a_2_gb_cloud_video_shows_a_frame_and_plays_without_a_full_download() {
    use std::io::{Read, Seek, SeekFrom};
    use std::sync::atomic::Ordering;
    let seed = tempfile::tempdir().unwrap();
    let path = seed.path().join("Rehearsal.mkv");
    let made = Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-f", "lavfi", "-i"])
        .arg("testsrc2=s=1920x1080:r=25:d=28")
        .args(["-c:v", "rawvideo", "-pix_fmt", "yuv420p"])
        .arg(&path)
        .status()
        .expect("ffmpeg makes the test's videos: run scripts/setup.sh test");
    assert!(made.success());
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 2_000_000_000, "{size} bytes");
    // The emulator's drives start with the folder (a hard link, not a copy).
    let emulator = cloudpick_emulator::start(
        cloudpick_emulator::Config {
            seed: Some(seed.path().to_path_buf()),
            auto_approve: true,
            ..cloudpick_emulator::Config::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let counted = Arc::new(cloudpick_tests::instrumented::InstrumentedDrive::over(
        dropbox.clone(),
        std::time::Duration::ZERO,
    ));
    let read = counted.bytes_read.clone();
    let items = cloudpick_tests::list_all(&*dropbox, &dropbox.root(), Default::default()).await;
    let item = items.iter().find(|i| i.name == "Rehearsal.mkv").unwrap();

    let (png, info) = cloudpick_core::media::frame(counted.clone(), item, 256)
        .await
        .unwrap();
    assert_eq!(
        image::load_from_memory(&png).unwrap().dimensions(),
        (256, 144)
    );
    assert!((info.duration.unwrap() - 28.0).abs() < 0.1, "{info:?}");
    let for_frame = read.load(Ordering::SeqCst);
    assert!(
        for_frame < 32 << 20,
        "ffmpeg took {for_frame} of {size} bytes for a frame and the length"
    );

    // Quick Look's player: the start, then a seek near the end.
    let dir = tempfile::tempdir().unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let source = app.connect(counted.clone(), dropbox.account().await.unwrap(), "Test");
    let url = app.media_stream(&source, &item.id).await.unwrap();
    let http = reqwest::Client::new();
    let mut start = http
        .get(&url)
        .header("Range", "bytes=0-")
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 206);
    assert_eq!(
        start.headers()["content-range"],
        format!("bytes 0-{}/{size}", size - 1).as_str()
    );
    // A player reads what it needs to start, then asks elsewhere.
    let mut got = 0;
    while got < 4 << 20 {
        got += start.chunk().await.unwrap().unwrap().len();
    }
    drop(start);
    let at = size - 3_000_000;
    let near_end = http
        .get(&url)
        .header("Range", format!("bytes={at}-{}", at + 999_999))
        .send()
        .await
        .unwrap();
    let served = near_end.bytes().await.unwrap();
    let mut file = std::fs::File::open(&path).unwrap();
    file.seek(SeekFrom::Start(at)).unwrap();
    let mut expected = vec![0; 1_000_000];
    file.read_exact(&mut expected).unwrap();
    assert!(served == expected, "the bytes at {at}");
    app.stop_media_stream();
    let all = read.load(Ordering::SeqCst);
    assert!(
        all < 64 << 20,
        "{all} of {size} bytes came from the drive for a frame, the start and a seek"
    );
}
