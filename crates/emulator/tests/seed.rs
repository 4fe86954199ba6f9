//! The demo seed: what it holds, and that the drives serve it.

use cloudpick_emulator::seed::{generate, BIG_FOLDER_ENTRIES};
use cloudpick_emulator::{start, Config};
use serde_json::{json, Value};
use std::io::Read;

#[tokio::test]
async fn the_demo_seed_has_real_files_of_every_kind_and_a_huge_folder() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path()).unwrap();
    let root = dir.path();

    assert_eq!(
        image::image_dimensions(root.join("Photos/Harbour at dusk.jpg")).unwrap(),
        (6000, 4000),
        "a 24 MP JPEG"
    );
    let png = image::open(root.join("Photos/Meadow.png")).unwrap();
    assert_eq!((png.width(), png.height()), (1600, 1200));
    let webp = image::open(root.join("Photos/Night market.webp")).unwrap();
    assert_eq!((webp.width(), webp.height()), (1920, 1080));

    let pdf = std::fs::read(root.join("Documents/Quarterly report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    let text = String::from_utf8_lossy(&pdf);
    let startxref: usize = text
        .rsplit("startxref\n")
        .next()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        text[startxref..].starts_with("xref"),
        "startxref points at the xref table"
    );

    let mut docx = zip::ZipArchive::new(
        std::fs::File::open(root.join("Documents/Project plan.docx")).unwrap(),
    )
    .unwrap();
    let mut document = String::new();
    docx.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut document)
        .unwrap();
    assert!(document.contains("Project plan"));
    let xlsx =
        zip::ZipArchive::new(std::fs::File::open(root.join("Documents/Budget 2026.xlsx")).unwrap())
            .unwrap();
    assert!(xlsx.file_names().any(|n| n == "xl/worksheets/sheet1.xml"));

    assert!(root
        .join("Projects/Ünïcödé ✓/深い/フォルダ/résumé – final.txt")
        .is_file());
    assert_eq!(
        std::fs::read_dir(root.join("Big folder")).unwrap().count(),
        BIG_FOLDER_ENTRIES
    );

    // Served: the 10,000-entry folder pages through Dropbox's maximum page size.
    let emulator = start(
        Config {
            seed: Some(root.to_path_buf()),
            ..Config::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let token = emulator.dropbox.oauth.issue_tokens().access_token;
    let api = &emulator.info.providers["dropbox"].base_urls["api"];
    let http = reqwest::Client::new();
    let mut page: Value = http
        .post(format!("{api}/files/list_folder"))
        .bearer_auth(&token)
        .json(&json!({"path": "/Big folder", "limit": 2000}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut seen = page["entries"].as_array().unwrap().len();
    let mut pages = 1;
    while page["has_more"] == true {
        page = http
            .post(format!("{api}/files/list_folder/continue"))
            .bearer_auth(&token)
            .json(&json!({"cursor": page["cursor"]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        seen += page["entries"].as_array().unwrap().len();
        pages += 1;
    }
    assert_eq!((seen, pages), (BIG_FOLDER_ENTRIES, 5));
}
