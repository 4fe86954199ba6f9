//! HEIC, AVIF, TIFF and animations through the conversion pipeline, on
//! files made by other people's encoders (libheif's x265 and aom, the `tiff`
//! crate, libvips), checked by their pixels.

use cloudpick_core::transform::{convert, Fit, Limits, OutputFormat, Transform};
use cloudpick_tests::images::{self, Codec};
use image::{GenericImageView, Rgb, RgbImage};
use std::process::Command;

const RED: [u8; 3] = [220, 40, 40];
const GREEN: [u8; 3] = [40, 200, 60];
const BLUE: [u8; 3] = [40, 60, 220];
const YELLOW: [u8; 3] = [230, 210, 40];

/// Four quadrants: red, green / blue, yellow.
fn quadrants(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        Rgb(match (x < w / 2, y < h / 2) {
            (true, true) => RED,
            (false, true) => GREEN,
            (true, false) => BLUE,
            (false, false) => YELLOW,
        })
    })
}

fn fit(width: u32, height: u32) -> Transform {
    Transform {
        width: Some(width),
        height: Some(height),
        fit: Fit::Max,
        ..Transform::default()
    }
}

fn run(bytes: &[u8], t: &Transform) -> cloudpick_core::transform::Converted {
    convert(std::io::Cursor::new(bytes), t, &Limits::default()).unwrap()
}

fn pixels(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).unwrap()
}

/// Whether the pixel at (x, y) is within `tolerance` of `colour`.
fn near(img: &image::DynamicImage, x: u32, y: u32, colour: [u8; 3], tolerance: i32) -> bool {
    let p = img.get_pixel(x, y).0;
    (0..3).all(|c| (i32::from(p[c]) - i32::from(colour[c])).abs() <= tolerance)
}

/// The centres of the four quadrants have their colours.
fn assert_upright(img: &image::DynamicImage, what: &str) {
    let (w, h) = img.dimensions();
    for (x, y, colour) in [
        (w / 4, h / 4, RED),
        (3 * w / 4, h / 4, GREEN),
        (w / 4, 3 * h / 4, BLUE),
        (3 * w / 4, 3 * h / 4, YELLOW),
    ] {
        assert!(
            near(img, x, y, colour, 24),
            "{what}: at ({x}, {y}) {:?} is not {colour:?}",
            img.get_pixel(x, y).0
        );
    }
}

/// The mean difference of two images of one size, per channel.
fn mean_difference(a: &image::DynamicImage, b: &image::DynamicImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let (a, b) = (a.to_rgb8(), b.to_rgb8());
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

#[test]
fn an_iphone_heic_comes_out_upright_with_its_display_p3_profile_like_the_same_photo_as_jpeg() {
    // Stored sideways as a phone's sensor sees it: orientation 6 turns it
    // 90° clockwise to the upright portrait.
    let upright = quadrants(480, 640);
    let stored = image::imageops::rotate270(&upright);
    let p3 = images::display_p3_icc();
    let jpeg = images::camera_jpeg(&stored, 6, &p3);
    // From the same JPEG: heif-enc keeps its profile and its EXIF, which
    // says 6 as a phone's does (turning by it too would lay the photo flat),
    // and `irot` turns it 270° anticlockwise.
    let heic = images::heif_enc(&jpeg, Codec::Hevc, Some(3), None);
    assert_eq!(&heic[4..12], b"ftypheic");
    // Restrictions that accept image/* take it.
    let mime = cloudpick_core::mime::sniff(&heic, "IMG_0001.HEIC");
    assert!(mime.starts_with("image/hei"), "{mime}");
    let t = fit(240, 320);
    let from_heic = run(&heic, &t);
    let from_jpeg = run(&jpeg, &t);
    assert_eq!(
        from_heic.format,
        OutputFormat::Jpeg,
        "as the original: JPEG"
    );
    assert_eq!((from_heic.width, from_heic.height), (240, 320));
    assert_eq!(from_heic.original, (480, 640));
    assert_eq!((from_jpeg.width, from_jpeg.height), (240, 320));
    let (h, j) = (pixels(&from_heic.bytes), pixels(&from_jpeg.bytes));
    assert_upright(&h, "HEIC");
    assert_upright(&j, "JPEG");
    let diff = mean_difference(&h, &j);
    assert!(
        diff < 4.0,
        "the HEIC and the JPEG differ by {diff:.2} a channel"
    );
    assert_eq!(
        images::jpeg_icc(&from_heic.bytes),
        Some(p3.clone()),
        "P3 kept"
    );
    assert_eq!(images::jpeg_icc(&from_jpeg.bytes), Some(p3));
    // Its size, upright, from the start of the file alone (for restrictions).
    let head = &heic[..heic.len() / 2];
    assert_eq!(
        cloudpick_core::transform::dimensions(head),
        Some((480, 640))
    );
}

#[test]
fn a_heic_with_a_thumbnail_makes_small_outputs_from_it() {
    let photo = quadrants(1600, 1200);
    let heic = images::heif_enc(&images::png(&photo), Codec::Hevc, None, Some(320));
    // Too little memory for the whole photo (1600 × 1200 needs 11 MiB to
    // decode), enough for its 320 × 240 thumbnail.
    let tight = Limits {
        max_alloc: 4 << 20,
        ..Limits::default()
    };
    let small = convert(std::io::Cursor::new(&heic), &fit(160, 160), &tight).unwrap();
    assert_eq!(
        (small.width, small.height, small.original),
        (160, 120, (1600, 1200))
    );
    assert_upright(&pixels(&small.bytes), "from the thumbnail");
    // Larger than the thumbnail: the photo itself, which does not fit.
    let err = convert(std::io::Cursor::new(&heic), &fit(800, 800), &tight).unwrap_err();
    assert!(err.contains("1600×1200 pixels need"), "{err}");
    let large = run(&heic, &fit(800, 800));
    assert_eq!((large.width, large.height), (800, 600));
    assert_upright(&pixels(&large.bytes), "from the photo");
}

#[test]
fn avif_converts_to_each_output_format() {
    let avif = images::heif_enc(&images::png(&quadrants(320, 240)), Codec::Av1, None, None);
    assert_eq!(&avif[4..12], b"ftypavif");
    assert_eq!(cloudpick_core::mime::sniff(&avif, "a.avif"), "image/avif");
    for format in [OutputFormat::Jpeg, OutputFormat::Png, OutputFormat::Webp] {
        let t = Transform {
            format: Some(format),
            ..fit(160, 160)
        };
        let out = run(&avif, &t);
        assert_eq!((out.format, out.width, out.height), (format, 160, 120));
        assert_upright(&pixels(&out.bytes), &format!("AVIF to {format:?}"));
    }
    // Stored turned a quarter clockwise; irot turns it back.
    let stored = image::imageops::rotate90(&quadrants(320, 240));
    let turned = images::heif_enc(&images::png(&stored), Codec::Av1, Some(1), None);
    let out = run(&turned, &fit(160, 160));
    assert_eq!((out.width, out.height), (160, 120));
    assert_upright(&pixels(&out.bytes), "turned AVIF");
}

/// A region that crosses strips and tiles, cut before the resize.
fn crop_and_shrink() -> Transform {
    Transform {
        width: Some(90),
        height: Some(60),
        fit: Fit::Crop,
        crop: Some(cloudpick_core::transform::CropRect {
            x: 101,
            y: 37,
            width: 450,
            height: 300,
        }),
        crop_first: true,
        format: Some(OutputFormat::Png),
        ..Transform::default()
    }
}

/// A photo-like 640 × 480: gradients, so every pixel says where it was.
fn gradient() -> RgbImage {
    RgbImage::from_fn(640, 480, |x, y| {
        Rgb([
            (x * 255 / 639) as u8,
            (y * 255 / 479) as u8,
            ((x + y) % 256) as u8,
        ])
    })
}

#[test]
fn a_tiff_in_lzw_strips_gives_the_pixels_the_same_png_gives() {
    let img = gradient();
    let tiff = images::tiff_pages(std::slice::from_ref(&img));
    assert_eq!(cloudpick_core::mime::sniff(&tiff, "scan.tif"), "image/tiff");
    let t = crop_and_shrink();
    let from_tiff = run(&tiff, &t);
    let from_png = run(&images::png(&img), &t);
    assert_eq!((from_tiff.width, from_tiff.height), (90, 60));
    assert_eq!(
        pixels(&from_tiff.bytes).to_rgb8().as_raw(),
        pixels(&from_png.bytes).to_rgb8().as_raw(),
        "the same region, shrunk the same way"
    );
    // As the original: JPEG.
    let whole = run(&tiff, &fit(320, 320));
    assert_eq!(
        (whole.format, whole.width, whole.height),
        (OutputFormat::Jpeg, 320, 240)
    );
}

fn vips(args: &[&str]) {
    let status = Command::new("vips")
        .args(args)
        .status()
        .expect("vips (libvips-tools) makes the test's tiled TIFF: run scripts/setup.sh test");
    assert!(status.success(), "vips {args:?}");
}

#[test]
fn tiled_and_sixteen_bit_tiffs_made_by_libvips_give_the_same_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let img = gradient();
    let source = dir.path().join("source.png");
    std::fs::write(&source, images::png(&img)).unwrap();
    let source = source.to_str().unwrap();
    let tiled = dir.path().join("tiled.tif");
    vips(&[
        "copy",
        source,
        &format!(
            "{}[tile,tile-width=64,tile-height=64,compression=lzw]",
            tiled.display()
        ),
    ]);
    let wide = dir.path().join("wide.v");
    vips(&["linear", source, wide.to_str().unwrap(), "257", "0"]);
    let sixteen = dir.path().join("sixteen.v");
    vips(&[
        "cast",
        wide.to_str().unwrap(),
        sixteen.to_str().unwrap(),
        "ushort",
    ]);
    let deep = dir.path().join("deep.tif");
    vips(&[
        "copy",
        sixteen.to_str().unwrap(),
        &format!("{}[compression=deflate]", deep.display()),
    ]);
    // LZW with the horizontal predictor, 8 and 16 bits: the strips that are
    // decompressed in parallel.
    let predicted = dir.path().join("predicted.tif");
    vips(&[
        "copy",
        source,
        &format!(
            "{}[compression=lzw,predictor=horizontal]",
            predicted.display()
        ),
    ]);
    let deep_lzw = dir.path().join("deep-lzw.tif");
    vips(&[
        "copy",
        sixteen.to_str().unwrap(),
        &format!(
            "{}[compression=lzw,predictor=horizontal]",
            deep_lzw.display()
        ),
    ]);
    let t = crop_and_shrink();
    let want = pixels(&run(&images::png(&img), &t).bytes);
    let from_predicted = pixels(&run(&std::fs::read(&predicted).unwrap(), &t).bytes);
    assert_eq!(
        from_predicted.to_rgb8().as_raw(),
        want.to_rgb8().as_raw(),
        "LZW, predictor"
    );
    let from_deep_lzw = pixels(&run(&std::fs::read(&deep_lzw).unwrap(), &t).bytes);
    let diff = mean_difference(&from_deep_lzw, &want);
    assert!(diff < 0.6, "16-bit LZW differs by {diff:.2}");
    let from_tiles = pixels(&run(&std::fs::read(&tiled).unwrap(), &t).bytes);
    assert_eq!(
        from_tiles.to_rgb8().as_raw(),
        want.to_rgb8().as_raw(),
        "tiles"
    );
    let from_deep = pixels(&run(&std::fs::read(&deep).unwrap(), &t).bytes);
    let diff = mean_difference(&from_deep, &want);
    assert!(diff < 0.6, "16-bit differs by {diff:.2}");
}

#[test]
fn a_tiff_orientation_tag_is_applied() {
    use tiff::encoder::{colortype, TiffEncoder};
    use tiff::tags::Tag;
    let upright = quadrants(240, 320);
    let stored = image::imageops::rotate270(&upright);
    let mut out = std::io::Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut out).unwrap();
    let mut page = encoder.new_image::<colortype::RGB8>(320, 240).unwrap();
    page.encoder().write_tag(Tag::Orientation, 6u16).unwrap();
    page.write_data(stored.as_raw()).unwrap();
    let converted = run(&out.into_inner(), &fit(120, 160));
    assert_eq!((converted.width, converted.height), (120, 160));
    assert_upright(&pixels(&converted.bytes), "TIFF orientation 6");
}

/// Three frames (red, blue, green) as an AVIF sequence by libavif's `avifenc`,
/// which writes the first frame also as the file's primary image.
fn avif_sequence(dir: &std::path::Path) -> Vec<u8> {
    let mut frames = Vec::new();
    for (i, colour) in [RED, BLUE, GREEN].into_iter().enumerate() {
        let path = dir.join(format!("frame-{i}.png"));
        RgbImage::from_pixel(96, 64, image::Rgb(colour))
            .save(&path)
            .unwrap();
        frames.push(path);
    }
    let out = dir.join("anim.avif");
    let ran = std::process::Command::new("avifenc")
        .args(["-s", "10"])
        .args(&frames)
        .arg(&out)
        .output()
        .expect("avifenc (libavif-bin) makes the test's AVIF sequence: run scripts/setup.sh test");
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[8..12], b"avis", "an AVIF sequence");
    assert!(bytes.windows(4).any(|w| w == b"moov"), "with its track");
    bytes
}

#[test]
fn an_animated_webp_gif_and_avif_give_their_first_frame() {
    use image::codecs::gif::GifEncoder;
    let dir = tempfile::tempdir().unwrap();
    let gif = dir.path().join("anim.gif");
    {
        let file = std::fs::File::create(&gif).unwrap();
        let mut encoder = GifEncoder::new(file);
        encoder
            .set_repeat(image::codecs::gif::Repeat::Infinite)
            .unwrap();
        for colour in [RED, BLUE, GREEN] {
            let frame = image::RgbaImage::from_pixel(
                96,
                64,
                image::Rgba([colour[0], colour[1], colour[2], 255]),
            );
            encoder.encode_frame(image::Frame::new(frame)).unwrap();
        }
    }
    let webp = dir.path().join("anim.webp");
    vips(&[
        "copy",
        &format!("{}[n=-1]", gif.display()),
        &format!("{}[Q=95]", webp.display()),
    ]);
    let webp = std::fs::read(&webp).unwrap();
    assert!(
        webp.windows(4).any(|w| w == b"ANMF"),
        "libvips wrote an animation"
    );
    let avif = avif_sequence(dir.path());
    for (what, bytes) in [
        ("WebP", webp),
        ("GIF", std::fs::read(&gif).unwrap()),
        ("AVIF", avif),
    ] {
        let out = run(&bytes, &fit(48, 48));
        assert_eq!((out.width, out.height), (48, 32), "{what}");
        let img = pixels(&out.bytes);
        assert!(
            near(&img, 24, 16, RED, 24),
            "{what}: the first frame, red: {:?}",
            img.get_pixel(24, 16).0
        );
    }
}

#[test]
fn a_file_of_no_known_format_names_the_formats_read() {
    let err = convert(
        std::io::Cursor::new(b"%PDF-1.7 not an image".to_vec()),
        &fit(10, 10),
        &Limits::default(),
    )
    .unwrap_err();
    assert!(err.contains("TIFF, HEIC or AVIF"), "{err}");
}

#[test]
fn a_24_megapixel_heic_shows_whole_in_quick_look_but_not_in_the_grid_without_its_thumbnail() {
    use cloudpick_core::thumbnails::{scaled, Encoding};
    // One colour: x265 encodes 6000 × 4000 of it in seconds.
    let photo = RgbImage::from_pixel(6000, 4000, Rgb([90, 140, 200]));
    let heic = images::heif_enc(&images::png(&photo), Codec::Hevc, None, None);
    // Quick Look's picture: decoded within a conversion's limits.
    let preview = scaled(std::io::Cursor::new(&heic), 2048, Encoding::Auto).unwrap();
    let picture = image::load_from_memory(&preview.bytes).unwrap();
    assert_eq!(picture.dimensions(), (2048, 1365));
    assert!(near(&picture, 1000, 600, [90, 140, 200], 12));
    // The grid's: 24 MP need more than a thumbnail's 128 MiB, and this file
    // carries no thumbnail of its own, so the grid shows its icon.
    let err = scaled(std::io::Cursor::new(&heic), 256, Encoding::Auto)
        .err()
        .unwrap();
    assert!(err.contains("6000×4000 pixels need"), "{err}");
}
