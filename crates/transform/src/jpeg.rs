//! JPEG through libjpeg-turbo: the DCT scales the image down by 2, 4 or 8
//! while it decodes, which is most of why a thumbnail of a 24-megapixel photo
//! takes a fraction of a full decode.

use super::metadata;
use super::source::{Decoded, Format, Header, Limits};
use turbojpeg::{Colorspace, Decompressor, Image, PixelFormat, ScalingFactor};

/// Progressive files with more scans than this are refused: each scan
/// revisits the whole image, so a crafted file can make decoding crawl.
const MAX_SCANS: u32 = 500;

fn decompressor() -> Result<Decompressor, String> {
    let mut d = Decompressor::new().map_err(|e| e.to_string())?;
    d.set_scan_limit(MAX_SCANS).map_err(|e| e.to_string())?;
    Ok(d)
}

pub fn header(data: &[u8], limits: &Limits) -> Result<Header, String> {
    let header = decompressor()?.read_header(data).map_err(damaged)?;
    let (width, height) = (header.width as u32, header.height as u32);
    limits.check(width, height)?;
    Ok(Header {
        format: Format::Jpeg,
        width,
        height,
        alpha: false,
        meta: metadata::jpeg(data),
    })
}

pub fn decode(
    data: &[u8],
    header: &Header,
    reduction: f64,
    limits: &Limits,
) -> Result<Decoded, String> {
    let mut d = decompressor()?;
    let info = d.read_header(data).map_err(damaged)?;
    let shrink = if info.is_lossless {
        1
    } else {
        [8, 4, 2, 1]
            .into_iter()
            .find(|k| *k as f64 <= reduction)
            .unwrap_or(1)
    };
    let factor = ScalingFactor::new(1, shrink);
    d.set_scaling_factor(factor).map_err(|e| e.to_string())?;
    let scaled = info.scaled(factor);
    let (width, height) = (scaled.width as u32, scaled.height as u32);
    let cmyk = matches!(info.colorspace, Colorspace::CMYK | Colorspace::YCCK);
    let format = if cmyk {
        PixelFormat::CMYK
    } else {
        PixelFormat::RGB
    };
    let channels = format.size() as u32;
    let mut pixels = limits.buffer(width, height, channels)?;
    let image = Image {
        pixels: pixels.as_mut_slice(),
        width: scaled.width,
        pitch: scaled.width * format.size(),
        height: scaled.height,
        format,
    };
    if let Err(err) = d.decompress(data, image) {
        let message = err.to_string();
        // libjpeg's warnings about stray bytes still leave a whole image;
        // anything else, a file that ends early above all, is an error.
        if !message.contains("Corrupt JPEG data: ") || message.contains("premature end") {
            return Err(damaged(err));
        }
    }
    if cmyk {
        pixels = from_cmyk(&pixels);
    }
    Ok(Decoded {
        pixels,
        width,
        height,
        alpha: false,
        origin: (0.0, 0.0),
        scale: (
            f64::from(header.width) / f64::from(width),
            f64::from(header.height) / f64::from(height),
        ),
    })
}

/// Adobe's CMYK JPEGs store the inks inverted: 255 is no ink.
fn from_cmyk(cmyk: &[u8]) -> Vec<u8> {
    cmyk.chunks_exact(4)
        .flat_map(|p| {
            let k = u16::from(p[3]);
            [0, 1, 2].map(|i| ((u16::from(p[i]) * k + 127) / 255) as u8)
        })
        .collect()
}

fn damaged(err: turbojpeg::Error) -> String {
    let message = err.to_string();
    let message = message.trim_start_matches("TurboJPEG error: ");
    if message.contains("Premature end") {
        "the file ends too early (truncated)".to_owned()
    } else {
        format!("it is damaged ({message})")
    }
}
