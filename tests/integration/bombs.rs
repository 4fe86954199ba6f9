//! Hostile files of the new formats: a HEIC that claims 100,000 × 100,000
//! pixels, a truncated AVIF, a TIFF of 10,000 pages. Each gets a clear
//! answer, and this process's peak memory stays far below what their
//! claims would take.

use cloudpick_core::transform::{convert, Fit, Limits, Transform};
use cloudpick_tests::images::{self, Codec};
use image::{Rgb, RgbImage};

fn thumbnail() -> Transform {
    Transform {
        width: Some(200),
        height: Some(200),
        fit: Fit::Max,
        ..Transform::default()
    }
}

fn heif(codec: Codec) -> Vec<u8> {
    let img = RgbImage::from_fn(256, 192, |x, y| Rgb([x as u8, y as u8, 128]));
    images::heif_enc(&images::png(&img), codec, None, None)
}

/// The most memory this process has held (VmHWM), in MiB.
fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib / 1024
}

/// Well below one decode's budget (512 MiB): none of these decodes pixels
/// it was not asked for.
const PEAK_LIMIT_MIB: u64 = 400;

#[test]
fn a_heic_claiming_100000_by_100000_is_refused_from_its_header() {
    let mut heic = heif(Codec::Hevc);
    let at = heic
        .windows(4)
        .position(|w| w == b"ispe")
        .expect("an ispe box");
    // After the type: version and flags, then the width and the height.
    heic[at + 8..at + 12].copy_from_slice(&100_000u32.to_be_bytes());
    heic[at + 12..at + 16].copy_from_slice(&100_000u32.to_be_bytes());
    let err = convert(std::io::Cursor::new(heic), &thumbnail(), &Limits::default()).unwrap_err();
    // Cloudpick's own check, or libheif's security limit, whichever reads it first.
    assert!(
        (err.contains("100000×100000") || err.contains("100000x100000"))
            && (err.contains("Cloudpick reads") || err.contains("larger than Cloudpick decodes")),
        "{err}"
    );
    assert!(peak_mib() < PEAK_LIMIT_MIB, "peak {} MiB", peak_mib());
}

#[test]
fn a_truncated_avif_says_it_is_damaged_or_cut_short() {
    let avif = heif(Codec::Av1);
    for keep in [avif.len() / 3, avif.len() * 2 / 3, avif.len() - 10] {
        let err = convert(
            std::io::Cursor::new(avif[..keep].to_vec()),
            &thumbnail(),
            &Limits::default(),
        )
        .unwrap_err();
        assert!(
            err.contains("truncated") || err.contains("damaged"),
            "cut at {keep} of {}: {err}",
            avif.len()
        );
    }
    assert!(peak_mib() < PEAK_LIMIT_MIB, "peak {} MiB", peak_mib());
}

#[test]
fn a_tiff_of_10000_pages_gives_its_first_page_without_reading_the_rest() {
    let red = RgbImage::from_pixel(64, 48, Rgb([230, 20, 20]));
    let blue = RgbImage::from_pixel(64, 48, Rgb([20, 20, 230]));
    let mut pages = vec![red];
    pages.extend(std::iter::repeat_n(blue, 9_999));
    let tiff = images::tiff_pages(&pages);
    let out = convert(
        std::io::Cursor::new(&tiff),
        &thumbnail(),
        &Limits::default(),
    )
    .unwrap();
    let img = image::load_from_memory(&out.bytes).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (64, 48));
    let p = img.get_pixel(32, 24).0;
    assert!(p[0] > 200 && p[2] < 60, "page 1 is red: {p:?}");
    assert!(peak_mib() < PEAK_LIMIT_MIB, "peak {} MiB", peak_mib());
}

#[test]
fn a_tiff_claiming_more_pixels_than_allowed_is_refused_before_decoding() {
    // One strip of 16 rows, which stays one strip when it claims more.
    let mut tiff = images::tiff_pages(&[RgbImage::from_pixel(64, 16, Rgb([1, 2, 3]))]);
    // The first IFD's ImageWidth (256), ImageLength (257) and RowsPerStrip
    // (278) entries, little-endian.
    let ifd = u32::from_le_bytes(tiff[4..8].try_into().unwrap()) as usize;
    let count = usize::from(u16::from_le_bytes([tiff[ifd], tiff[ifd + 1]]));
    let mut patched = 0;
    for entry in (0..count).map(|i| ifd + 2 + 12 * i) {
        let tag = u16::from_le_bytes([tiff[entry], tiff[entry + 1]]);
        if matches!(tag, 256 | 257 | 278) {
            tiff[entry + 2..entry + 4].copy_from_slice(&4u16.to_le_bytes()); // LONG
            tiff[entry + 8..entry + 12].copy_from_slice(&200_000u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 3);
    let err = convert(std::io::Cursor::new(tiff), &thumbnail(), &Limits::default()).unwrap_err();
    assert!(err.contains("200000×200000"), "{err}");
    assert!(peak_mib() < PEAK_LIMIT_MIB, "peak {} MiB", peak_mib());
}
