//! Decoding within limits: each format reads its header first, is checked
//! against the limits, and then decodes only the region a conversion keeps,
//! shrunk while decoding as far as the output allows.

use super::geometry::Region;
use super::metadata::Metadata;
use super::{heif, jpeg, png, tiff, webp};
use std::io::{BufRead, Read, Seek, SeekFrom};

/// How much a decode may take. A file that claims more is refused before
/// any pixel memory is allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The widest or tallest image read, in pixels.
    pub max_side: u32,
    /// The most pixels an image may claim.
    pub max_pixels: u64,
    /// The most bytes of pixels held at once.
    pub max_alloc: u64,
    /// The largest file read into memory (JPEG, WebP, GIF, BMP; PNG streams).
    pub max_input: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_side: 30_000,
            max_pixels: 200_000_000,
            max_alloc: 512 * 1024 * 1024,
            max_input: 256 * 1024 * 1024,
        }
    }
}

impl Limits {
    pub fn check(&self, width: u32, height: u32) -> Result<(), String> {
        if width > self.max_side || height > self.max_side {
            return Err(format!(
                "it claims to be {width}×{height} pixels, more than the {} a side Cloudpick reads",
                self.max_side
            ));
        }
        if u64::from(width) * u64::from(height) > self.max_pixels {
            return Err(format!(
                "it claims to be {width}×{height} pixels, more than the {} megapixels Cloudpick reads",
                self.max_pixels / 1_000_000
            ));
        }
        Ok(())
    }

    /// A buffer for `width` × `height` pixels of `channels` bytes, if the
    /// budget allows it.
    pub fn buffer(&self, width: u32, height: u32, channels: u32) -> Result<Vec<u8>, String> {
        let bytes = self.fits(width, height, channels)?;
        Ok(vec![0; bytes as usize])
    }

    /// The bytes of `width` × `height` pixels of `channels` bytes, or why
    /// the budget does not allow them; nothing is allocated.
    pub fn fits(&self, width: u32, height: u32, channels: u32) -> Result<u64, String> {
        let bytes = u64::from(width) * u64::from(height) * u64::from(channels);
        if bytes > self.max_alloc {
            return Err(format!(
                "{width}×{height} pixels need {} MiB, more than the {} MiB a conversion may use",
                bytes >> 20,
                self.max_alloc >> 20
            ));
        }
        Ok(bytes)
    }
}

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
    Bmp,
    Tiff,
    /// HEIC and other HEIF files (HEVC inside).
    Heif,
    /// AV1 inside HEIF.
    Avif,
}

impl Format {
    pub fn sniff(head: &[u8]) -> Option<Format> {
        match head {
            [0xFF, 0xD8, 0xFF, ..] => Some(Format::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(Format::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(Format::Webp),
            [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some(Format::Gif),
            [b'B', b'M', ..] => Some(Format::Bmp),
            [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => Some(Format::Tiff),
            [_, _, _, _, b'f', b't', b'y', b'p', brand @ ..] => heif_brand(brand),
            _ => None,
        }
    }
}

/// The HEIF family by the `ftyp` box's major brand.
fn heif_brand(brand: &[u8]) -> Option<Format> {
    match brand.get(..4)? {
        b"avif" | b"avis" => Some(Format::Avif),
        b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" => {
            Some(Format::Heif)
        }
        _ => None,
    }
}

/// The file name extensions of the formats read.
pub const EXTENSIONS: [&str; 11] = [
    "jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff", "heic", "heif", "avif",
];

/// An image's size from its first bytes (a few hundred KiB say it for
/// every format read), without decoding it; `None` when they do not. HEIF
/// sizes are upright, as libheif gives them; the others as stored.
pub fn dimensions(head: &[u8]) -> Option<(u32, u32)> {
    match Format::sniff(head)? {
        Format::Heif | Format::Avif => heif::dimensions(head),
        _ => {
            let reader = image::ImageReader::new(std::io::Cursor::new(head))
                .with_guessed_format()
                .ok()?;
            reader.into_dimensions().ok()
        }
    }
}

/// The names of the formats read, for messages.
pub const READ: &str = "JPEG, PNG, WebP, GIF, BMP, TIFF, HEIC or AVIF";

/// An image's size and what it carries, read before any pixel.
#[derive(Debug, Clone)]
pub struct Header {
    pub format: Format,
    /// As stored (before EXIF orientation).
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub meta: Metadata,
}

/// Pixels that stand for a part of the stored image, RGB or RGBA.
pub struct Decoded {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    /// The stored point that decoded pixel (0, 0)'s corner shows.
    pub origin: (f64, f64),
    /// Stored pixels per decoded pixel, across and down.
    pub scale: (f64, f64),
}

impl Decoded {
    /// `stored` (a region of the stored image) in these pixels.
    pub fn region_of(&self, stored: Region) -> Region {
        let x = ((stored.x - self.origin.0) / self.scale.0).max(0.0);
        let y = ((stored.y - self.origin.1) / self.scale.1).max(0.0);
        Region {
            x,
            y,
            width: (stored.width / self.scale.0).min(f64::from(self.width) - x),
            height: (stored.height / self.scale.1).min(f64::from(self.height) - y),
        }
    }
}

/// An opened image: its header, and what decodes its pixels.
pub enum Source<R: BufRead + Seek> {
    Jpeg(Vec<u8>),
    Png(Box<png::PngSource<R>>),
    Webp(Vec<u8>),
    Tiff(Box<tiff::TiffSource<R>>),
    Heif(Box<heif::HeifSource>),
    /// GIF (its first frame), BMP, and a WebP animation's first frame,
    /// decoded whole.
    Whole(Decoded),
}

/// Reads `input`'s header. Nothing but the header is decoded yet.
pub fn open<R: BufRead + Seek>(
    mut input: R,
    limits: &Limits,
) -> Result<(Header, Source<R>), String> {
    let mut head = [0u8; 16];
    let mut got = 0;
    while got < head.len() {
        match input.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) => return Err(e.to_string()),
        }
    }
    input.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    let format = Format::sniff(&head[..got]).ok_or_else(|| {
        if got == 0 {
            "the file is empty".to_owned()
        } else {
            format!("it is not an image Cloudpick converts ({READ}), whatever its name says")
        }
    })?;
    match format {
        Format::Png => {
            let (header, source) = png::open(input, limits)?;
            Ok((header, Source::Png(Box::new(source))))
        }
        Format::Jpeg => {
            let data = read_all(input, limits)?;
            let header = jpeg::header(&data, limits)?;
            Ok((header, Source::Jpeg(data)))
        }
        Format::Webp => {
            let data = read_all(input, limits)?;
            match webp::open(data, limits)? {
                (header, webp::Opened::Still(data)) => Ok((header, Source::Webp(data))),
                (header, webp::Opened::Whole(decoded)) => Ok((header, Source::Whole(decoded))),
            }
        }
        Format::Tiff => {
            let (header, source) = tiff::open(input, limits)?;
            Ok((header, Source::Tiff(Box::new(source))))
        }
        Format::Heif | Format::Avif => {
            let data = read_all(input, limits)?;
            let (header, source) = heif::open(data, format, limits)?;
            Ok((header, Source::Heif(Box::new(source))))
        }
        Format::Gif | Format::Bmp => {
            let data = read_all(input, limits)?;
            let decoded = whole(&data, format, limits)?;
            let header = Header {
                format,
                width: decoded.width,
                height: decoded.height,
                alpha: decoded.alpha,
                meta: Metadata::default(),
            };
            Ok((header, Source::Whole(decoded)))
        }
    }
}

impl<R: BufRead + Seek> Source<R> {
    /// Decodes `region` of the stored image, shrunk while decoding by up to
    /// `reduction` (stored pixels per output pixel).
    pub fn decode(
        self,
        header: &Header,
        region: Region,
        reduction: f64,
        limits: &Limits,
    ) -> Result<Decoded, String> {
        match self {
            Source::Jpeg(data) => jpeg::decode(&data, header, reduction, limits),
            Source::Png(source) => source.decode(region, reduction, limits),
            Source::Webp(data) => webp::decode(&data, header, region, reduction, limits),
            Source::Tiff(source) => source.decode(region, reduction, limits),
            Source::Heif(source) => source.decode(header, region, reduction, limits),
            Source::Whole(decoded) => Ok(decoded),
        }
    }
}

fn read_all(input: impl Read, limits: &Limits) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    input
        .take(limits.max_input + 1)
        .read_to_end(&mut data)
        .map_err(|e| e.to_string())?;
    if data.len() as u64 > limits.max_input {
        return Err(format!(
            "the file is larger than the {} MiB Cloudpick converts",
            limits.max_input >> 20
        ));
    }
    Ok(data)
}

fn whole(data: &[u8], format: Format, limits: &Limits) -> Result<Decoded, String> {
    let format = match format {
        Format::Gif => image::ImageFormat::Gif,
        _ => image::ImageFormat::Bmp,
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let mut decode_limits = image::Limits::default();
    decode_limits.max_image_width = Some(limits.max_side);
    decode_limits.max_image_height = Some(limits.max_side);
    decode_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(decode_limits.clone());
    let (w, h) = reader.into_dimensions().map_err(describe)?;
    limits.check(w, h)?;
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    reader.limits(decode_limits);
    let image = reader.decode().map_err(describe)?;
    let alpha = image.color().has_alpha();
    let pixels = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Decoded {
        pixels,
        width: w,
        height: h,
        alpha,
        origin: (0.0, 0.0),
        scale: (1.0, 1.0),
    })
}

/// The `image` crate's errors, in words for people.
pub fn describe(err: image::ImageError) -> String {
    match err {
        image::ImageError::Limits(_) => "it is larger than Cloudpick decodes".to_owned(),
        image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends too early (truncated)".to_owned()
        }
        other => format!("it is damaged ({other})"),
    }
}
