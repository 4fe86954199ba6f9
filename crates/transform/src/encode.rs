//! Writing the result: JPEG through libjpeg-turbo, PNG through the `image`
//! crate, lossy WebP through libwebp, each with only the metadata asked for.

use super::metadata::{self, Metadata};
use super::options::OutputFormat;
use image::{DynamicImage, ImageEncoder};

pub fn encode(
    image: DynamicImage,
    format: OutputFormat,
    quality: u8,
    meta: &Metadata,
) -> Result<Vec<u8>, String> {
    let quality = quality.clamp(1, 100);
    let (width, height) = (image.width(), image.height());
    match format {
        OutputFormat::Jpeg => {
            let rgb = flatten(image);
            let mut compressor = turbojpeg::Compressor::new().map_err(|e| e.to_string())?;
            compressor
                .set_quality(i32::from(quality))
                .map_err(|e| e.to_string())?;
            compressor.set_optimize(true).map_err(|e| e.to_string())?;
            let jpeg = compressor
                .compress_to_vec(turbojpeg::Image {
                    pixels: rgb.as_raw().as_slice(),
                    width: width as usize,
                    pitch: width as usize * 3,
                    height: height as usize,
                    format: turbojpeg::PixelFormat::RGB,
                })
                .map_err(|e| e.to_string())?;
            Ok(metadata::into_jpeg(jpeg, meta))
        }
        OutputFormat::Png => {
            let mut out = Vec::new();
            let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
            if let Some(icc) = &meta.icc {
                encoder
                    .set_icc_profile(icc.clone())
                    .map_err(|e| e.to_string())?;
            }
            if let Some(exif) = &meta.exif {
                encoder
                    .set_exif_metadata(exif.clone())
                    .map_err(|e| e.to_string())?;
            }
            let (pixels, color) = if image.color().has_alpha() {
                (
                    image.into_rgba8().into_raw(),
                    image::ExtendedColorType::Rgba8,
                )
            } else {
                (image.into_rgb8().into_raw(), image::ExtendedColorType::Rgb8)
            };
            encoder
                .write_image(&pixels, width, height, color)
                .map_err(|e| e.to_string())?;
            Ok(out)
        }
        OutputFormat::Webp => {
            let alpha = image.color().has_alpha();
            let pixels = if alpha {
                image.into_rgba8().into_raw()
            } else {
                image.into_rgb8().into_raw()
            };
            let webp = cloudpick_webp::encode(&pixels, width, height, alpha, f32::from(quality))?;
            Ok(metadata::into_webp(&webp, meta, width, height))
        }
    }
}

/// RGB on white: JPEG has no transparency.
fn flatten(image: DynamicImage) -> image::RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        image::Rgb([0, 1, 2].map(|i| ((u16::from(p[i]) * a + 255 * (255 - a) + 127) / 255) as u8))
    })
}
