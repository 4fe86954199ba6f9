//! libwebp behind a safe API: what a file holds, a decode that crops and
//! scales while it reads (so a 24-megapixel photo never sits in memory
//! whole), and the lossy encoder. The caller's buffer receives the pixels,
//! so the caller decides how much memory a decode may take.

use libwebp_sys as sys;
use std::os::raw::c_int;

/// What the bitstream says of itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    pub width: u32,
    pub height: u32,
    pub has_alpha: bool,
    pub has_animation: bool,
}

/// A rectangle of the stored image, in whole pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

fn status(code: sys::VP8StatusCode) -> String {
    use sys::VP8StatusCode as S;
    match code {
        S::VP8_STATUS_OK => "no error",
        S::VP8_STATUS_OUT_OF_MEMORY => "out of memory",
        S::VP8_STATUS_INVALID_PARAM => "invalid parameters",
        S::VP8_STATUS_BITSTREAM_ERROR => "the data is damaged",
        S::VP8_STATUS_UNSUPPORTED_FEATURE => "a feature this decoder does not read",
        S::VP8_STATUS_SUSPENDED => "suspended",
        S::VP8_STATUS_USER_ABORT => "stopped",
        S::VP8_STATUS_NOT_ENOUGH_DATA => "the file ends too early (truncated)",
    }
    .to_owned()
}

fn int(value: u32) -> Result<c_int, String> {
    c_int::try_from(value).map_err(|_| format!("{value} is too large for libwebp"))
}

/// A row's bytes and the whole image's, for `width` × `height` pixels of
/// `channels` bytes, as libwebp takes them; `None` when they overflow.
fn layout(width: u32, height: u32, channels: usize) -> Option<(c_int, usize)> {
    let stride = (width as usize).checked_mul(channels)?;
    let total = stride.checked_mul(height as usize)?;
    let stride = c_int::try_from(stride).ok()?;
    Some((stride, total))
}

/// Reads the header of a WebP file.
pub fn features(data: &[u8]) -> Result<Features, String> {
    // SAFETY: WebPBitstreamFeatures is plain old data; all zeroes is a valid value.
    let mut features: sys::WebPBitstreamFeatures = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer and length describe `data`, which outlives the call;
    // `features` is a valid, writable struct of the version the library expects.
    let code = unsafe { sys::WebPGetFeatures(data.as_ptr(), data.len(), &mut features) };
    if code != sys::VP8StatusCode::VP8_STATUS_OK {
        return Err(status(code));
    }
    Ok(Features {
        width: u32::try_from(features.width).map_err(|_| "negative width".to_owned())?,
        height: u32::try_from(features.height).map_err(|_| "negative height".to_owned())?,
        has_alpha: features.has_alpha != 0,
        has_animation: features.has_animation != 0,
    })
}

/// Decodes `window` of the image scaled to `width` × `height`, as RGB
/// (3 bytes a pixel) or RGBA (4) into `out`, which must hold exactly
/// `width * height * channels` bytes.
pub fn decode_into(
    data: &[u8],
    window: Window,
    width: u32,
    height: u32,
    alpha: bool,
    out: &mut [u8],
) -> Result<(), String> {
    let channels: usize = if alpha { 4 } else { 3 };
    let (stride, total) =
        layout(width, height, channels).ok_or("the size asked for is too large for libwebp")?;
    if width == 0 || height == 0 || out.len() != total {
        return Err("the output buffer does not match the size asked for".into());
    }
    // SAFETY: the config is plain old data; WebPInitDecoderConfig fills it in.
    let mut config: sys::WebPDecoderConfig = unsafe { std::mem::zeroed() };
    // SAFETY: `config` is valid and writable.
    if !unsafe { sys::WebPInitDecoderConfig(&mut config) } {
        return Err("this libwebp does not match its bindings".into());
    }
    let options = &mut config.options;
    options.use_cropping = 1;
    options.crop_left = int(window.x)?;
    options.crop_top = int(window.y)?;
    options.crop_width = int(window.width)?;
    options.crop_height = int(window.height)?;
    options.use_scaling = 1;
    options.scaled_width = int(width)?;
    options.scaled_height = int(height)?;
    options.use_threads = 1;
    let output = &mut config.output;
    output.colorspace = if alpha {
        sys::WEBP_CSP_MODE::MODE_RGBA
    } else {
        sys::WEBP_CSP_MODE::MODE_RGB
    };
    output.is_external_memory = 1;
    output.u.RGBA = sys::WebPRGBABuffer {
        rgba: out.as_mut_ptr(),
        stride,
        size: out.len(),
    };
    // SAFETY: `data` outlives the call; the output buffer points at `out`,
    // whose length and stride were checked against the size libwebp writes,
    // and is marked external so libwebp neither reallocates nor frees it.
    let code = unsafe { sys::WebPDecode(data.as_ptr(), data.len(), &mut config) };
    // SAFETY: the buffer is external, so this only clears libwebp's own state.
    unsafe { sys::WebPFreeDecBuffer(&mut config.output) };
    if code != sys::VP8StatusCode::VP8_STATUS_OK {
        return Err(status(code));
    }
    Ok(())
}

/// The first frame of an animated WebP: its own bitstream (which
/// [`features`] and [`decode_into`] read like a still image's) and where it
/// sits on the canvas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub bitstream: Vec<u8>,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub canvas_width: u32,
    pub canvas_height: u32,
    pub has_alpha: bool,
}

/// Finds the first frame of an animated WebP.
pub fn first_frame(data: &[u8]) -> Result<Frame, String> {
    let webp = sys::WebPData {
        bytes: data.as_ptr(),
        size: data.len(),
    };
    // SAFETY: `webp` points at `data`, which outlives the demuxer (deleted
    // below, before returning); a null state pointer is allowed.
    let demux = unsafe {
        sys::WebPDemuxInternal(
            &webp,
            0,
            std::ptr::null_mut(),
            sys::WebPGetDemuxABIVersion(),
        )
    };
    if demux.is_null() {
        return Err("the animation is damaged or ends too early (truncated)".into());
    }
    // SAFETY: the iterator is plain old data that WebPDemuxGetFrame fills in.
    let mut iter: sys::WebPIterator = unsafe { std::mem::zeroed() };
    // SAFETY: `demux` is a live demuxer and `iter` is writable.
    let found = unsafe { sys::WebPDemuxGetFrame(demux, 1, &mut iter) } != 0;
    let frame = found.then(|| {
        // SAFETY: `demux` is live; these only read its header.
        let (canvas_width, canvas_height) = unsafe {
            (
                sys::WebPDemuxGetI(demux, sys::WebPFormatFeature::WEBP_FF_CANVAS_WIDTH),
                sys::WebPDemuxGetI(demux, sys::WebPFormatFeature::WEBP_FF_CANVAS_HEIGHT),
            )
        };
        // SAFETY: the fragment lies inside `data` (the demuxer does not copy)
        // and is valid while the demuxer lives; it is copied out here.
        let bitstream =
            unsafe { std::slice::from_raw_parts(iter.fragment.bytes, iter.fragment.size) }.to_vec();
        (bitstream, canvas_width, canvas_height)
    });
    let complete = iter.complete != 0;
    let place = [iter.x_offset, iter.y_offset, iter.width, iter.height].map(u32::try_from);
    // SAFETY: the iterator came from WebPDemuxGetFrame (or is zeroed, which
    // the release accepts), and the demuxer is not used after it is deleted.
    unsafe {
        sys::WebPDemuxReleaseIterator(&mut iter);
        sys::WebPDemuxDelete(demux);
    }
    let (bitstream, canvas_width, canvas_height) = frame.ok_or("the animation has no frames")?;
    let [Ok(x), Ok(y), Ok(width), Ok(height)] = place else {
        return Err("the animation's first frame has a negative size".into());
    };
    if !complete {
        return Err("the file ends too early (truncated)".into());
    }
    if x.saturating_add(width) > canvas_width || y.saturating_add(height) > canvas_height {
        return Err("the animation's first frame lies outside its canvas".into());
    }
    Ok(Frame {
        bitstream,
        x,
        y,
        width,
        height,
        canvas_width,
        canvas_height,
        has_alpha: iter.has_alpha != 0,
    })
}

/// Encodes RGB (3 bytes a pixel) or RGBA (4) pixels as lossy WebP at
/// `quality` (0–100).
pub fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    quality: f32,
) -> Result<Vec<u8>, String> {
    let channels: usize = if alpha { 4 } else { 3 };
    let (s, total) =
        layout(width, height, channels).ok_or("the size given is too large for libwebp")?;
    if width == 0 || height == 0 || pixels.len() != total {
        return Err("the pixels do not match the size given".into());
    }
    if width > 16_383 || height > 16_383 {
        return Err(format!(
            "WebP holds at most 16,383 pixels a side, not {width}×{height}"
        ));
    }
    let mut output: *mut u8 = std::ptr::null_mut();
    let (w, h) = (int(width)?, int(height)?);
    let quality = quality.clamp(0.0, 100.0);
    // SAFETY: `pixels` holds `height` rows of `stride` bytes (checked above)
    // and outlives the call; libwebp allocates `output` itself.
    let size = unsafe {
        if alpha {
            sys::WebPEncodeRGBA(pixels.as_ptr(), w, h, s, quality, &mut output)
        } else {
            sys::WebPEncodeRGB(pixels.as_ptr(), w, h, s, quality, &mut output)
        }
    };
    if output.is_null() || size == 0 {
        if !output.is_null() {
            // SAFETY: `output` came from libwebp's allocator.
            unsafe { sys::WebPFree(output.cast()) };
        }
        return Err("libwebp could not encode the image".into());
    }
    // SAFETY: libwebp wrote `size` bytes at `output`, which stays valid until freed below.
    let bytes = unsafe { std::slice::from_raw_parts(output, size) }.to_vec();
    // SAFETY: `output` came from libwebp's allocator and is not used after this.
    unsafe { sys::WebPFree(output.cast()) };
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: u32, height: u32) -> Vec<u8> {
        (0..height)
            .flat_map(|y| {
                (0..width)
                    .flat_map(move |x| [(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
            })
            .collect()
    }

    #[test]
    fn sizes_whose_bytes_overflow_are_refused_not_wrapped() {
        assert_eq!(layout(640, 480, 3), Some((1920, 921_600)));
        // A row wider than libwebp's int, and an image past usize, say so.
        assert_eq!(layout(u32::MAX, 1, 4), None);
        let mut out = [0u8; 16];
        let window = Window {
            x: 0,
            y: 0,
            width: 1,
            height: 1,
        };
        let err = decode_into(b"RIFF", window, u32::MAX, u32::MAX, true, &mut out).unwrap_err();
        assert!(err.contains("too large"), "{err}");
        let err = encode(&out, u32::MAX, 2, true, 80.0).unwrap_err();
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn encodes_then_decodes_a_cropped_scaled_window() {
        let webp = encode(&gradient(640, 480), 640, 480, false, 90.0).unwrap();
        let features = features(&webp).unwrap();
        assert_eq!((features.width, features.height), (640, 480));
        assert!(!features.has_alpha && !features.has_animation);
        let mut out = vec![0; 100 * 50 * 3];
        let window = Window {
            x: 320,
            y: 0,
            width: 320,
            height: 160,
        };
        decode_into(&webp, window, 100, 50, false, &mut out).unwrap();
        // The right half's left edge is half red; its top row has little green.
        let first = &out[..3];
        assert!((i32::from(first[0]) - 128).abs() < 12, "{first:?}");
        assert!(first[1] < 20, "{first:?}");
    }

    #[test]
    fn damaged_and_truncated_files_are_named() {
        let webp = encode(&gradient(64, 64), 64, 64, false, 80.0).unwrap();
        let mut out = vec![0; 64 * 64 * 3];
        let window = Window {
            x: 0,
            y: 0,
            width: 64,
            height: 64,
        };
        let cut =
            decode_into(&webp[..webp.len() / 2], window, 64, 64, false, &mut out).unwrap_err();
        assert!(
            cut.contains("truncated") || cut.contains("damaged"),
            "{cut}"
        );
        assert!(features(b"RIFF\x10\0\0\0WEBPjunkjunk").is_err());
        let mut wrong = vec![0; 10];
        assert!(decode_into(&webp, window, 64, 64, false, &mut wrong).is_err());
    }
}
