//! The metadata a conversion reads and writes: EXIF (for the orientation)
//! and the ICC colour profile, found in JPEG segments and WebP chunks, and
//! written back the same way. Everything else the original carried (GPS,
//! camera, thumbnails) is dropped.

use image::metadata::Orientation;

/// What a file carries besides its pixels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The EXIF block as TIFF data (from its `MM`/`II` header on).
    pub exif: Option<Vec<u8>>,
    pub icc: Option<Vec<u8>>,
}

impl Metadata {
    pub fn orientation(&self) -> Orientation {
        self.exif
            .as_deref()
            .and_then(Orientation::from_exif_chunk)
            .unwrap_or(Orientation::NoTransforms)
    }
}

const EXIF_HEADER: &[u8] = b"Exif\0\0";
const ICC_HEADER: &[u8] = b"ICC_PROFILE\0";

/// The EXIF and ICC segments of a JPEG, read up to the image data.
pub fn jpeg(data: &[u8]) -> Metadata {
    let mut meta = Metadata::default();
    let mut icc_parts: Vec<(u8, &[u8])> = Vec::new();
    let mut at = 2; // after SOI
    while at + 4 <= data.len() && data[at] == 0xFF {
        let marker = data[at + 1];
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 || marker == 0xFF {
            at += if marker == 0xFF { 1 } else { 2 };
            continue;
        }
        let len = usize::from(u16::from_be_bytes([data[at + 2], data[at + 3]]));
        let Some(body) = data.get(at + 4..at + 2 + len).filter(|_| len >= 2) else {
            break;
        };
        match marker {
            0xE1 if body.starts_with(EXIF_HEADER) && meta.exif.is_none() => {
                meta.exif = Some(body[EXIF_HEADER.len()..].to_vec());
            }
            0xE2 if body.starts_with(ICC_HEADER) && body.len() > ICC_HEADER.len() + 2 => {
                let seq = body[ICC_HEADER.len()];
                icc_parts.push((seq, &body[ICC_HEADER.len() + 2..]));
            }
            0xDA | 0xD9 => break,
            _ => {}
        }
        at += 2 + len;
    }
    if !icc_parts.is_empty() {
        icc_parts.sort_by_key(|(seq, _)| *seq);
        meta.icc = Some(
            icc_parts
                .into_iter()
                .flat_map(|(_, p)| p.iter().copied())
                .collect(),
        );
    }
    meta
}

/// A RIFF chunk of a WebP file: its four-character code and its payload.
fn webp_chunks(data: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = 12;
    std::iter::from_fn(move || {
        let header = data.get(at..at + 8)?;
        let fourcc = [header[0], header[1], header[2], header[3]];
        let len = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let body = data.get(at + 8..(at + 8).checked_add(len)?)?;
        at += 8 + len + (len & 1);
        Some((fourcc, body))
    })
}

/// The EXIF and ICCP chunks of a WebP file.
pub fn webp(data: &[u8]) -> Metadata {
    let mut meta = Metadata::default();
    for (fourcc, body) in webp_chunks(data) {
        match &fourcc {
            b"EXIF" => {
                let tiff = body.strip_prefix(EXIF_HEADER).unwrap_or(body);
                meta.exif = Some(tiff.to_vec());
            }
            b"ICCP" => meta.icc = Some(body.to_vec()),
            _ => {}
        }
    }
    meta
}

/// An EXIF block that holds only the orientation tag.
pub fn orientation_only(o: Orientation) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // one value
    tiff.extend_from_slice(&u16::from(o.to_exif()).to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    tiff
}

/// `jpeg` with EXIF and ICC segments put after its JFIF header.
pub fn into_jpeg(jpeg: Vec<u8>, meta: &Metadata) -> Vec<u8> {
    if meta.exif.is_none() && meta.icc.is_none() {
        return jpeg;
    }
    // After SOI, and after APP0 (JFIF) when the encoder wrote one.
    let mut at = 2;
    if jpeg.get(2..4) == Some(&[0xFF, 0xE0]) && jpeg.len() > 6 {
        at = 4 + usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
    }
    let mut segments = Vec::new();
    let mut segment = |marker: u8, parts: &[&[u8]]| {
        let len: usize = 2 + parts.iter().map(|p| p.len()).sum::<usize>();
        segments.extend_from_slice(&[0xFF, marker]);
        segments.extend_from_slice(&(len as u16).to_be_bytes());
        for p in parts {
            segments.extend_from_slice(p);
        }
    };
    if let Some(exif) = meta.exif.as_deref().filter(|e| e.len() + 8 <= 0xFFFF) {
        segment(0xE1, &[EXIF_HEADER, exif]);
    }
    if let Some(icc) = meta.icc.as_deref() {
        // A segment holds at most 65,519 bytes of profile.
        let chunks: Vec<&[u8]> = icc.chunks(65_519).collect();
        if chunks.len() <= 255 {
            for (i, chunk) in chunks.iter().enumerate() {
                segment(
                    0xE2,
                    &[ICC_HEADER, &[i as u8 + 1, chunks.len() as u8], chunk],
                );
            }
        }
    }
    let mut out = Vec::with_capacity(jpeg.len() + segments.len());
    out.extend_from_slice(&jpeg[..at]);
    out.extend_from_slice(&segments);
    out.extend_from_slice(&jpeg[at..]);
    out
}

/// `webp` (a simple or extended file from libwebp) rewritten as an
/// extended file that also carries the ICC profile and EXIF.
pub fn into_webp(webp: &[u8], meta: &Metadata, width: u32, height: u32) -> Vec<u8> {
    if meta.exif.is_none() && meta.icc.is_none() {
        return webp.to_vec();
    }
    let mut flags = 0u8;
    let mut image_chunks = Vec::new();
    for (fourcc, body) in webp_chunks(webp) {
        match &fourcc {
            b"VP8X" => flags |= body.first().copied().unwrap_or(0) & 0x10,
            b"ALPH" => {
                flags |= 0x10;
                image_chunks.push((fourcc, body));
            }
            _ => image_chunks.push((fourcc, body)),
        }
    }
    let mut chunks: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    if let Some(icc) = &meta.icc {
        flags |= 0x20;
        chunks.push((*b"ICCP", icc.clone()));
    }
    chunks.extend(image_chunks.into_iter().map(|(f, b)| (f, b.to_vec())));
    if let Some(exif) = &meta.exif {
        flags |= 0x08;
        chunks.push((*b"EXIF", exif.clone()));
    }
    let mut vp8x = vec![flags, 0, 0, 0];
    vp8x.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
    chunks.insert(0, (*b"VP8X", vp8x));
    let mut body = b"WEBP".to_vec();
    for (fourcc, payload) in &chunks {
        body.extend_from_slice(fourcc);
        body.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        body.extend_from_slice(payload);
        if payload.len() % 2 == 1 {
            body.push(0);
        }
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_orientation_block_reads_back() {
        let tiff = orientation_only(Orientation::Rotate90);
        let meta = Metadata {
            exif: Some(tiff),
            icc: None,
        };
        assert_eq!(meta.orientation(), Orientation::Rotate90);
        assert_eq!(Metadata::default().orientation(), Orientation::NoTransforms);
    }

    #[test]
    fn jpeg_segments_written_are_read_back_with_a_long_profile_in_parts() {
        let plain = vec![
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, b'J', b'F', 0xFF, 0xDA, 0, 2, 0xFF, 0xD9,
        ];
        let meta = Metadata {
            exif: Some(orientation_only(Orientation::Rotate180)),
            icc: Some((0..150_000u32).map(|i| (i % 251) as u8).collect()),
        };
        let with = into_jpeg(plain.clone(), &meta);
        assert_eq!(&with[..8], &plain[..8], "SOI and JFIF stay first");
        assert_eq!(jpeg(&with), meta);
        assert_eq!(jpeg(&plain), Metadata::default());
    }

    #[test]
    fn webp_chunks_written_are_read_back() {
        // A simple file: RIFF, WEBP, one VP8 chunk with an odd length.
        let mut simple = b"RIFF\x0f\0\0\0WEBPVP8 \x03\0\0\0abc\0".to_vec();
        simple[4] = (simple.len() - 8) as u8;
        let meta = Metadata {
            exif: Some(orientation_only(Orientation::FlipVertical)),
            icc: Some(vec![1, 2, 3]),
        };
        let with = into_webp(&simple, &meta, 640, 480);
        assert_eq!(webp(&with), meta);
        let kinds: Vec<[u8; 4]> = webp_chunks(&with).map(|(f, _)| f).collect();
        assert_eq!(kinds, [*b"VP8X", *b"ICCP", *b"VP8 ", *b"EXIF"]);
        let riff = u32::from_le_bytes(with[4..8].try_into().unwrap()) as usize;
        assert_eq!(riff + 8, with.len());
    }

    #[test]
    fn broken_metadata_is_ignored_not_trusted() {
        assert_eq!(
            jpeg(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, b'E']),
            Metadata::default()
        );
        assert_eq!(jpeg(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 0]), Metadata::default());
        assert_eq!(
            webp(b"RIFF\0\0\0\0WEBPEXIF\xff\xff\xff\xff"),
            Metadata::default()
        );
    }
}
