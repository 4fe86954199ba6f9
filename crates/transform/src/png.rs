//! PNG, row by row: only the rows of the region kept are decoded, averaged
//! down while they arrive, and reading stops after the region's last row.

use super::geometry::Region;
use super::metadata::Metadata;
use super::shrink::Shrinker;
use super::source::{Decoded, Format, Header, Limits};
use png::{ColorType, Transformations};
use std::io::{BufRead, Seek};

pub struct PngSource<R: BufRead + Seek> {
    reader: png::Reader<R>,
    channels: usize,
    interlaced: bool,
}

pub fn open<R: BufRead + Seek>(
    input: R,
    limits: &Limits,
) -> Result<(Header, PngSource<R>), String> {
    let mut decoder = png::Decoder::new_with_limits(
        input,
        png::Limits {
            bytes: limits.max_alloc as usize,
        },
    );
    decoder.set_transformations(Transformations::normalize_to_color8());
    let header = decoder.read_header_info().map_err(damaged)?;
    limits.check(header.width, header.height)?;
    let reader = decoder.read_info().map_err(damaged)?;
    let info = reader.info();
    let meta = Metadata {
        exif: info.exif_metadata.as_deref().map(<[u8]>::to_vec),
        icc: info.icc_profile.as_deref().map(<[u8]>::to_vec),
    };
    let (width, height, interlaced) = (info.width, info.height, info.interlaced);
    let channels = match reader.output_color_type().0 {
        ColorType::Grayscale => 1,
        ColorType::GrayscaleAlpha => 2,
        ColorType::Rgb | ColorType::Indexed => 3,
        ColorType::Rgba => 4,
    };
    let header = Header {
        format: Format::Png,
        width,
        height,
        alpha: channels == 2 || channels == 4,
        meta,
    };
    Ok((
        header,
        PngSource {
            reader,
            channels,
            interlaced,
        },
    ))
}

impl<R: BufRead + Seek> PngSource<R> {
    pub fn decode(
        mut self,
        region: Region,
        reduction: f64,
        limits: &Limits,
    ) -> Result<Decoded, String> {
        let info = self.reader.info();
        let (w, h) = (info.width as usize, info.height as usize);
        let ([x0, y0, x1, y1], factor) = super::shrink::window(region, reduction, w, h);
        let mut shrinker = Shrinker::new([x0, y0, x1, y1], factor, self.channels);
        let (sw, sh) = shrinker.size();
        limits.buffer(sw, sh, 4)?;
        if self.interlaced {
            // Adam7 passes each cover the whole image: decode it whole.
            let size = self.reader.output_buffer_size().ok_or("it is too large")?;
            let size = u32::try_from(size).map_err(|_| "it is larger than Cloudpick decodes")?;
            let mut frame = limits.buffer(size, 1, 1)?;
            self.reader.next_frame(&mut frame).map_err(damaged)?;
            let line = w * self.channels;
            for y in y0..y1 {
                shrinker.push(y, &frame[y * line..(y + 1) * line]);
            }
        } else {
            let mut y = 0;
            while !shrinker.done(y) {
                let row = self.reader.next_row().map_err(damaged)?;
                let row = row.ok_or("the file ends too early (truncated)")?;
                if shrinker.wants(y) {
                    shrinker.push(y, row.data());
                }
                y += 1;
            }
        }
        Ok(shrinker.into_decoded(1.0))
    }
}

fn damaged(err: png::DecodingError) -> String {
    match err {
        png::DecodingError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends too early (truncated)".to_owned()
        }
        png::DecodingError::LimitsExceeded => "it is larger than Cloudpick decodes".to_owned(),
        other => format!("it is damaged ({other})"),
    }
}
