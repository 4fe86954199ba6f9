//! HEIC/HEIF and AVIF through libheif (libde265 for HEVC, dav1d or aom for
//! AV1). libheif turns the image upright itself (`irot`, `imir`), so the
//! size given is the upright one and the EXIF orientation, which the HEIF
//! standard says to ignore, is not read. An AVIF sequence gives its primary
//! image, the first frame. libheif 1.15 (Debian 12's) decodes the whole
//! image, all its tiles (decoding only some tiles came in libheif 1.19);
//! the memory is checked from the header first, and only the region kept
//! is read out of libheif's buffer, averaged down.

use super::geometry::Region;
use super::metadata::Metadata;
use super::shrink::Shrinker;
use super::source::{Decoded, Format, Header, Limits};
use libheif_rs::{ColorProfile, ColorSpace, HeifContext, HeifErrorCode, ImageHandle, RgbChroma};

/// An opened HEIF file: the context borrows `data` (libheif reads it in
/// place), so it is declared first and dropped first.
pub struct HeifSource {
    handle: ImageHandle,
    _context: HeifContext,
    _data: Vec<u8>,
}

/// Bytes a pixel takes while libheif decodes: the decoded planes (up to
/// 3 bytes a pixel at 4:4:4; 1.5 at the usual 4:2:0) and the interleaved
/// RGB or RGBA made from them.
const DECODE_BYTES_PER_PIXEL: u32 = 6;

pub fn open(
    data: Vec<u8>,
    format: Format,
    limits: &Limits,
) -> Result<(Header, HeifSource), String> {
    let context = HeifContext::read_from_bytes(&data).map_err(|e| damaged(&e))?;
    let handle = context.primary_image_handle().map_err(|e| damaged(&e))?;
    // The stored size too: a rotation does not change the pixels decoded.
    let stored = (
        u32::try_from(handle.ispe_width()).unwrap_or(0),
        u32::try_from(handle.ispe_height()).unwrap_or(0),
    );
    limits.check(stored.0, stored.1)?;
    let (width, height) = (handle.width(), handle.height());
    if width == 0 || height == 0 {
        return Err("it is damaged (it says it has no pixels)".into());
    }
    limits.check(width, height)?;
    let icc = handle
        .color_profile_raw()
        .filter(|p| matches!(&p.profile_type().0, b"prof" | b"rICC"))
        .map(|p| p.data);
    let header = Header {
        format,
        width,
        height,
        alpha: handle.has_alpha_channel(),
        meta: Metadata { exif: None, icc },
    };
    Ok((
        header,
        HeifSource {
            handle,
            _context: context,
            _data: data,
        },
    ))
}

impl HeifSource {
    /// `region` of the upright image, averaged down on the way out of
    /// libheif's buffer as PNG rows are, so no second full-size copy is made.
    pub fn decode(
        self,
        header: &Header,
        region: Region,
        reduction: f64,
        limits: &Limits,
    ) -> Result<Decoded, String> {
        // A thumbnail the file carries (a phone's 320 × 240, say) serves
        // when it has at least a pixel for each pixel made.
        let thumbnail = embedded_thumbnail(&self.handle).filter(|t| {
            t.has_alpha_channel() == header.alpha
                && t.width() > 0
                && f64::from(header.width) / f64::from(t.width()) <= reduction
                && (u64::from(t.width()) * u64::from(header.height))
                    .abs_diff(u64::from(t.height()) * u64::from(header.width))
                    <= u64::from(header.width.max(header.height))
        });
        let handle = thumbnail.as_ref().unwrap_or(&self.handle);
        // Stored pixels per decoded pixel.
        let step = f64::from(header.width) / f64::from(handle.width());
        let (region, reduction) = (region.scaled(1.0 / step), reduction / step);
        limits.fits(handle.width(), handle.height(), DECODE_BYTES_PER_PIXEL)?;
        let (chroma, channels) = if header.alpha {
            (RgbChroma::Rgba, 4)
        } else {
            (RgbChroma::Rgb, 3)
        };
        let image = handle
            .decode(ColorSpace::Rgb(chroma), None)
            .map_err(|e| damaged(&e))?;
        let plane = image
            .planes()
            .interleaved
            .ok_or("it is damaged (libheif gave no pixels)")?;
        let (w, h) = (plane.width as usize, plane.height as usize);
        let row = w * channels;
        if (plane.width, plane.height) != (handle.width(), handle.height()) || plane.stride < row {
            return Err("it is damaged (its pixels are not the size it claims)".into());
        }
        let ([x0, y0, x1, y1], factor) = super::shrink::window(region, reduction, w, h);
        let mut shrinker = Shrinker::new([x0, y0, x1, y1], factor, channels);
        let (sw, sh) = shrinker.size();
        limits.buffer(sw, sh, 4)?;
        for y in y0..y1 {
            let line = plane
                .data
                .get(y * plane.stride..y * plane.stride + row)
                .ok_or("it is damaged (its pixels are not the size it claims)")?;
            shrinker.push(y, line);
        }
        Ok(shrinker.into_decoded(step))
    }
}

/// The largest thumbnail item of the image, if it has one.
fn embedded_thumbnail(handle: &ImageHandle) -> Option<ImageHandle> {
    let mut ids = vec![0; handle.number_of_thumbnails().min(16)];
    let n = handle.thumbnail_ids(&mut ids);
    ids[..n]
        .iter()
        .filter_map(|id| handle.thumbnail(*id).ok())
        .max_by_key(ImageHandle::width)
}

fn damaged(err: &libheif_rs::HeifError) -> String {
    let detail = err.message.trim();
    match err.code {
        HeifErrorCode::UnsupportedFeature | HeifErrorCode::UnsupportedFileType => {
            format!("it uses a HEIF feature Cloudpick cannot read ({detail})")
        }
        HeifErrorCode::MemoryAllocationError => {
            format!("it is larger than Cloudpick decodes ({detail})")
        }
        HeifErrorCode::DecoderPluginError if detail.is_empty() => {
            "its pixels could not be decoded".to_owned()
        }
        _ if detail.contains("end of data") || detail.contains("nsufficient") => {
            format!("the file ends too early (truncated): {detail}")
        }
        _ => format!("it is damaged ({detail})"),
    }
}

/// The upright size of a HEIF file's primary image from the start of the
/// file (its `meta` box), without libheif, which wants the whole file:
/// the `ispe` of the primary item, turned by its `irot`.
pub fn dimensions(head: &[u8]) -> Option<(u32, u32)> {
    let meta = children(head).find(|(kind, _)| kind == b"meta")?.1;
    let meta = meta.get(4..)?; // a full box: version and flags first
    let pitm = children(meta).find(|(kind, _)| kind == b"pitm")?.1;
    let primary = if pitm.first()? == &0 {
        u32::from(u16::from_be_bytes(pitm.get(4..6)?.try_into().ok()?))
    } else {
        u32::from_be_bytes(pitm.get(4..8)?.try_into().ok()?)
    };
    let iprp = children(meta).find(|(kind, _)| kind == b"iprp")?.1;
    let properties: Vec<_> =
        children(children(iprp).find(|(kind, _)| kind == b"ipco")?.1).collect();
    let ipma = children(iprp).find(|(kind, _)| kind == b"ipma")?.1;
    let (mut size, mut quarter_turns) = (None, 0);
    for index in associations(ipma, primary)? {
        let (kind, body) = properties.get(index.checked_sub(1)?)?;
        match kind {
            b"ispe" => {
                let w = u32::from_be_bytes(body.get(4..8)?.try_into().ok()?);
                let h = u32::from_be_bytes(body.get(8..12)?.try_into().ok()?);
                size = Some((w, h));
            }
            b"irot" => quarter_turns = body.first()? & 3,
            _ => {}
        }
    }
    let (w, h) = size?;
    Some(if quarter_turns % 2 == 1 {
        (h, w)
    } else {
        (w, h)
    })
}

/// The boxes in `data`: their type and their body.
fn children(data: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let size = u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind: [u8; 4] = data.get(at + 4..at + 8)?.try_into().ok()?;
        let (start, end) = match size {
            0 => (at + 8, data.len()),
            1 => {
                let large = u64::from_be_bytes(data.get(at + 8..at + 16)?.try_into().ok()?);
                (at + 16, at.checked_add(usize::try_from(large).ok()?)?)
            }
            n => (at + 8, at.checked_add(n)?),
        };
        // The last box may run past what was read (the pixels, say).
        let body = data.get(start..end.min(data.len()))?;
        at = end.max(start);
        Some((kind, body))
    })
}

/// The property indexes (from 1) that `ipma` associates with `item`.
fn associations(ipma: &[u8], item: u32) -> Option<Vec<usize>> {
    let (version, wide_index) = (*ipma.first()?, ipma.get(3)? & 1 == 1);
    let count = u32::from_be_bytes(ipma.get(4..8)?.try_into().ok()?);
    let mut at = 8;
    for _ in 0..count {
        let id = if version < 1 {
            at += 2;
            u32::from(u16::from_be_bytes(ipma.get(at - 2..at)?.try_into().ok()?))
        } else {
            at += 4;
            u32::from_be_bytes(ipma.get(at - 4..at)?.try_into().ok()?)
        };
        let n = usize::from(*ipma.get(at)?);
        at += 1;
        let mut found = Vec::with_capacity(n);
        for _ in 0..n {
            let index = if wide_index {
                at += 2;
                usize::from(u16::from_be_bytes(ipma.get(at - 2..at)?.try_into().ok()?) & 0x7FFF)
            } else {
                at += 1;
                usize::from(ipma.get(at - 1)? & 0x7F)
            };
            found.push(index);
        }
        if id == item {
            return Some(found);
        }
    }
    None
}
