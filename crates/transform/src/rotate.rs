//! Rotation by any angle and mirroring, after the resize. Quarter turns move
//! pixels exactly; other angles sample bilinearly onto a canvas grown to
//! hold the whole turned image.

use super::source::Limits;
use image::{DynamicImage, Rgba, RgbaImage};

/// Turns `image` `degrees` clockwise. Corners a free angle uncovers are
/// transparent (a JPEG output makes them white).
pub fn rotate(image: DynamicImage, degrees: f32, limits: &Limits) -> Result<DynamicImage, String> {
    let turn = degrees.rem_euclid(360.0);
    let quarter = (turn / 90.0).round();
    if (turn - quarter * 90.0).abs() < 1e-3 {
        return Ok(match quarter as u32 % 4 {
            1 => image.rotate90(),
            2 => image.rotate180(),
            3 => image.rotate270(),
            _ => image,
        });
    }
    let src = image.into_rgba8();
    let (w, h) = (f64::from(src.width()), f64::from(src.height()));
    let (sin, cos) = f64::from(turn).to_radians().sin_cos();
    let out_w = (w * cos.abs() + h * sin.abs()).ceil() as u32;
    let out_h = (w * sin.abs() + h * cos.abs()).ceil() as u32;
    limits.check(out_w, out_h)?;
    let buffer = limits.buffer(out_w, out_h, 4)?;
    let mut out = RgbaImage::from_raw(out_w, out_h, buffer).ok_or("no canvas")?;
    let (cx, cy) = (w / 2.0, h / 2.0);
    let (ox, oy) = (f64::from(out_w) / 2.0, f64::from(out_h) / 2.0);
    for (x, y, px) in out.enumerate_pixels_mut() {
        // The output pixel's centre, turned back into the source.
        let (dx, dy) = (f64::from(x) + 0.5 - ox, f64::from(y) + 0.5 - oy);
        let sx = dx * cos + dy * sin + cx - 0.5;
        let sy = -dx * sin + dy * cos + cy - 0.5;
        *px = bilinear(&src, sx, sy);
    }
    Ok(DynamicImage::ImageRgba8(out))
}

/// The colour at a point between pixels; outside the image is transparent.
fn bilinear(src: &RgbaImage, x: f64, y: f64) -> Rgba<u8> {
    let (w, h) = (i64::from(src.width()), i64::from(src.height()));
    let (x0, y0) = (x.floor() as i64, y.floor() as i64);
    let (fx, fy) = (x - x0 as f64, y - y0 as f64);
    let at = |x: i64, y: i64| -> [f64; 4] {
        if x < 0 || y < 0 || x >= w || y >= h {
            return [0.0; 4];
        }
        let p = src.get_pixel(x as u32, y as u32).0;
        // Premultiplied, so a transparent neighbour does not darken the edge.
        let a = f64::from(p[3]) / 255.0;
        [
            f64::from(p[0]) * a,
            f64::from(p[1]) * a,
            f64::from(p[2]) * a,
            f64::from(p[3]),
        ]
    };
    let (p00, p10, p01, p11) = (
        at(x0, y0),
        at(x0 + 1, y0),
        at(x0, y0 + 1),
        at(x0 + 1, y0 + 1),
    );
    let mut c = [0.0; 4];
    for i in 0..4 {
        let top = p00[i] * (1.0 - fx) + p10[i] * fx;
        let bottom = p01[i] * (1.0 - fx) + p11[i] * fx;
        c[i] = top * (1.0 - fy) + bottom * fy;
    }
    let a = c[3] / 255.0;
    let un = |v: f64| {
        if a > 0.0 {
            (v / a).round().clamp(0.0, 255.0) as u8
        } else {
            0
        }
    };
    Rgba([
        un(c[0]),
        un(c[1]),
        un(c[2]),
        c[3].round().clamp(0.0, 255.0) as u8,
    ])
}

/// Mirrors top to bottom (`flip`) and left to right (`flop`).
pub fn mirror(image: DynamicImage, flip: bool, flop: bool) -> DynamicImage {
    let image = if flip { image.flipv() } else { image };
    if flop {
        image.fliph()
    } else {
        image
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GenericImageView, Rgb, RgbImage};

    /// 4×2: the left half red, the right half blue.
    fn halves() -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(4, 2, |x, _| {
            if x < 2 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        }))
    }

    #[test]
    fn quarter_turns_are_exact_and_clockwise() {
        let limits = Limits::default();
        let turned = rotate(halves(), 90.0, &limits).unwrap();
        assert_eq!(turned.dimensions(), (2, 4));
        // Clockwise: the left (red) half ends on top.
        assert_eq!(turned.get_pixel(0, 0).0[..3], [255, 0, 0]);
        assert_eq!(turned.get_pixel(1, 3).0[..3], [0, 0, 255]);
        let back = rotate(halves(), -90.0, &limits).unwrap();
        assert_eq!(back.get_pixel(0, 0).0[..3], [0, 0, 255]);
        assert_eq!(
            rotate(halves(), 360.0, &limits).unwrap().dimensions(),
            (4, 2)
        );
    }

    #[test]
    fn a_free_angle_grows_the_canvas_and_leaves_the_corners_clear() {
        let square = DynamicImage::ImageRgb8(RgbImage::from_pixel(100, 100, Rgb([0, 200, 0])));
        let turned = rotate(square, 45.0, &Limits::default()).unwrap();
        assert_eq!(turned.dimensions(), (142, 142));
        assert_eq!(turned.get_pixel(0, 0).0[3], 0, "corner is transparent");
        assert_eq!(
            turned.get_pixel(71, 71).0,
            [0, 200, 0, 255],
            "centre is the image"
        );
    }

    #[test]
    fn mirrors_each_way() {
        let flopped = mirror(halves(), false, true);
        assert_eq!(flopped.get_pixel(0, 0).0[..3], [0, 0, 255]);
        let flipped = mirror(halves(), true, false);
        assert_eq!(flipped.get_pixel(0, 0).0[..3], [255, 0, 0]);
    }
}
