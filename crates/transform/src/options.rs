//! What a conversion is asked to do, and what it records, in the names
//! Filestack uses (`crop_first`, `fit`, `cropped`, `rotated`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a resize treats the image's aspect ratio.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "Fit.ts")]
pub enum Fit {
    /// Fit inside width × height, keeping the aspect ratio (may enlarge).
    #[default]
    Clip,
    /// Fill width × height, keeping the aspect ratio, then cut what sticks
    /// out on the side `align` does not name.
    Crop,
    /// Exactly width × height, stretching if need be.
    Scale,
    /// Like `clip`, but never larger than the original.
    Max,
}

/// Which part of the image a `crop` fit keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "Align.ts")]
pub enum Align {
    #[default]
    Center,
    Top,
    Bottom,
    Left,
    Right,
}

/// A rectangle in pixels: `[x, y]` and `[width, height]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "CropRect.ts")]
pub struct CropRect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// The file format written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "OutputFormat.ts")]
pub enum OutputFormat {
    Jpeg,
    Png,
    Webp,
}

impl OutputFormat {
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "jpg",
            OutputFormat::Png => "png",
            OutputFormat::Webp => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "image/jpeg",
            OutputFormat::Png => "image/png",
            OutputFormat::Webp => "image/webp",
        }
    }

    /// The format a name's extension asks for.
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(OutputFormat::Jpeg),
            "png" => Some(OutputFormat::Png),
            "webp" => Some(OutputFormat::Webp),
            _ => None,
        }
    }

    /// `name` for a file of this format: `photo.png` as JPEG is `photo.jpg`;
    /// a name whose extension already says it stays (`photo.JPEG`).
    pub fn name_for(self, name: &str) -> String {
        if Self::from_name(name) == Some(self) {
            return name.to_owned();
        }
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        format!("{stem}.{}", self.extension())
    }
}

/// Filestack's `cleanupImageExif`: EXIF is always removed (it can carry
/// the place a photo was taken); these keep the parts that change how the
/// image looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, export_to = "ExifCleanup.ts")]
pub struct ExifCleanup {
    /// Write the original's orientation tag instead of turning the pixels
    /// upright; crop rectangles then refer to the stored pixels.
    pub keep_orientation: bool,
    /// Keep the colour profile, so colours look the same as in the original.
    #[serde(rename = "keepICC")]
    #[ts(rename = "keepICC")]
    pub keep_icc: bool,
}

impl Default for ExifCleanup {
    fn default() -> Self {
        ExifCleanup {
            keep_orientation: false,
            keep_icc: true,
        }
    }
}

/// One conversion. Resizing happens before the crop rectangle is cut,
/// unless `crop_first` says otherwise (the seeds' `convert` semantics);
/// rotation and flips come last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, export_to = "Transform.ts")]
pub struct Transform {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub fit: Fit,
    pub align: Align,
    /// A rectangle to keep: of the resized image, or of the original when
    /// `crop_first` is set.
    pub crop: Option<CropRect>,
    /// Cut `crop` from the original before resizing. With no rectangle and
    /// both sides given, the original's centre at the output's shape is cut
    /// first (the seeds' `convert({width: 400, height: 400, crop_first})`).
    pub crop_first: bool,
    /// Degrees clockwise; any angle. Free angles grow the canvas to hold
    /// the turned image, filled with white (JPEG) or transparency.
    pub rotate: f32,
    /// Cut to the ellipse inside the output (a circle when it is square);
    /// the corners become transparent, so JPEG input is written as PNG.
    pub circle: bool,
    /// Mirror top to bottom.
    pub flip: bool,
    /// Mirror left to right.
    pub flop: bool,
    /// The output's format; the input's when it can be written, else PNG.
    pub format: Option<OutputFormat>,
    /// 1–100, for JPEG and WebP.
    pub quality: u8,
    pub exif: ExifCleanup,
    /// For a PDF or an office document: the page to draw, from 1 (the
    /// first when absent). Pictures have none.
    #[ts(optional)]
    pub page: Option<u32>,
}

impl Default for Transform {
    fn default() -> Self {
        Transform {
            width: None,
            height: None,
            fit: Fit::default(),
            align: Align::default(),
            crop: None,
            crop_first: false,
            rotate: 0.0,
            circle: false,
            flip: false,
            flop: false,
            format: None,
            page: None,
            quality: 85,
            exif: ExifCleanup::default(),
        }
    }
}

/// Filestack's record of a crop: the area of the original that was kept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Cropped.ts")]
pub struct Cropped {
    pub crop_area: CropArea,
    /// `[width, height]` of the original, upright.
    pub original_image_size: [u32; 2],
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "CropArea.ts")]
pub struct CropArea {
    /// `[x, y]` in the original's pixels.
    pub position: [u32; 2],
    /// `[width, height]` in the original's pixels.
    pub size: [u32; 2],
}

/// Filestack's record of a rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "Rotated.ts")]
pub struct Rotated {
    /// `CW` or `CCW`.
    pub direction: String,
    /// Degrees, 0 to 360.
    pub value: f32,
}
