//! The last step of a resize: Lanczos-3 from the decoded pixels (already
//! shrunk while decoding) to the exact output size, cutting the region out
//! on the way, with SIMD where the processor has it.

use super::geometry::Region;
use super::source::Decoded;
use fast_image_resize::{images::Image, FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;

/// `region` of `decoded` (in its own pixels) at `width` × `height`.
pub fn resample(
    decoded: Decoded,
    region: Region,
    width: u32,
    height: u32,
) -> Result<DynamicImage, String> {
    let pixel = if decoded.alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let whole = region.x == 0.0
        && region.y == 0.0
        && region.width == f64::from(decoded.width)
        && region.height == f64::from(decoded.height);
    let pixels = if whole && (decoded.width, decoded.height) == (width, height) {
        decoded.pixels
    } else {
        let src = Image::from_vec_u8(decoded.width, decoded.height, decoded.pixels, pixel)
            .map_err(|e| e.to_string())?;
        let mut dst = Image::new(width, height, pixel);
        let options = ResizeOptions::new()
            .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
            .crop(
                region.x,
                region.y,
                region.width.max(1e-3),
                region.height.max(1e-3),
            );
        Resizer::new()
            .resize(&src, &mut dst, &options)
            .map_err(|e| e.to_string())?;
        dst.into_vec()
    };
    let image = if decoded.alpha {
        image::RgbaImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
    };
    image.ok_or_else(|| "the resized pixels do not fill the image".to_owned())
}
