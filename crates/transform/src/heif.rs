//! HEIC/HEIF and AVIF through libheif (libde265 for HEVC, dav1d or aom for
//! AV1). libheif turns the image upright itself (`irot`, `imir`), so the
//! size given is the upright one and the EXIF orientation, which the HEIF
//! standard says to ignore, is not read. An AVIF sequence gives its primary
//! image, the first frame. libheif 1.15 (Debian 12's) decodes the whole
//! image, all its tiles; the memory is checked from the header first.

use super::metadata::Metadata;
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
/// 3 bytes a pixel at 4:4:4, plus alpha) and the interleaved RGBA out.
const DECODE_BYTES_PER_PIXEL: u32 = 8;

pub fn open(data: Vec<u8>, format: Format, limits: &Limits) -> Result<(Header, HeifSource), String> {
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
    /// The whole image, upright, as RGB or RGBA.
    pub fn decode(self, header: &Header, limits: &Limits) -> Result<Decoded, String> {
        limits.fits(header.width, header.height, DECODE_BYTES_PER_PIXEL)?;
        let (chroma, channels) = if header.alpha {
            (RgbChroma::Rgba, 4)
        } else {
            (RgbChroma::Rgb, 3)
        };
        let image = self
            .handle
            .decode(ColorSpace::Rgb(chroma), None)
            .map_err(|e| damaged(&e))?;
        let plane = image
            .planes()
            .interleaved
            .ok_or("it is damaged (libheif gave no pixels)")?;
        let (width, height) = (plane.width, plane.height);
        let row = width as usize * channels;
        if (width, height) != (header.width, header.height) || plane.stride < row {
            return Err("it is damaged (its pixels are not the size it claims)".into());
        }
        let mut pixels = limits.buffer(width, height, channels as u32)?;
        for (out, line) in pixels
            .chunks_exact_mut(row)
            .zip(plane.data.chunks(plane.stride))
        {
            out.copy_from_slice(&line[..row]);
        }
        Ok(Decoded {
            pixels,
            width,
            height,
            alpha: header.alpha,
            origin: (0.0, 0.0),
            scale: (1.0, 1.0),
        })
    }
}

fn damaged(err: &libheif_rs::HeifError) -> String {
    let detail = err.message.trim();
    match err.code {
        HeifErrorCode::UnsupportedFeature | HeifErrorCode::UnsupportedFileType => {
            format!("it uses a HEIF feature Cloudpick cannot read ({detail})")
        }
        HeifErrorCode::MemoryAllocationError => "it is larger than Cloudpick decodes".to_owned(),
        HeifErrorCode::DecoderPluginError if detail.is_empty() => {
            "its pixels could not be decoded".to_owned()
        }
        _ if detail.contains("end of data") || detail.contains("nsufficient") => {
            format!("the file ends too early (truncated): {detail}")
        }
        _ => format!("it is damaged ({detail})"),
    }
}
