//! WebP through libwebp, which crops and scales while it decodes.

use super::geometry::Region;
use super::metadata;
use super::source::{Decoded, Format, Header, Limits};

/// A still WebP's header; an animated WebP is its first frame.
pub fn open(data: Vec<u8>, limits: &Limits) -> Result<(Header, Opened), String> {
    let features = cloudpick_webp::features(&data).map_err(|e| format!("it is damaged ({e})"))?;
    let meta = metadata::webp(&data);
    if !features.has_animation {
        limits.check(features.width, features.height)?;
        let header = Header {
            format: Format::Webp,
            width: features.width,
            height: features.height,
            alpha: features.has_alpha,
            meta,
        };
        return Ok((header, Opened::Still(data)));
    }
    let frame = cloudpick_webp::first_frame(&data)?;
    limits.check(frame.canvas_width, frame.canvas_height)?;
    let covers = frame.x == 0
        && frame.y == 0
        && (frame.width, frame.height) == (frame.canvas_width, frame.canvas_height);
    if covers {
        // The first frame is a whole still image: it crops and scales as one.
        let header = Header {
            format: Format::Webp,
            width: frame.width,
            height: frame.height,
            alpha: frame.has_alpha,
            meta,
        };
        return Ok((header, Opened::Still(frame.bitstream)));
    }
    // A smaller first frame sits on a clear canvas.
    let (cw, ch) = (frame.canvas_width, frame.canvas_height);
    let mut canvas = limits.buffer(cw, ch, 4)?;
    let mut pixels = limits.buffer(frame.width, frame.height, 4)?;
    let whole = cloudpick_webp::Window {
        x: 0,
        y: 0,
        width: frame.width,
        height: frame.height,
    };
    cloudpick_webp::decode_into(
        &frame.bitstream,
        whole,
        frame.width,
        frame.height,
        true,
        &mut pixels,
    )
    .map_err(|e| format!("it is damaged ({e})"))?;
    let (row, line) = (frame.width as usize * 4, cw as usize * 4);
    for (y, src) in pixels.chunks_exact(row).enumerate() {
        let at = (frame.y as usize + y) * line + frame.x as usize * 4;
        canvas[at..at + row].copy_from_slice(src);
    }
    let header = Header {
        format: Format::Webp,
        width: cw,
        height: ch,
        alpha: true,
        meta,
    };
    let decoded = Decoded {
        pixels: canvas,
        width: cw,
        height: ch,
        alpha: true,
        origin: (0.0, 0.0),
        scale: (1.0, 1.0),
    };
    Ok((header, Opened::Whole(decoded)))
}

/// What an opened WebP decodes from.
pub enum Opened {
    /// A still image's bitstream, cropped and scaled while it decodes.
    Still(Vec<u8>),
    /// Pixels already made: a first frame placed on its canvas.
    Whole(Decoded),
}

pub fn decode(
    data: &[u8],
    header: &Header,
    region: Region,
    reduction: f64,
    limits: &Limits,
) -> Result<Decoded, String> {
    // The whole pixels that hold the region.
    let x0 = region.x.floor().max(0.0) as u32;
    let y0 = region.y.floor().max(0.0) as u32;
    let x1 = (region.x + region.width)
        .ceil()
        .min(f64::from(header.width)) as u32;
    let y1 = (region.y + region.height)
        .ceil()
        .min(f64::from(header.height)) as u32;
    let window = cloudpick_webp::Window {
        x: x0,
        y: y0,
        width: (x1 - x0).max(1),
        height: (y1 - y0).max(1),
    };
    let shrink = reduction.floor().max(1.0);
    let width = ((f64::from(window.width) / shrink).ceil() as u32).max(1);
    let height = ((f64::from(window.height) / shrink).ceil() as u32).max(1);
    let alpha = header.alpha;
    let mut pixels = limits.buffer(width, height, if alpha { 4 } else { 3 })?;
    cloudpick_webp::decode_into(data, window, width, height, alpha, &mut pixels).map_err(|e| {
        if e.contains("truncated") {
            e
        } else {
            format!("it is damaged ({e})")
        }
    })?;
    Ok(Decoded {
        pixels,
        width,
        height,
        alpha,
        origin: (f64::from(window.x), f64::from(window.y)),
        scale: (
            f64::from(window.width) / f64::from(width),
            f64::from(window.height) / f64::from(height),
        ),
    })
}
