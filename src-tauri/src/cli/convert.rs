//! `cloudpick convert`'s options, as Filestack's `convert` and the editor
//! name them, turned into a `Transform`.

use clap::Args;
use cloudpick_core::transform::{Align, CropRect, Fit, OutputFormat, Transform};

/// Parses a value the way the UI sends it (`crop`, `webp`, `replace`).
pub fn serde_value<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let normal = match text.to_ascii_lowercase().as_str() {
        "jpg" => "jpeg".to_owned(),
        other => other.to_owned(),
    };
    serde_json::from_value(serde_json::Value::String(normal))
        .map_err(|_| format!("{text:?} is not one of the values this option takes (see --help)"))
}

fn crop_rect(text: &str) -> Result<CropRect, String> {
    let n: Vec<u32> = text
        .split(',')
        .map(|p| p.trim().parse::<u32>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{text:?} is not x,y,width,height in pixels, like 10,20,400,300"))?;
    match n[..] {
        [x, y, width, height] if width > 0 && height > 0 => Ok(CropRect {
            x,
            y,
            width,
            height,
        }),
        _ => Err(format!(
            "{text:?} is not x,y,width,height in pixels, like 10,20,400,300"
        )),
    }
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Conversion")]
pub struct TransformArgs {
    /// Width in pixels
    #[arg(long, value_name = "PX")]
    pub width: Option<u32>,
    /// Height in pixels
    #[arg(long, value_name = "PX")]
    pub height: Option<u32>,
    /// clip (fit inside), crop (fill, then cut), scale (stretch) or max (clip, never larger)
    #[arg(long, value_name = "FIT", value_parser = serde_value::<Fit>)]
    pub fit: Option<Fit>,
    /// What a crop fit keeps: center, top, bottom, left or right
    #[arg(long, value_name = "SIDE", value_parser = serde_value::<Align>)]
    pub align: Option<Align>,
    /// A rectangle to keep, x,y,width,height (of the resized image, or of the original with --crop-first)
    #[arg(long, value_name = "X,Y,W,H", value_parser = crop_rect)]
    pub crop: Option<CropRect>,
    /// Crop the original before resizing (with no --crop: its centre, at the output's shape)
    #[arg(long)]
    pub crop_first: bool,
    /// Degrees clockwise
    #[arg(long, value_name = "DEG", allow_negative_numbers = true)]
    pub rotate: Option<f32>,
    /// Mirror top to bottom
    #[arg(long)]
    pub flip: bool,
    /// Mirror left to right
    #[arg(long)]
    pub flop: bool,
    /// Cut to the ellipse inside the output
    #[arg(long)]
    pub circle: bool,
    /// jpeg, png or webp (default: from OUT's extension, else the input's format)
    #[arg(long, value_name = "FORMAT", value_parser = serde_value::<OutputFormat>)]
    pub format: Option<OutputFormat>,
    /// 1-100, for JPEG and WebP
    #[arg(long, value_name = "Q", value_parser = clap::value_parser!(u8).range(1..=100))]
    pub quality: Option<u8>,
}

impl TransformArgs {
    pub fn transform(&self) -> Transform {
        let mut t = Transform {
            width: self.width,
            height: self.height,
            crop: self.crop,
            crop_first: self.crop_first,
            flip: self.flip,
            flop: self.flop,
            circle: self.circle,
            format: self.format,
            ..Transform::default()
        };
        if let Some(fit) = self.fit {
            t.fit = fit;
        }
        if let Some(align) = self.align {
            t.align = align;
        }
        if let Some(rotate) = self.rotate {
            t.rotate = rotate;
        }
        if let Some(quality) = self.quality {
            t.quality = quality;
        }
        t
    }
}
