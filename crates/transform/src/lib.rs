//! Image conversions: resize (clip, crop, scale, max), crop rectangles
//! before or after the resize (`crop_first`), rotation, mirroring, EXIF
//! orientation, and JPEG, PNG or WebP out, with the metadata cleaned.
//!
//! The pipeline reads the header, plans which region of the upright image
//! is kept and how large it becomes (`geometry`), decodes only that region,
//! shrunk while decoding (`jpeg`, `png`, `webp`), resamples it to the exact
//! size (`resample`), turns it upright (`orient`), rotates and mirrors it
//! (`rotate`), and encodes it (`encode`). Every decode stays within
//! [`Limits`]: a file that claims too many pixels is refused before any
//! pixel memory is taken.

mod circle;
mod encode;
mod geometry;
mod heif;
mod jpeg;
mod metadata;
mod options;
mod orient;
mod png;
mod resample;
mod rotate;
mod shrink;
mod source;
mod tiff;
mod tiff_strips;
mod webp;

pub use options::{
    Align, CropArea, CropRect, Cropped, ExifCleanup, Fit, OutputFormat, Rotated, Transform,
};
pub use source::{dimensions, Format, Limits, EXTENSIONS, READ};

use image::metadata::Orientation;
use std::io::{BufRead, Seek};

/// A converted image and Filestack's records of what was done to it.
#[derive(Debug, Clone)]
pub struct Converted {
    pub bytes: Vec<u8>,
    pub format: OutputFormat,
    pub width: u32,
    pub height: u32,
    /// The original's size, upright.
    pub original: (u32, u32),
    pub cropped: Option<Cropped>,
    pub rotated: Option<Rotated>,
}

/// Converts the image `input` holds. The error says why a file cannot be
/// converted, in words for the person who chose it.
pub fn convert<R: BufRead + Seek>(
    input: R,
    t: &Transform,
    limits: &Limits,
) -> std::result::Result<Converted, String> {
    convert_choosing(input, t, limits, |format, alpha| match format {
        Format::Jpeg if alpha => OutputFormat::Png,
        Format::Jpeg => OutputFormat::Jpeg,
        Format::Webp => OutputFormat::Webp,
        Format::Png | Format::Gif | Format::Bmp => OutputFormat::Png,
        // "As the original" for what browsers and web forms seldom take.
        Format::Tiff | Format::Heif | Format::Avif if alpha => OutputFormat::Png,
        Format::Tiff | Format::Heif | Format::Avif => OutputFormat::Jpeg,
    })
}

/// The same, with the output format (when `t` names none) chosen from the
/// input's format and whether it has transparency.
pub fn convert_choosing<R: BufRead + Seek>(
    input: R,
    t: &Transform,
    limits: &Limits,
    choose: impl FnOnce(Format, bool) -> OutputFormat,
) -> std::result::Result<Converted, String> {
    if !(1..=100).contains(&t.quality) {
        return Err(format!("the quality must be 1 to 100, not {}", t.quality));
    }
    if !t.rotate.is_finite() {
        return Err("the rotation must be a number of degrees".into());
    }
    let (header, source) = source::open(input, limits)?;
    let stored = header.meta.orientation();
    let orientation = if t.exif.keep_orientation {
        Orientation::NoTransforms
    } else {
        stored
    };
    let (width, height) = orient::upright(orientation, header.width, header.height);
    let plan = geometry::plan(width, height, t)?;
    limits.check(plan.width, plan.height)?;
    // The output is RGBA at worst, before it is encoded.
    limits.fits(plan.width, plan.height, 4)?;
    let region = orient::to_stored(plan.region, orientation, header.width, header.height);
    let (out_w, out_h) = orient::upright(orientation, plan.width, plan.height);
    let decoded = source.decode(&header, region, plan.reduction(), limits)?;
    let within = decoded.region_of(region);
    let mut image = resample::resample(decoded, within, out_w, out_h)?;
    image.apply_orientation(orientation);
    let image = rotate::mirror(image, t.flip, t.flop);
    let image = if t.circle {
        circle::circle(image)
    } else {
        image
    };
    let image = rotate::rotate(image, t.rotate, limits)?;
    let format = t
        .format
        .unwrap_or_else(|| choose(header.format, header.alpha || t.circle));
    let kept = metadata::Metadata {
        exif: (t.exif.keep_orientation && stored != Orientation::NoTransforms)
            .then(|| metadata::orientation_only(stored)),
        icc: header.meta.icc.clone().filter(|_| t.exif.keep_icc),
    };
    let (out_w, out_h) = (image.width(), image.height());
    let bytes = encode::encode(image, format, t.quality, &kept)?;
    Ok(Converted {
        bytes,
        format,
        width: out_w,
        height: out_h,
        original: (width, height),
        cropped: plan.cropped((width, height)),
        rotated: rotated(t.rotate),
    })
}

/// Filestack's `rotated`: a clockwise or counter-clockwise turn of 0–360°.
fn rotated(degrees: f32) -> Option<Rotated> {
    let value = degrees.abs() % 360.0;
    (value > 1e-3).then(|| Rotated {
        direction: if degrees < 0.0 { "CCW" } else { "CW" }.to_owned(),
        value,
    })
}

#[cfg(test)]
mod tests;
