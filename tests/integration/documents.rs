//! Office documents and PDFs through `convert`, with LibreOffice and
//! poppler (programs Cloudpick did not write): documents the test makes
//! itself with LibreOffice from flat ODF, an RTF written by hand, a damaged
//! one and a cut one. Page counts and text are read back with poppler's
//! `pdfinfo` and `pdftotext`, and a page's picture is looked at.

use cloudpick_core::app::export::OnConflict;
use cloudpick_core::app::Cloudpick;
use cloudpick_core::transform::Transform;
use cloudpick_core::ErrorKind;
use image::GenericImageView;
use std::path::{Path, PathBuf};
use std::process::Command;

const FODT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:style style:name="Big" style:family="paragraph"><style:text-properties fo:font-size="40pt" fo:font-weight="bold"/></style:style>
  <style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:p text:style-name="Big">Quarterly report</text:p>
  <text:p>Made by the Cloudpick tests</text:p>
  <text:p text:style-name="Break">Second page of the report</text:p>
 </office:text></office:body>
</office:document>"#;

const FODS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:body><office:spreadsheet><table:table table:name="Sales">
  <table:table-row><table:table-cell office:value-type="string"><text:p>Region</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Total</text:p></table:table-cell></table:table-row>
  <table:table-row><table:table-cell office:value-type="string"><text:p>North</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1234"><text:p>1234</text:p></table:table-cell></table:table-row>
 </table:table></office:spreadsheet></office:body>
</office:document>"#;

fn tool(name: &str) {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false);
    assert!(found, "{name} is missing: run scripts/setup.sh test");
}

/// `flat` converted by LibreOffice itself to `ext`, in `dir`. The fixture is
/// LibreOffice's own output, made before the behaviour under test: a start
/// of LibreOffice that aborts (it sometimes throws
/// `WrappedTargetRuntimeException` while starting on a loaded machine) is
/// tried once more, with a fresh profile.
fn made_by_libreoffice(dir: &Path, flat_name: &str, flat: &str, ext: &str) -> PathBuf {
    tool("soffice");
    let source = dir.join(flat_name);
    std::fs::write(&source, flat).unwrap();
    let made = source.with_extension(ext);
    let mut said = String::new();
    for attempt in 0..2 {
        let status = Command::new("soffice")
            .arg("--headless")
            .arg(format!(
                "-env:UserInstallation=file://{}/lo-profile-{attempt}",
                dir.display()
            ))
            .args(["--convert-to", ext, "--outdir"])
            .arg(dir)
            .arg(&source)
            .output()
            .unwrap();
        if status.status.success() && made.is_file() {
            return made;
        }
        said.push_str(&String::from_utf8_lossy(&status.stderr));
    }
    panic!("LibreOffice did not make {}: {said}", made.display());
}

fn pdf_pages(pdf: &Path) -> u32 {
    tool("pdfinfo");
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// How many rows of `page` have ink (a pixel darker than `level`).
fn inked_rows(page: &image::DynamicImage, level: u8) -> usize {
    let gray = page.to_luma8();
    (0..gray.height())
        .filter(|&y| (0..gray.width()).any(|x| gray.get_pixel(x, y).0[0] < level))
        .count()
}

async fn convert(
    app: &Cloudpick,
    input: &Path,
    t: Transform,
    page: Option<u32>,
    output: &Path,
) -> cloudpick_core::Result<cloudpick_core::pick::PickResult> {
    app.convert_to(
        &input.display().to_string(),
        &t,
        page,
        &output.display().to_string(),
        OnConflict::Ask,
    )
    .await
}

#[tokio::test]
async fn office_documents_become_pdfs_with_their_pages_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let docx = made_by_libreoffice(dir.path(), "report.fodt", FODT, "docx");
    let xlsx = made_by_libreoffice(dir.path(), "sales.fods", FODS, "xlsx");
    let rtf = dir.path().join("note.rtf");
    std::fs::write(
        &rtf,
        r"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} \f0 A note in rich text\par}",
    )
    .unwrap();

    let pdf = dir.path().join("out/report.pdf");
    std::fs::create_dir_all(pdf.parent().unwrap()).unwrap();
    let result = convert(&app, &docx, Transform::default(), None, &pdf)
        .await
        .unwrap();
    let stored = &result.files_uploaded[0];
    assert_eq!(
        (stored.filename.as_str(), stored.mimetype.as_str()),
        ("report.pdf", "application/pdf")
    );
    assert_eq!(stored.original_path, docx.display().to_string());
    assert_eq!(pdf_pages(&pdf), 2);
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Quarterly report") && text.contains("Second page of the report"),
        "{text}"
    );

    // A folder as the output: the document's name, as a PDF.
    let out = dir.path().join("out");
    convert(
        &app,
        &xlsx,
        Transform::default(),
        None,
        &PathBuf::from(format!("{}/", out.display())),
    )
    .await
    .unwrap();
    let sheet = pdf_text(&out.join("sales.pdf"));
    assert!(sheet.contains("North") && sheet.contains("1234"), "{sheet}");
    convert(
        &app,
        &rtf,
        Transform::default(),
        None,
        &out.join("note.pdf"),
    )
    .await
    .unwrap();
    assert!(pdf_text(&out.join("note.pdf")).contains("A note in rich text"));
}

#[tokio::test]
async fn a_page_becomes_a_picture_sized_as_images_are() {
    let dir = tempfile::tempdir().unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let docx = made_by_libreoffice(dir.path(), "report.fodt", FODT, "docx");
    let first = dir.path().join("first.png");
    let t = Transform {
        width: Some(300),
        ..Transform::default()
    };
    convert(&app, &docx, t, Some(1), &first).await.unwrap();
    let page = image::open(&first).unwrap();
    let (w, h) = page.dimensions();
    assert_eq!(w, 300);
    assert!(
        (1.35..1.45).contains(&(f64::from(h) / f64::from(w))),
        "an A4 or letter page: {w}×{h}"
    );
    // Mostly white paper, with the big heading's dark ink near the top.
    let gray = page.to_luma8();
    let dark = |y0: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| gray.get_pixel(x, y).0[0] < 100)
            .count()
    };
    let total_dark = dark(0, h);
    assert!(total_dark > 50, "there is text: {total_dark} dark pixels");
    assert!(
        total_dark < (w * h / 10) as usize,
        "the page is mostly paper"
    );
    assert!(dark(0, h / 4) > dark(h / 2, h), "the heading is at the top");

    // The PDF's second page as a WebP square, cut from the centre.
    let pdf = dir.path().join("report.pdf");
    convert(&app, &docx, Transform::default(), None, &pdf)
        .await
        .unwrap();
    let square = dir.path().join("second.webp");
    let t = Transform {
        width: Some(200),
        height: Some(200),
        fit: cloudpick_core::transform::Fit::Crop,
        ..Transform::default()
    };
    let result = convert(&app, &pdf, t, Some(2), &square).await.unwrap();
    assert_eq!(result.files_uploaded[0].mimetype, "image/webp");
    assert_eq!(image::open(&square).unwrap().dimensions(), (200, 200));
    // A page that is not there is named.
    let err = convert(
        &app,
        &pdf,
        Transform::default(),
        Some(3),
        &dir.path().join("x.png"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.message(),
        "report.pdf has 2 pages: choose a page from 1 to 2"
    );
}

#[tokio::test]
async fn a_damaged_document_fails_with_the_reason_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let docx = made_by_libreoffice(dir.path(), "report.fodt", FODT, "docx");
    let bytes = std::fs::read(&docx).unwrap();
    let cut = dir.path().join("cut.docx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let noise = dir.path().join("noise.docx");
    std::fs::write(&noise, cloudpick_tests::pseudo_random(4000, 3)).unwrap();
    let out = dir.path().join("out.pdf");
    let err = convert(&app, &noise, Transform::default(), None, &out)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        err.message()
            .contains("noise.docx is not a document of its kind"),
        "{}",
        err.message()
    );
    let err = convert(&app, &cut, Transform::default(), None, &out)
        .await
        .unwrap_err();
    assert!(
        err.message()
            .contains("cut.docx could not be converted to PDF"),
        "{}",
        err.message()
    );
    assert!(!out.exists(), "nothing was written");
    let fake = dir.path().join("fake.pdf");
    std::fs::write(&fake, b"%PDF-1.7 and then nothing a PDF has").unwrap();
    let png = dir.path().join("page.png");
    let err = convert(&app, &fake, Transform::default(), None, &png)
        .await
        .unwrap_err();
    assert_eq!(
        err.message(),
        "fake.pdf is not a PDF that can be read: it may be damaged"
    );
    assert!(!png.exists(), "nothing was written");
}

/// "Convert documents to PDF" on a pick: a document on Dropbox is stored
/// as a PDF, the other files as they are, and webhooks get `fp.converse`.
#[tokio::test]
async fn a_pick_stores_documents_as_pdfs_when_asked() {
    use cloudpick_core::app::picking::{PickItem, PickRequest};
    use cloudpick_tests::receiver::{Answer, Receiver};
    use std::sync::Arc;
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    let docx = made_by_libreoffice(dir.path(), "report.fodt", FODT, "docx");
    let app = Arc::new(Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap());
    let receiver = Receiver::start(Answer::Status(200)).await;
    let mut view = app.settings_view();
    view.webhooks = vec![cloudpick_core::webhooks::Webhook {
        url: receiver.url.clone(),
        events: vec!["all".into()],
    }];
    app.update_settings(&view).unwrap();
    let worker = {
        let app = app.clone();
        tokio::spawn(async move { app.deliver_webhooks().await })
    };
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let dropbox_id = app.connect(dropbox.clone(), dropbox.account().await.unwrap(), "Test");
    let mut ids = Vec::new();
    for (name, bytes) in [
        ("report.docx", std::fs::read(&docx).unwrap()),
        ("notes.txt", b"plain".to_vec()),
    ] {
        let upload = cloudpick_core::Upload {
            name: name.into(),
            size: None,
            body: cloudpick_tests::body(bytes, 64 * 1024),
            on_conflict: cloudpick_core::ConflictPolicy::Fail,
        };
        ids.push(dropbox.write(&dropbox.root(), upload).await.unwrap().id);
    }
    let request = PickRequest {
        items: ids
            .into_iter()
            .map(|id| PickItem {
                source: dropbox_id.clone(),
                id,
                transform: None,
            })
            .collect(),
        documents_to_pdf: Some(true),
        ..PickRequest::from("local", [])
    };
    let result = app.pick(request, Arc::new(|_| {})).await.unwrap();
    assert!(result.files_failed.is_empty(), "{:?}", result.files_failed);
    let pdf = &result.files_uploaded[0];
    assert_eq!(
        (pdf.filename.as_str(), pdf.mimetype.as_str()),
        ("report.pdf", "application/pdf")
    );
    let path = url::Url::parse(&pdf.url).unwrap().to_file_path().unwrap();
    assert_eq!(pdf_pages(&path), 2);
    assert!(pdf_text(&path).contains("Second page of the report"));
    assert_eq!(
        result.files_uploaded[1].filename, "notes.txt",
        "not a document: as it is"
    );

    let got = receiver
        .wait_for(3, std::time::Duration::from_secs(20))
        .await;
    let converse: Vec<serde_json::Value> = got
        .iter()
        .map(|r| r.json())
        .filter(|b| b["action"] == "fp.converse")
        .collect();
    assert_eq!(converse.len(), 1, "one conversion");
    assert_eq!(converse[0]["text"]["link"]["filename"], "report.pdf");
    assert_eq!(converse[0]["text"]["link"]["provider"], "internal");
    worker.abort();
}

/// A PDF in the editor: its pages are shown (poppler draws them as
/// thumbnails), its size is its first page's at 150 dpi, and an edit picks
/// a page and makes a picture of it on the way to storage.
#[tokio::test]
async fn a_pdf_is_edited_into_a_picture_of_a_chosen_page() {
    use cloudpick_core::app::picking::{PickItem, PickRequest};
    use cloudpick_core::thumbnails::ThumbnailKey;
    use cloudpick_core::transform::OutputFormat;
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("Files");
    std::fs::create_dir_all(&files).unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let docx = made_by_libreoffice(dir.path(), "report.fodt", FODT, "docx");
    convert(
        &app,
        &docx,
        Transform::default(),
        None,
        &files.join("report.pdf"),
    )
    .await
    .unwrap();
    let id = cloudpick_core::ItemId::new("/Files/report.pdf");

    let size = app.image_size("local", &id).await.unwrap().unwrap();
    assert_eq!(
        (size.width, size.height),
        (1241, 1754),
        "A4 at 150 dpi, as pdftoppm draws it"
    );
    for page in [1, 2] {
        let shown = app
            .thumbnail(ThumbnailKey {
                source: "local",
                id: &id,
                version: "v1",
                side: 256,
                page,
            })
            .await
            .unwrap();
        let picture = image::load_from_memory(&shown.bytes).unwrap();
        assert_eq!(picture.dimensions().1, 256, "page {page}: 256 high");
    }

    let request = PickRequest {
        items: vec![PickItem {
            source: "local".into(),
            id,
            transform: Some(Transform {
                page: Some(2),
                width: Some(300),
                format: Some(OutputFormat::Png),
                ..Transform::default()
            }),
        }],
        ..PickRequest::from("local", [])
    };
    let result = app.pick(request, Arc::new(|_| {})).await.unwrap();
    assert!(result.files_failed.is_empty(), "{:?}", result.files_failed);
    let stored = &result.files_uploaded[0];
    assert_eq!(
        (stored.filename.as_str(), stored.mimetype.as_str()),
        ("report.png", "image/png")
    );
    let path = url::Url::parse(&stored.url)
        .unwrap()
        .to_file_path()
        .unwrap();
    let page = image::open(path).unwrap();
    assert_eq!(page.dimensions().0, 300);
    // Page two's one line of text: its ink is near the top, in a thin band.
    let inked_rows = inked_rows(&page, 128);
    assert!(
        inked_rows > 0 && inked_rows < 20,
        "one line of text: {inked_rows} rows with ink"
    );
}

/// An office document in the grid and Quick Look. On a drive that draws no
/// thumbnail of it (Dropbox draws images only), its first page is drawn
/// from the PDF LibreOffice makes, once per version of the file and kept in
/// the cache, and Quick Look turns its two pages. A drive that draws its own
/// (as OneDrive and Box do) has that one shown, and LibreOffice is not run.
#[tokio::test]
async fn an_office_document_shows_its_first_page_made_once_or_the_drive_s_own() {
    use cloudpick_core::preview::PreviewKind;
    use cloudpick_core::thumbnails::ThumbnailKey;
    use std::os::unix::fs::MetadataExt;
    use std::sync::Arc;
    let emulator = cloudpick_tests::emulator(true).await;
    let dir = tempfile::tempdir().unwrap();
    let docx = made_by_libreoffice(dir.path(), "report.fodt", FODT, "docx");
    let app = Cloudpick::open(cloudpick_tests::app_paths(dir.path())).unwrap();
    let dropbox = cloudpick_tests::dropbox_at(&emulator);
    let upload = cloudpick_core::Upload {
        name: "report.docx".into(),
        size: None,
        body: cloudpick_tests::body(std::fs::read(&docx).unwrap(), 64 * 1024),
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let item = dropbox.write(&dropbox.root(), upload).await.unwrap();
    let source = app.connect(dropbox.clone(), dropbox.account().await.unwrap(), "Test");
    let key = |source, page| ThumbnailKey {
        source,
        id: &item.id,
        version: "v1",
        side: 256,
        page,
    };
    let made = |page: &[u8]| image::load_from_memory(page).unwrap();
    let cached_in = |dir: &std::path::Path| -> Vec<(std::path::PathBuf, u64)> {
        std::fs::read_dir(dir.join("cache/documents"))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap())
                    .map(|e| (e.path(), e.metadata().unwrap().ino()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let cached = || cached_in(dir.path());
    assert!(cached().is_empty());

    let first = made(&app.thumbnail(key(&source, 1)).await.unwrap().bytes);
    assert_eq!(first.dimensions().1, 256, "an A4 page, 256 high");
    let pdfs = cached();
    assert_eq!(pdfs.len(), 1, "LibreOffice's PDF is kept: {pdfs:?}");
    assert_eq!(pdf_pages(&pdfs[0].0), 2);

    let preview = app.preview(&source, &item.id).await.unwrap();
    assert_eq!((preview.kind, preview.pages), (PreviewKind::Pdf, Some(2)));
    let second = made(&app.thumbnail(key(&source, 2)).await.unwrap().bytes);
    // Page one has a 40 pt title and a line; page two, one line (small at
    // this size: anti-aliased grey).
    let (ink_1, ink_2) = (inked_rows(&first, 200), inked_rows(&second, 200));
    assert!(
        ink_2 > 0 && ink_1 > 2 * ink_2,
        "rows with ink: {ink_1}, {ink_2}"
    );
    assert_eq!(cached(), pdfs, "made once: the same PDF served both pages");

    // A PDF on a drive: brought over once for Quick Look, however many of
    // its pages are turned (the same account, read through a counter).
    let pdf = std::fs::read(&pdfs[0].0).unwrap();
    let counting = cloudpick_tests::instrumented::InstrumentedDrive::over(
        dropbox.clone(),
        std::time::Duration::ZERO,
    );
    let read = counting.bytes_read.clone();
    let counting: Arc<dyn cloudpick_core::Drive> = Arc::new(counting);
    let upload = cloudpick_core::Upload {
        name: "report.pdf".into(),
        size: Some(pdf.len() as u64),
        body: cloudpick_tests::body(pdf.clone(), 64 * 1024),
        on_conflict: cloudpick_core::ConflictPolicy::Fail,
    };
    let report = counting.write(&counting.root(), upload).await.unwrap();
    let counted = app.connect(counting, dropbox.account().await.unwrap(), "Test");
    let preview = app.preview(&counted, &report.id).await.unwrap();
    assert_eq!((preview.kind, preview.pages), (PreviewKind::Pdf, Some(2)));
    for page in [1, 2, 1] {
        let key = ThumbnailKey {
            source: &counted,
            id: &report.id,
            version: "v1",
            side: 300 + page,
            page,
        };
        made(&app.thumbnail(key).await.unwrap().bytes);
    }
    assert_eq!(
        read.load(std::sync::atomic::Ordering::SeqCst),
        pdf.len() as u64,
        "the PDF came down once"
    );

    // A drive that draws the document itself: its picture, and no LibreOffice
    // (an app of its own, whose cache is empty).
    let other = tempfile::tempdir().unwrap();
    let app = Cloudpick::open(cloudpick_tests::app_paths(other.path())).unwrap();
    let red = image::RgbImage::from_pixel(200, 100, image::Rgb([200, 0, 0]));
    let mut png = std::io::Cursor::new(Vec::new());
    red.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let mut drawing = cloudpick_tests::instrumented::InstrumentedDrive::over(
        dropbox.clone(),
        std::time::Duration::ZERO,
    );
    drawing.thumbnail = Some(png.into_inner());
    let drawing: Arc<dyn cloudpick_core::Drive> = Arc::new(drawing);
    let own = app.connect(drawing, dropbox.account().await.unwrap(), "Test");
    let shown = made(&app.thumbnail(key(&own, 1)).await.unwrap().bytes).to_rgb8();
    assert_eq!(shown.dimensions(), (200, 100));
    assert!(shown.pixels().all(|p| p.0[0] > 150 && p.0[1] < 50));
    assert!(
        cached_in(other.path()).is_empty(),
        "the drive's own picture: nothing made here"
    );
}
