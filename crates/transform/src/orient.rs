//! EXIF orientation: which way the stored pixels must be turned to stand
//! upright, and where an upright region lies among the stored pixels.

use super::geometry::Region;
use image::metadata::Orientation;

/// Whether the orientation swaps width and height.
pub fn transposes(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The upright size of a stored `width` × `height` image.
pub fn upright(o: Orientation, width: u32, height: u32) -> (u32, u32) {
    if transposes(o) {
        (height, width)
    } else {
        (width, height)
    }
}

/// `region` of the upright image, in the stored pixels of a `width` ×
/// `height` image with orientation `o`.
pub fn to_stored(region: Region, o: Orientation, width: u32, height: u32) -> Region {
    let (w, h) = (f64::from(width), f64::from(height));
    let (u0, v0) = (region.x, region.y);
    let (u1, v1) = (region.x + region.width, region.y + region.height);
    // Each maps an upright point to the stored point it shows.
    let map = |u: f64, v: f64| -> (f64, f64) {
        match o {
            Orientation::NoTransforms => (u, v),
            Orientation::FlipHorizontal => (w - u, v),
            Orientation::Rotate180 => (w - u, h - v),
            Orientation::FlipVertical => (u, h - v),
            Orientation::Rotate90FlipH => (v, u),
            Orientation::Rotate90 => (v, h - u),
            Orientation::Rotate270FlipH => (w - v, h - u),
            Orientation::Rotate270 => (w - v, u),
        }
    };
    let (ax, ay) = map(u0, v0);
    let (bx, by) = map(u1, v1);
    Region {
        x: ax.min(bx),
        y: ay.min(by),
        width: (ax - bx).abs(),
        height: (ay - by).abs(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, GenericImageView, Rgb, RgbImage};

    const ALL: [Orientation; 8] = [
        Orientation::NoTransforms,
        Orientation::FlipHorizontal,
        Orientation::Rotate180,
        Orientation::FlipVertical,
        Orientation::Rotate90FlipH,
        Orientation::Rotate90,
        Orientation::Rotate270FlipH,
        Orientation::Rotate270,
    ];

    #[test]
    fn an_upright_pixel_maps_to_the_stored_pixel_that_shows_there() {
        // A 5×3 image whose pixels name their own stored position.
        let stored = RgbImage::from_fn(5, 3, |x, y| Rgb([x as u8, y as u8, 7]));
        for o in ALL {
            let mut turned = DynamicImage::ImageRgb8(stored.clone());
            turned.apply_orientation(o);
            let (uw, uh) = upright(o, 5, 3);
            assert_eq!(turned.dimensions(), (uw, uh), "{o:?}");
            for (u, v) in [(0, 0), (uw - 1, 0), (1, uh - 1), (uw - 1, uh - 1)] {
                let px = turned.get_pixel(u, v);
                let one = Region {
                    x: f64::from(u),
                    y: f64::from(v),
                    width: 1.0,
                    height: 1.0,
                };
                let at = to_stored(one, o, 5, 3);
                assert_eq!((at.width, at.height), (1.0, 1.0), "{o:?}");
                assert_eq!(
                    (at.x as u8, at.y as u8),
                    (px[0], px[1]),
                    "{o:?} upright {u},{v}"
                );
            }
        }
    }
}
