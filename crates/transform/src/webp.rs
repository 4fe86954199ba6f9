//! WebP through libwebp, which crops and scales while it decodes.

use super::geometry::Region;
use super::metadata;
use super::source::{Decoded, Format, Header, Limits};

pub fn header(data: &[u8], limits: &Limits) -> Result<Header, String> {
    let features = cloudpick_webp::features(data).map_err(|e| format!("it is damaged ({e})"))?;
    if features.has_animation {
        return Err("it is an animated WebP; Cloudpick converts still images".into());
    }
    limits.check(features.width, features.height)?;
    Ok(Header {
        format: Format::Webp,
        width: features.width,
        height: features.height,
        alpha: features.has_alpha,
        meta: metadata::webp(data),
    })
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
