//! The icon set: generated from one SVG, every size present and really that size.

use std::path::PathBuf;

fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel)
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &PathBuf) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is a PNG",
        path.display()
    );
    assert_eq!(&bytes[12..16], b"IHDR");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

#[test]
fn every_size_is_generated_from_the_svg() {
    assert!(std::fs::read_to_string(repo("icons/cloudpick.svg"))
        .unwrap()
        .contains("<svg"));
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        let file = repo(&format!("icons/{size}x{size}.png"));
        assert_eq!(png_size(&file), (size, size), "{}", file.display());
    }
    assert_eq!(png_size(&repo("icons/128x128@2x.png")), (256, 256));
}

#[test]
fn the_bundle_lists_existing_icons() {
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("tauri.conf.json")).unwrap()).unwrap();
    let icons = conf["bundle"]["icon"].as_array().unwrap();
    assert!(!icons.is_empty());
    for icon in icons {
        let path = repo(icon.as_str().unwrap());
        let (w, h) = png_size(&path);
        assert_eq!(w, h, "{} is square", path.display());
    }
}
