//! The pipeline end to end on images made here: sizes, where each part of
//! the picture lands, orientation, metadata, and hostile files.

use super::metadata::{self, Metadata};
use super::*;
use image::{DynamicImage, GenericImageView, Rgb, RgbImage};
use std::io::Cursor;

const RED: [u8; 3] = [230, 20, 20];
const GREEN: [u8; 3] = [20, 200, 20];
const BLUE: [u8; 3] = [20, 20, 230];
const YELLOW: [u8; 3] = [230, 230, 20];

/// `width` × `height`, in four quadrants: red, green / blue, yellow.
fn quadrants(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb(match (x < width / 2, y < height / 2) {
            (true, true) => RED,
            (false, true) => GREEN,
            (true, false) => BLUE,
            (false, false) => YELLOW,
        })
    }))
}

fn file(image: DynamicImage, format: OutputFormat, meta: &Metadata) -> Vec<u8> {
    encode::encode(image, format, 95, meta).unwrap()
}

fn run(bytes: &[u8], t: &Transform) -> std::result::Result<Converted, String> {
    convert(Cursor::new(bytes), t, &Limits::default())
}

fn decoded(c: &Converted) -> DynamicImage {
    image::load_from_memory(&c.bytes).unwrap()
}

/// Whether the pixel at `x`, `y` is close to `colour`.
fn near(image: &DynamicImage, x: u32, y: u32, colour: [u8; 3]) -> bool {
    let p = image.get_pixel(x, y).0;
    (0..3).all(|i| (i32::from(p[i]) - i32::from(colour[i])).abs() < 40)
}

fn sized(width: u32, height: u32, fit: Fit) -> Transform {
    Transform {
        width: Some(width),
        height: Some(height),
        fit,
        ..Transform::default()
    }
}

#[test]
fn every_format_is_resized_to_the_fit_asked_for() {
    for format in [OutputFormat::Jpeg, OutputFormat::Png, OutputFormat::Webp] {
        let bytes = file(quadrants(600, 400), format, &Metadata::default());
        let clip = run(&bytes, &sized(300, 300, Fit::Clip)).unwrap();
        assert_eq!((clip.width, clip.height), (300, 200), "{format:?}");
        assert_eq!(clip.format, format, "the input's format by default");
        let scale = run(&bytes, &sized(100, 100, Fit::Scale)).unwrap();
        assert_eq!(decoded(&scale).dimensions(), (100, 100));
        let crop = run(&bytes, &sized(200, 200, Fit::Crop)).unwrap();
        let img = decoded(&crop);
        assert_eq!(img.dimensions(), (200, 200));
        // The centre 400×400 of the 600×400: the quadrants still meet in the middle.
        assert!(
            near(&img, 20, 20, RED) && near(&img, 180, 20, GREEN),
            "{format:?}"
        );
        assert!(
            near(&img, 20, 180, BLUE) && near(&img, 180, 180, YELLOW),
            "{format:?}"
        );
        assert_eq!(crop.cropped.unwrap().crop_area.position, [100, 0]);
        assert_eq!(crop.original, (600, 400));
    }
}

#[test]
fn crop_first_keeps_the_rectangle_of_the_original() {
    // The top-left quadrant only, then 400×400 of it: all red.
    let bytes = file(
        quadrants(3000, 2000),
        OutputFormat::Jpeg,
        &Metadata::default(),
    );
    let t = Transform {
        crop: Some(CropRect {
            x: 100,
            y: 100,
            width: 1200,
            height: 800,
        }),
        crop_first: true,
        ..sized(400, 400, Fit::Crop)
    };
    let c = run(&bytes, &t).unwrap();
    let img = decoded(&c);
    assert_eq!(img.dimensions(), (400, 400));
    for (x, y) in [(0, 0), (399, 0), (0, 399), (399, 399), (200, 200)] {
        assert!(near(&img, x, y, RED), "{x},{y}: {:?}", img.get_pixel(x, y));
    }
    let cropped = c.cropped.unwrap();
    // The rectangle, then its centre square that the crop fit keeps.
    assert_eq!(cropped.crop_area.position, [300, 100]);
    assert_eq!(cropped.crop_area.size, [800, 800]);
    assert_eq!(cropped.original_image_size, [3000, 2000]);
}

#[test]
fn rotation_and_mirrors_move_the_quadrants_and_are_recorded() {
    let bytes = file(quadrants(400, 200), OutputFormat::Png, &Metadata::default());
    let turned = run(
        &bytes,
        &Transform {
            rotate: 90.0,
            ..Transform::default()
        },
    )
    .unwrap();
    let img = decoded(&turned);
    assert_eq!(img.dimensions(), (200, 400));
    // Clockwise: the blue bottom-left ends top-left.
    assert!(near(&img, 10, 10, BLUE) && near(&img, 190, 10, RED));
    assert_eq!(
        turned.rotated,
        Some(Rotated {
            direction: "CW".into(),
            value: 90.0
        })
    );
    let ccw = run(
        &bytes,
        &Transform {
            rotate: -90.0,
            ..Transform::default()
        },
    )
    .unwrap();
    assert_eq!(ccw.rotated.as_ref().unwrap().direction, "CCW");
    assert!(near(&decoded(&ccw), 10, 10, GREEN));
    let flopped = run(
        &bytes,
        &Transform {
            flop: true,
            ..Transform::default()
        },
    )
    .unwrap();
    assert!(near(&decoded(&flopped), 10, 10, GREEN));
    let flipped = run(
        &bytes,
        &Transform {
            flip: true,
            ..Transform::default()
        },
    )
    .unwrap();
    assert!(near(&decoded(&flipped), 10, 10, BLUE));
    assert_eq!(flipped.rotated, None);
}

#[test]
fn a_free_angle_on_jpeg_fills_the_corners_with_white() {
    let bytes = file(
        quadrants(200, 200),
        OutputFormat::Jpeg,
        &Metadata::default(),
    );
    let c = run(
        &bytes,
        &Transform {
            rotate: 30.0,
            ..Transform::default()
        },
    )
    .unwrap();
    let img = decoded(&c);
    assert_eq!(img.dimensions(), (274, 274));
    assert!(
        near(&img, 1, 1, [255, 255, 255]),
        "{:?}",
        img.get_pixel(1, 1)
    );
    let png = run(
        &bytes,
        &Transform {
            rotate: 30.0,
            format: Some(OutputFormat::Png),
            ..Transform::default()
        },
    )
    .unwrap();
    assert_eq!(
        decoded(&png).get_pixel(1, 1).0[3],
        0,
        "PNG keeps the corners clear"
    );
}

#[test]
fn exif_orientation_is_applied_and_the_exif_dropped() {
    // Stored sideways with orientation 6 (turn 90° clockwise to view).
    let stored = quadrants(400, 200);
    let meta = Metadata {
        exif: Some(metadata::orientation_only(Orientation::Rotate90)),
        icc: None,
    };
    for format in [OutputFormat::Jpeg, OutputFormat::Png, OutputFormat::Webp] {
        let bytes = file(stored.clone(), format, &meta);
        let c = run(&bytes, &sized(100, 100, Fit::Clip)).unwrap();
        assert_eq!(c.original, (200, 400), "{format:?}: upright size");
        let img = decoded(&c);
        assert_eq!(img.dimensions(), (50, 100), "{format:?}");
        assert!(
            near(&img, 5, 5, BLUE),
            "{format:?}: {:?}",
            img.get_pixel(5, 5)
        );
        let out = match format {
            OutputFormat::Jpeg => metadata::jpeg(&c.bytes),
            OutputFormat::Webp => metadata::webp(&c.bytes),
            OutputFormat::Png => Metadata::default(),
        };
        assert_eq!(out.exif, None, "{format:?}: EXIF is stripped");
    }
}

#[test]
fn keep_orientation_writes_the_tag_and_leaves_the_pixels() {
    let meta = Metadata {
        exif: Some(metadata::orientation_only(Orientation::Rotate90)),
        icc: Some(vec![7; 3000]),
    };
    let bytes = file(quadrants(400, 200), OutputFormat::Jpeg, &meta);
    let t = Transform {
        exif: ExifCleanup {
            keep_orientation: true,
            keep_icc: true,
        },
        ..sized(200, 200, Fit::Clip)
    };
    let c = run(&bytes, &t).unwrap();
    assert_eq!((c.width, c.height), (200, 100), "stored pixels, not turned");
    let out = metadata::jpeg(&c.bytes);
    assert_eq!(out.orientation(), Orientation::Rotate90);
    assert_eq!(out.icc, Some(vec![7; 3000]), "the profile is kept");
    let stripped = run(
        &bytes,
        &Transform {
            exif: ExifCleanup {
                keep_orientation: false,
                keep_icc: false,
            },
            ..Transform::default()
        },
    )
    .unwrap();
    assert_eq!(metadata::jpeg(&stripped.bytes), Metadata::default());
}

#[test]
fn output_formats_and_quality_are_honoured() {
    let busy = RgbImage::from_fn(640, 480, |x, y| {
        Rgb([(x * y % 251) as u8, (x ^ y) as u8, (x * 7 + y * 3) as u8])
    });
    let bytes = file(
        DynamicImage::ImageRgb8(busy),
        OutputFormat::Png,
        &Metadata::default(),
    );
    let low = run(
        &bytes,
        &Transform {
            format: Some(OutputFormat::Webp),
            quality: 10,
            ..Transform::default()
        },
    )
    .unwrap();
    let high = run(
        &bytes,
        &Transform {
            format: Some(OutputFormat::Webp),
            quality: 95,
            ..Transform::default()
        },
    )
    .unwrap();
    assert_eq!(Format::sniff(&low.bytes), Some(Format::Webp));
    assert!(low.bytes.len() < high.bytes.len());
    let jpeg = run(
        &bytes,
        &Transform {
            format: Some(OutputFormat::Jpeg),
            ..Transform::default()
        },
    )
    .unwrap();
    assert_eq!(Format::sniff(&jpeg.bytes), Some(Format::Jpeg));
    let err = run(
        &bytes,
        &Transform {
            quality: 0,
            ..Transform::default()
        },
    )
    .unwrap_err();
    assert!(err.contains("quality"), "{err}");
}

#[test]
fn gif_and_bmp_are_read_and_written_as_png() {
    for format in [image::ImageFormat::Gif, image::ImageFormat::Bmp] {
        let mut bytes = Vec::new();
        quadrants(64, 64)
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        let c = run(&bytes, &sized(32, 32, Fit::Clip)).unwrap();
        assert_eq!((c.format, c.width), (OutputFormat::Png, 32), "{format:?}");
        assert!(near(&decoded(&c), 2, 2, RED));
    }
}

#[test]
fn hostile_and_broken_files_get_clear_errors() {
    // A PNG header claiming 50000×50000 pixels, in a few hundred bytes.
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let crc = crc32(&ihdr);
    bomb.extend_from_slice(&13u32.to_be_bytes());
    bomb.extend_from_slice(&ihdr);
    bomb.extend_from_slice(&crc.to_be_bytes());
    let err = run(&bomb, &sized(400, 400, Fit::Crop)).unwrap_err();
    assert!(err.contains("50000×50000"), "{err}");

    // A JPEG of about 50 bytes claiming the same.
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0xC3, 0x50, 0xC3, 0x50, 3];
    jpeg.extend_from_slice(&[1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
    jpeg.extend_from_slice(&[0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0, 3, 0, 0, 63, 0]);
    jpeg.extend_from_slice(&[0x55; 16]);
    jpeg.extend_from_slice(&[0xFF, 0xD9]);
    let err = run(&jpeg, &sized(400, 400, Fit::Crop)).unwrap_err();
    assert!(err.contains("50000×50000"), "{err}");
    // Within the side limit but past the pixel budget.
    let mut wide = jpeg.clone();
    wide[7..11].copy_from_slice(&[0x4E, 0x20, 0x4E, 0x20]); // 20000×20000
    let err = run(&wide, &sized(400, 400, Fit::Crop)).unwrap_err();
    assert!(err.contains("megapixels"), "{err}");
    // Within every limit, but with no image data behind the header.
    let mut small = jpeg.clone();
    small[7..11].copy_from_slice(&[0x0F, 0xA0, 0x0F, 0xA0]); // 4000×4000
    let err = run(&small, &sized(400, 400, Fit::Crop)).unwrap_err();
    assert!(
        err.contains("damaged") || err.contains("truncated"),
        "{err}"
    );

    for format in [OutputFormat::Jpeg, OutputFormat::Png, OutputFormat::Webp] {
        let whole = file(quadrants(800, 600), format, &Metadata::default());
        let cut = &whole[..whole.len() / 2];
        let err = run(cut, &Transform::default()).unwrap_err();
        assert!(err.contains("truncated"), "{format:?}: {err}");
    }
    let text = run(b"just some text, named photo.jpg", &Transform::default()).unwrap_err();
    assert!(text.contains("not an image"), "{text}");
    assert!(run(b"", &Transform::default())
        .unwrap_err()
        .contains("empty"));
}

#[test]
fn an_output_larger_than_the_memory_limit_is_refused_before_it_is_made() {
    // 14000 × 14000 RGBA is 748 MiB, over the 512 MiB limit, from a tiny PNG.
    let small = file(quadrants(64, 64), OutputFormat::Png, &Metadata::default());
    let t = Transform {
        width: Some(14_000),
        height: Some(14_000),
        fit: Fit::Scale,
        ..Transform::default()
    };
    let err = run(&small, &t).unwrap_err();
    assert!(err.contains("14000×14000") && err.contains("MiB"), "{err}");
    // Within the limit, the same enlargement is made.
    let t = Transform {
        width: Some(4_000),
        height: Some(4_000),
        ..t
    };
    let made = run(&small, &t).unwrap();
    assert_eq!((made.width, made.height), (4_000, 4_000));
}

/// PNG's CRC-32, for a hand-made chunk.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn circle_makes_the_corners_clear_and_jpeg_becomes_png() {
    let bytes = file(
        quadrants(300, 200),
        OutputFormat::Jpeg,
        &Metadata::default(),
    );
    let t = Transform {
        circle: true,
        ..sized(100, 100, Fit::Crop)
    };
    let c = run(&bytes, &t).unwrap();
    assert_eq!(c.format, OutputFormat::Png);
    let img = decoded(&c);
    assert_eq!(img.get_pixel(0, 0).0[3], 0);
    assert_eq!(img.get_pixel(50, 50).0[3], 255);
}

#[test]
fn the_name_follows_the_format() {
    assert_eq!(OutputFormat::Jpeg.name_for("photo.png"), "photo.jpg");
    assert_eq!(OutputFormat::Jpeg.name_for("photo.JPEG"), "photo.JPEG");
    assert_eq!(OutputFormat::Webp.name_for("scan"), "scan.webp");
    assert_eq!(OutputFormat::Png.name_for("a.b.gif"), "a.b.png");
    assert_eq!(OutputFormat::Jpeg.name_for("IMG_0042.HEIC"), "IMG_0042.jpg");
}
