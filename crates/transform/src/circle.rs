//! Filestack's `circle`: everything outside the ellipse that touches the
//! image's edges becomes transparent, with a one-pixel soft edge.

use image::{DynamicImage, RgbaImage};

pub fn circle(image: DynamicImage) -> DynamicImage {
    let mut rgba: RgbaImage = image.into_rgba8();
    let (w, h) = (f64::from(rgba.width()), f64::from(rgba.height()));
    let (rx, ry) = (w / 2.0, h / 2.0);
    for (x, y, px) in rgba.enumerate_pixels_mut() {
        let dx = (f64::from(x) + 0.5 - rx) / rx;
        let dy = (f64::from(y) + 0.5 - ry) / ry;
        // Distance outside the edge, in pixels (roughly).
        let outside = ((dx * dx + dy * dy).sqrt() - 1.0) * rx.min(ry);
        let cover = (0.5 - outside).clamp(0.0, 1.0);
        px.0[3] = (f64::from(px.0[3]) * cover).round() as u8;
    }
    DynamicImage::ImageRgba8(rgba)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GenericImageView, Rgb, RgbImage};

    #[test]
    fn corners_go_clear_and_the_centre_stays() {
        let square = DynamicImage::ImageRgb8(RgbImage::from_pixel(100, 100, Rgb([9, 99, 199])));
        let round = circle(square);
        assert_eq!(round.get_pixel(0, 0).0[3], 0);
        assert_eq!(round.get_pixel(99, 99).0[3], 0);
        assert_eq!(round.get_pixel(50, 50).0, [9, 99, 199, 255]);
        assert_eq!(
            round.get_pixel(50, 1).0[3],
            255,
            "the edge's middle is inside"
        );
    }
}
