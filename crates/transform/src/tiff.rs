//! TIFF, strip by strip or tile row by tile row: only the chunks that hold
//! the region kept are decoded, averaged down while they arrive (the same
//! `Shrinker` as PNG's rows). The first page is the image; later pages are
//! never read, so a file of ten thousand pages costs what its first does.

use super::geometry::Region;
use super::metadata::{self, Metadata};
use super::shrink::Shrinker;
use super::source::{Decoded, Format, Header, Limits};
use super::tiff_strips::{self, Layout};
use ::tiff::decoder::{ChunkType, Decoder, DecodingResult};
use ::tiff::tags::Tag;
use ::tiff::ColorType;
use image::metadata::Orientation;
use std::io::{BufRead, Seek};

pub struct TiffSource<R: BufRead + Seek> {
    decoder: Decoder<R>,
    /// Set when the strips can be decompressed in parallel.
    strips: Option<Layout>,
    color: ColorType,
    width: u32,
    height: u32,
}

/// A chunk (strip or tile) larger than this is refused: a decoder holds
/// one at a time, and ordinary files keep them to a few hundred KiB.
const MAX_CHUNK_BYTES: usize = 128 * 1024 * 1024;

pub fn open<R: BufRead + Seek>(
    input: R,
    limits: &Limits,
) -> Result<(Header, TiffSource<R>), String> {
    let mut tiff_limits = ::tiff::decoder::Limits::default();
    tiff_limits.decoding_buffer_size = MAX_CHUNK_BYTES.min(limits.max_alloc as usize);
    tiff_limits.intermediate_buffer_size = MAX_CHUNK_BYTES.min(limits.max_alloc as usize);
    let mut decoder = Decoder::new(input)
        .map_err(damaged)?
        .with_limits(tiff_limits);
    let (width, height) = decoder.dimensions().map_err(damaged)?;
    limits.check(width, height)?;
    if decoder
        .find_tag_unsigned::<u16>(Tag::PlanarConfiguration)
        .map_err(damaged)?
        .is_some_and(|c| c == 2)
    {
        return Err(
            "it stores each colour in its own plane, a TIFF layout Cloudpick does not read".into(),
        );
    }
    let color = decoder.colortype().map_err(damaged)?;
    let strips = strip_layout(&mut decoder, width, height, color)?;
    let orientation = decoder
        .find_tag_unsigned::<u8>(Tag::Orientation)
        .ok()
        .flatten()
        .and_then(Orientation::from_exif)
        .unwrap_or(Orientation::NoTransforms);
    let icc = decoder
        .find_tag(Tag::IccProfile)
        .ok()
        .flatten()
        .and_then(|v| v.into_u8_vec().ok());
    let header = Header {
        format: Format::Tiff,
        width,
        height,
        alpha: matches!(color, ColorType::GrayA(_) | ColorType::RGBA(_)),
        meta: Metadata {
            exif: (orientation != Orientation::NoTransforms)
                .then(|| metadata::orientation_only(orientation)),
            icc,
        },
    };
    Ok((
        header,
        TiffSource {
            decoder,
            strips,
            color,
            width,
            height,
        },
    ))
}

/// The layout of a file whose strips `tiff_strips` decompresses: 8- or
/// 16-bit unsigned samples, uncompressed or LZW, no predictor or the
/// horizontal one. `None` for everything else.
fn strip_layout<R: BufRead + Seek>(
    decoder: &mut Decoder<R>,
    width: u32,
    height: u32,
    color: ColorType,
) -> Result<Option<Layout>, String> {
    let samples = channels(color)?;
    let bits = match color {
        ColorType::Gray(b)
        | ColorType::GrayA(b)
        | ColorType::RGB(b)
        | ColorType::RGBA(b)
        | ColorType::CMYK(b) => usize::from(b),
        _ => return Ok(None),
    };
    if decoder.get_chunk_type() != ChunkType::Strip {
        return Ok(None);
    }
    let tag = |decoder: &mut Decoder<R>, tag, default| {
        decoder
            .find_tag_unsigned::<u16>(tag)
            .ok()
            .flatten()
            .unwrap_or(default)
    };
    let compression = tag(decoder, Tag::Compression, 1);
    let predictor = tag(decoder, Tag::Predictor, 1);
    let format = decoder
        .find_tag_unsigned_vec::<u16>(Tag::SampleFormat)
        .ok()
        .flatten()
        .unwrap_or_default();
    if !matches!(compression, 1 | 5)
        || !matches!(predictor, 1 | 2)
        || format.iter().any(|f| *f != 1)
    {
        return Ok(None);
    }
    let rows_per_strip = (decoder.chunk_dimensions().1.max(1) as usize).min(height as usize);
    let list = |decoder: &mut Decoder<R>, tag| {
        decoder
            .find_tag_unsigned_vec::<u64>(tag)
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    let (offsets, counts) = (
        list(decoder, Tag::StripOffsets),
        list(decoder, Tag::StripByteCounts),
    );
    let strips = (height as usize).div_ceil(rows_per_strip);
    if offsets.len() != strips || counts.len() != strips {
        return Ok(None);
    }
    Ok(Some(Layout {
        width: width as usize,
        height: height as usize,
        rows_per_strip,
        samples,
        bits,
        lzw: compression == 5,
        predictor: predictor == 2,
        little_endian: decoder.byte_order() == ::tiff::tags::ByteOrder::LittleEndian,
        offsets,
        counts,
    }))
}

/// The channels a pixel of `color` has, or why Cloudpick does not read it.
fn channels(color: ColorType) -> Result<usize, String> {
    match color {
        ColorType::Gray(8 | 16) => Ok(1),
        ColorType::GrayA(8 | 16) => Ok(2),
        ColorType::RGB(8 | 16) => Ok(3),
        ColorType::RGBA(8 | 16) => Ok(4),
        ColorType::CMYK(8) => Ok(4),
        other => Err(format!(
            "its colours are stored as {other:?}, a kind of TIFF Cloudpick does not convert (8- or 16-bit grey, RGB or RGBA, and 8-bit CMYK)"
        )),
    }
}

impl<R: BufRead + Seek> TiffSource<R> {
    pub fn decode(
        mut self,
        region: Region,
        reduction: f64,
        limits: &Limits,
    ) -> Result<Decoded, String> {
        let (w, h) = (self.width as usize, self.height as usize);
        let ([x0, y0, x1, y1], factor) = super::shrink::window(region, reduction, w, h);
        let cmyk = matches!(self.color, ColorType::CMYK(_));
        let cin = channels(self.color)?;
        // CMYK arrives as RGB once converted.
        let cout = if cmyk { 3 } else { cin };
        let mut shrinker = Shrinker::new([x0, y0, x1, y1], factor, cout);
        let (sw, sh) = shrinker.size();
        limits.buffer(sw, sh, 4)?;
        let (cw, ch) = self.decoder.chunk_dimensions();
        let (cw, ch) = (cw.max(1) as usize, ch.max(1) as usize);
        let tiled = self.decoder.get_chunk_type() == ChunkType::Tile;
        let across = if tiled { w.div_ceil(cw) } else { 1 };
        // One band of rows, the image's width, as 8-bit samples.
        let band_bytes = w
            .checked_mul(ch)
            .and_then(|n| n.checked_mul(cout))
            .filter(|&n| n as u64 <= limits.max_alloc)
            .ok_or("its strips or tiles are larger than Cloudpick decodes")?;
        let mut band = vec![0u8; band_bytes];
        let line = w * cout;
        if let Some(layout) = self.strips.take() {
            let (first, last) = (y0 / layout.rows_per_strip, (y1 - 1) / layout.rows_per_strip);
            tiff_strips::decode(
                self.decoder.inner(),
                &layout,
                first,
                last,
                |top, samples| {
                    let rows = samples.len() / (w * cin);
                    let rows_here = if cmyk {
                        // Full-width strips: `place` cannot fail on them.
                        let _ = place(&mut band, samples, [w, rows, 0, line], cin, cmyk);
                        &band[..]
                    } else {
                        samples
                    };
                    for y in top.max(y0)..(top + rows).min(y1) {
                        let at = (y - top) * line;
                        shrinker.push(y, &rows_here[at..at + line]);
                    }
                },
            )?;
            return Ok(shrinker.into_decoded(1.0));
        }
        for band_index in y0 / ch..=(y1 - 1) / ch {
            let top = band_index * ch;
            let rows = ch.min(h - top);
            let columns = if tiled {
                x0 / cw..=(x1 - 1) / cw
            } else {
                0..=0
            };
            for column in columns {
                let index = u32::try_from(band_index * across + column)
                    .map_err(|_| "it has too many strips or tiles")?;
                let chunk = self.decoder.read_chunk(index).map_err(damaged)?;
                let (dw, dh) = self.decoder.chunk_data_dimensions(index);
                let (dw, dh) = (dw as usize, (dh as usize).min(rows));
                let samples = eight_bit(chunk)?;
                let left = if tiled { column * cw } else { 0 };
                let dw = dw.min(w - left);
                place(&mut band, &samples, [dw, dh, left, line], cin, cmyk)?;
            }
            for y in top.max(y0)..(top + rows).min(y1) {
                let at = (y - top) * line;
                shrinker.push(y, &band[at..at + line]);
            }
        }
        Ok(shrinker.into_decoded(1.0))
    }
}

/// Copies a chunk's `rows` rows of `width` pixels (`cin` 8-bit samples
/// each) into the band at column `left`, CMYK turned to RGB.
fn place(
    band: &mut [u8],
    samples: &[u8],
    [width, rows, left, line]: [usize; 4],
    cin: usize,
    cmyk: bool,
) -> Result<(), String> {
    let cout = if cmyk { 3 } else { cin };
    for y in 0..rows {
        let from = samples
            .get(y * width * cin..(y + 1) * width * cin)
            .ok_or("the file ends too early (truncated)")?;
        let to = &mut band[y * line + left * cout..y * line + (left + width) * cout];
        if cmyk {
            for (px, k) in to.chunks_exact_mut(3).zip(from.chunks_exact(4)) {
                let white = 255 - u32::from(k[3]);
                for (o, c) in px.iter_mut().zip(&k[..3]) {
                    *o = ((255 - u32::from(*c)) * white / 255) as u8;
                }
            }
        } else {
            to.copy_from_slice(from);
        }
    }
    Ok(())
}

/// Samples as bytes: 16-bit ones keep their high byte.
fn eight_bit(chunk: DecodingResult) -> Result<Vec<u8>, String> {
    match chunk {
        DecodingResult::U8(v) => Ok(v),
        DecodingResult::U16(v) => Ok(v.into_iter().map(|s| (s >> 8) as u8).collect()),
        _ => Err("its samples are not whole numbers of 8 or 16 bits, a kind of TIFF Cloudpick does not convert".into()),
    }
}

fn damaged(err: ::tiff::TiffError) -> String {
    match err {
        ::tiff::TiffError::LimitsExceeded => "it is larger than Cloudpick decodes".to_owned(),
        ::tiff::TiffError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends too early (truncated)".to_owned()
        }
        ::tiff::TiffError::UnsupportedError(e) => {
            format!("it uses a TIFF feature Cloudpick cannot read ({e})")
        }
        other => format!("it is damaged ({other})"),
    }
}
