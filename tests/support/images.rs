//! Test images made here, never committed: HEIC and AVIF by libheif's
//! `heif-enc` (x265, aom), TIFF through the `tiff` crate, JPEG with the
//! EXIF and ICC segments a camera writes, and a Display P3 profile.

use image::RgbImage;
use std::process::Command;

/// The codec inside a HEIF file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// HEIC: HEVC through x265.
    Hevc,
    /// AVIF: AV1 through aom.
    Av1,
}

/// `source` (a JPEG or PNG file's bytes; heif-enc carries over its ICC
/// profile and EXIF) encoded by libheif's `heif-enc` at quality 90. With
/// `irot`, the image is marked to turn `irot` × 90° anticlockwise when shown,
/// as a phone marks a photo taken sideways. With `thumbnail`, the file
/// carries a thumbnail of that many pixels a side, as a phone's does.
pub fn heif_enc(source: &[u8], codec: Codec, irot: Option<u8>, thumbnail: Option<u32>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let ext = if source.starts_with(&[0xFF, 0xD8]) {
        "jpg"
    } else {
        "png"
    };
    let input = dir.path().join(format!("in.{ext}"));
    std::fs::write(&input, source).unwrap();
    let output = dir.path().join(if codec == Codec::Av1 {
        "out.avif"
    } else {
        "out.heic"
    });
    let ran = Command::new("heif-enc")
        .args(["-q", "90", "-o"])
        .arg(&output)
        .args(thumbnail.map(|side| format!("--thumb={side}")))
        .arg(&input)
        .output()
        .expect(
            "heif-enc (libheif-examples) makes the test's HEIF files: run scripts/setup.sh test",
        );
    assert!(
        ran.status.success(),
        "heif-enc: {}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let mut heif = std::fs::read(&output).unwrap();
    if let Some(angle) = irot {
        turn(&mut heif, angle);
    }
    heif
}

/// Puts an `irot` property where heif-enc's `pixi` was: the same 16 bytes
/// (the rest of the box is padding), so no offset in the file moves, and the
/// primary image's association now points at the rotation.
fn turn(heif: &mut [u8], angle: u8) {
    let at = heif
        .windows(4)
        .position(|w| w == b"pixi")
        .expect("heif-enc writes a pixi property")
        - 4;
    assert_eq!(
        &heif[at..at + 4],
        &16u32.to_be_bytes(),
        "a 16-byte pixi box"
    );
    heif[at + 4..at + 8].copy_from_slice(b"irot");
    heif[at + 8] = angle & 3;
    heif[at + 9..at + 16].fill(0);
}

/// `pixels` as a PNG file's bytes.
pub fn png(pixels: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    pixels.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A TIFF block (big-endian) holding one tag: the orientation.
pub fn orientation_exif(o: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes());
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&o.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    tiff
}

/// `pixels` as a JPEG (quality 90) carrying an EXIF orientation and an
/// ICC profile, in APP1 and APP2 segments as a camera writes them.
pub fn camera_jpeg(pixels: &RgbImage, exif_orientation: u16, icc: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(pixels)
        .unwrap();
    let segment = |marker: u8, body: Vec<u8>| {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
        s.extend(body);
        s
    };
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(orientation_exif(exif_orientation));
    let mut app2 = b"ICC_PROFILE\0\x01\x01".to_vec();
    app2.extend_from_slice(icc);
    let mut out = plain[..2].to_vec();
    out.extend(segment(0xE1, app1));
    out.extend(segment(0xE2, app2));
    out.extend_from_slice(&plain[2..]);
    out
}

/// The ICC profile of a JPEG (its APP2 segments, joined).
pub fn jpeg_icc(jpeg: &[u8]) -> Option<Vec<u8>> {
    use image::ImageDecoder;
    let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(jpeg)).ok()?;
    decoder.icc_profile().ok().flatten()
}

/// An ICC v4 display profile named "Display P3": P3 primaries, D65 white
/// (adapted to D50, as ICC asks) and the sRGB curve.
pub fn display_p3_icc() -> Vec<u8> {
    fn s15(v: f64) -> [u8; 4] {
        ((v * 65536.0).round() as i32).to_be_bytes()
    }
    fn xyz(v: [f64; 3]) -> Vec<u8> {
        let mut t = b"XYZ \0\0\0\0".to_vec();
        for c in v {
            t.extend_from_slice(&s15(c));
        }
        t
    }
    let mut desc = b"mluc\0\0\0\0".to_vec();
    let name: Vec<u8> = "Display P3"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    desc.extend_from_slice(&1u32.to_be_bytes()); // one record
    desc.extend_from_slice(&12u32.to_be_bytes()); // of 12 bytes
    desc.extend_from_slice(b"enUS");
    desc.extend_from_slice(&(name.len() as u32).to_be_bytes());
    desc.extend_from_slice(&28u32.to_be_bytes());
    desc.extend(name);
    // The sRGB curve as a parametric curve of type 3.
    let mut curve = b"para\0\0\0\0\0\x03\0\0".to_vec();
    for v in [2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045] {
        curve.extend_from_slice(&s15(v));
    }
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc),
        (b"wtpt", xyz([0.9642, 1.0, 0.8249])),
        (b"rXYZ", xyz([0.5151, 0.2412, -0.0011])),
        (b"gXYZ", xyz([0.2920, 0.6922, 0.0419])),
        (b"bXYZ", xyz([0.1571, 0.0666, 0.7841])),
        (b"rTRC", curve.clone()),
        (b"gTRC", curve.clone()),
        (b"bTRC", curve),
    ];
    let table = 4 + 12 * tags.len();
    let mut offset = 128 + table;
    let mut entries = (tags.len() as u32).to_be_bytes().to_vec();
    let mut data = Vec::new();
    for (sig, body) in &tags {
        entries.extend_from_slice(*sig);
        entries.extend_from_slice(&(offset as u32).to_be_bytes());
        entries.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let padded = body.len().div_ceil(4) * 4;
        data.extend_from_slice(body);
        data.resize(data.len() + padded - body.len(), 0);
        offset += padded;
    }
    let mut header = vec![0u8; 128];
    header[0..4].copy_from_slice(&(offset as u32).to_be_bytes());
    header[8..12].copy_from_slice(&[4, 0x30, 0, 0]); // version 4.3
    header[12..16].copy_from_slice(b"mntr");
    header[16..20].copy_from_slice(b"RGB ");
    header[20..24].copy_from_slice(b"XYZ ");
    header[36..40].copy_from_slice(b"acsp");
    header[68..80].copy_from_slice(&[0, 0, 0xF6, 0xD6, 0, 1, 0, 0, 0, 0, 0xD3, 0x2D]);
    let mut icc = header;
    icc.extend(entries);
    icc.extend(data);
    icc
}

/// `frames` as an LZW TIFF, one page each, in strips of 16 rows.
pub fn tiff_pages(frames: &[RgbImage]) -> Vec<u8> {
    use tiff::encoder::{colortype, Compression, TiffEncoder};
    let mut out = std::io::Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut out)
        .unwrap()
        .with_compression(Compression::Lzw);
    for frame in frames {
        let (w, h) = frame.dimensions();
        let mut page = encoder.new_image::<colortype::RGB8>(w, h).unwrap();
        page.rows_per_strip(16).unwrap();
        page.write_data(frame.as_raw()).unwrap();
    }
    out.into_inner()
}
