//! Where each output pixel comes from: a conversion's resize and crop become
//! one region of the upright original and the size it is scaled to. Decoders
//! read only that region, shrunk as far as the output allows.

use super::options::{Align, CropArea, CropRect, Cropped, Fit, Transform};

/// A rectangle in the original's pixels, with fractions (a crop after a
/// resize lands between pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Region {
    pub fn whole(width: u32, height: u32) -> Self {
        Region {
            x: 0.0,
            y: 0.0,
            width: f64::from(width),
            height: f64::from(height),
        }
    }

    /// The same rectangle in pixels `factor` times as many a side.
    pub fn scaled(&self, factor: f64) -> Region {
        Region {
            x: self.x * factor,
            y: self.y * factor,
            width: self.width * factor,
            height: self.height * factor,
        }
    }

    /// The rectangle's part that lies inside this one, in the same
    /// coordinates as `self`'s own pixels scaled by `scale`.
    fn cut(&self, rect: CropRect, scale_x: f64, scale_y: f64) -> Option<Region> {
        let x0 = f64::from(rect.x) / scale_x;
        let y0 = f64::from(rect.y) / scale_y;
        let x1 = (f64::from(rect.x) + f64::from(rect.width)) / scale_x;
        let y1 = (f64::from(rect.y) + f64::from(rect.height)) / scale_y;
        let x1 = x1.min(self.width);
        let y1 = y1.min(self.height);
        (x1 > x0 && y1 > y0).then_some(Region {
            x: self.x + x0,
            y: self.y + y0,
            width: x1 - x0,
            height: y1 - y0,
        })
    }
}

/// What to read and what to make of it, before rotation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    /// The part of the upright original that is kept.
    pub region: Region,
    /// The size that part is scaled to.
    pub width: u32,
    pub height: u32,
}

impl Plan {
    /// Filestack's `cropped`, when anything was cut away.
    pub fn cropped(&self, original: (u32, u32)) -> Option<Cropped> {
        let area = CropArea {
            position: [self.region.x.round() as u32, self.region.y.round() as u32],
            size: [
                (self.region.width.round() as u32).max(1),
                (self.region.height.round() as u32).max(1),
            ],
        };
        let whole = area.position == [0, 0] && area.size == [original.0, original.1];
        (!whole).then_some(Cropped {
            crop_area: area,
            original_image_size: [original.0, original.1],
        })
    }

    /// How many original pixels stand behind one output pixel, the smaller
    /// of the two directions: how far a decoder may shrink while it reads.
    pub fn reduction(&self) -> f64 {
        (self.region.width / f64::from(self.width)).min(self.region.height / f64::from(self.height))
    }
}

/// The plan for an upright image of `width` × `height`, or why there is none.
pub fn plan(width: u32, height: u32, t: &Transform) -> Result<Plan, String> {
    if width == 0 || height == 0 {
        return Err("The image has no pixels".into());
    }
    if t.width == Some(0) || t.height == Some(0) {
        return Err("A width or height of 0 pixels cannot be made".into());
    }
    let mut region = Region::whole(width, height);
    // The seeds' `convert({width, height, crop_first})` with no rectangle:
    // the original's centre at the output's shape is cut first.
    let seeds_crop_first =
        t.crop_first && t.crop.is_none() && t.width.is_some() && t.height.is_some();
    let fit_crop;
    let t = if seeds_crop_first {
        fit_crop = Transform {
            fit: Fit::Crop,
            ..t.clone()
        };
        &fit_crop
    } else {
        t
    };
    if t.crop_first {
        if let Some(rect) = t.crop {
            region = region
                .cut(rect, 1.0, 1.0)
                .ok_or_else(|| outside(rect, width, height))?;
        }
    }
    let (region, out_w, out_h) = resized(region, t);
    let (region, out_w, out_h) = match t.crop.filter(|_| !t.crop_first) {
        None => (region, out_w, out_h),
        Some(rect) => {
            let sx = f64::from(out_w) / region.width;
            let sy = f64::from(out_h) / region.height;
            let cut = region
                .cut(rect, sx, sy)
                .ok_or_else(|| outside(rect, out_w, out_h))?;
            let w = rect.width.min(out_w.saturating_sub(rect.x)).max(1);
            let h = rect.height.min(out_h.saturating_sub(rect.y)).max(1);
            (cut, w, h)
        }
    };
    Ok(Plan {
        region,
        width: out_w,
        height: out_h,
    })
}

fn outside(rect: CropRect, width: u32, height: u32) -> String {
    format!(
        "The crop {}×{} at {},{} lies outside the {width}×{height} image",
        rect.width, rect.height, rect.x, rect.y
    )
}

/// The region (narrowed for a `crop` fit) and the size it is resized to.
fn resized(region: Region, t: &Transform) -> (Region, u32, u32) {
    let (w0, h0) = (region.width, region.height);
    let fit_inside = |s: f64| (region, px(w0 * s), px(h0 * s));
    match (t.width, t.height) {
        (None, None) => (region, px(w0), px(h0)),
        (Some(w), None) => fit_inside(limit(f64::from(w) / w0, t.fit)),
        (None, Some(h)) => fit_inside(limit(f64::from(h) / h0, t.fit)),
        (Some(w), Some(h)) => {
            let (fw, fh) = (f64::from(w), f64::from(h));
            match t.fit {
                Fit::Clip => fit_inside((fw / w0).min(fh / h0)),
                Fit::Max => fit_inside((fw / w0).min(fh / h0).min(1.0)),
                Fit::Scale => (region, w, h),
                Fit::Crop => {
                    let s = (fw / w0).max(fh / h0);
                    let (vw, vh) = ((fw / s).min(w0), (fh / s).min(h0));
                    let (ax, ay) = match t.align {
                        Align::Center => (0.5, 0.5),
                        Align::Top => (0.5, 0.0),
                        Align::Bottom => (0.5, 1.0),
                        Align::Left => (0.0, 0.5),
                        Align::Right => (1.0, 0.5),
                    };
                    let narrowed = Region {
                        x: region.x + (w0 - vw) * ax,
                        y: region.y + (h0 - vh) * ay,
                        width: vw,
                        height: vh,
                    };
                    (narrowed, w, h)
                }
            }
        }
    }
}

/// `max` never enlarges; the other fits may.
fn limit(scale: f64, fit: Fit) -> f64 {
    if fit == Fit::Max {
        scale.min(1.0)
    } else {
        scale
    }
}

/// A length in whole pixels, at least one.
fn px(length: f64) -> u32 {
    (length.round() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(width: Option<u32>, height: Option<u32>, fit: Fit) -> Transform {
        Transform {
            width,
            height,
            fit,
            ..Transform::default()
        }
    }

    fn size(p: &Plan) -> (u32, u32) {
        (p.width, p.height)
    }

    #[test]
    fn fit_modes_give_the_sizes_filestack_documents() {
        let both = |fit| plan(6000, 4000, &t(Some(400), Some(400), fit)).unwrap();
        assert_eq!(size(&both(Fit::Clip)), (400, 267));
        assert_eq!(size(&both(Fit::Max)), (400, 267));
        assert_eq!(size(&both(Fit::Scale)), (400, 400));
        let crop = both(Fit::Crop);
        assert_eq!(size(&crop), (400, 400));
        assert_eq!(
            crop.region,
            Region {
                x: 1000.0,
                y: 0.0,
                width: 4000.0,
                height: 4000.0
            }
        );
        // Only one side given: the other follows the aspect ratio.
        assert_eq!(
            size(&plan(6000, 4000, &t(Some(300), None, Fit::Scale)).unwrap()),
            (300, 200)
        );
        assert_eq!(
            size(&plan(6000, 4000, &t(None, Some(100), Fit::Crop)).unwrap()),
            (150, 100)
        );
    }

    #[test]
    fn clip_enlarges_and_max_does_not() {
        let small = |fit| size(&plan(100, 50, &t(Some(400), Some(400), fit)).unwrap());
        assert_eq!(small(Fit::Clip), (400, 200));
        assert_eq!(small(Fit::Max), (100, 50));
    }

    #[test]
    fn crop_fit_keeps_the_side_align_names() {
        let aligned = |align| {
            plan(
                6000,
                4000,
                &Transform {
                    align,
                    ..t(Some(400), Some(400), Fit::Crop)
                },
            )
            .unwrap()
            .region
        };
        assert_eq!(aligned(Align::Left).x, 0.0);
        assert_eq!(aligned(Align::Right).x, 2000.0);
        let tall = |align| {
            plan(
                1000,
                3000,
                &Transform {
                    align,
                    ..t(Some(100), Some(100), Fit::Crop)
                },
            )
            .unwrap()
            .region
        };
        assert_eq!(tall(Align::Top).y, 0.0);
        assert_eq!(tall(Align::Bottom).y, 2000.0);
        assert_eq!(tall(Align::Center).y, 1000.0);
    }

    #[test]
    fn crop_first_cuts_the_original_then_resizes() {
        let p = plan(
            6000,
            4000,
            &Transform {
                crop: Some(CropRect {
                    x: 1000,
                    y: 500,
                    width: 2000,
                    height: 2000,
                }),
                crop_first: true,
                ..t(Some(400), Some(400), Fit::Clip)
            },
        )
        .unwrap();
        assert_eq!(size(&p), (400, 400));
        assert_eq!(
            p.region,
            Region {
                x: 1000.0,
                y: 500.0,
                width: 2000.0,
                height: 2000.0
            }
        );
        assert_eq!(
            p.cropped((6000, 4000)).unwrap().crop_area,
            CropArea {
                position: [1000, 500],
                size: [2000, 2000]
            }
        );
    }

    #[test]
    fn crop_first_without_a_rectangle_cuts_the_centre_at_the_outputs_shape() {
        let p = plan(
            6000,
            4000,
            &Transform {
                crop_first: true,
                ..t(Some(400), Some(400), Fit::Clip)
            },
        )
        .unwrap();
        assert_eq!(size(&p), (400, 400));
        assert_eq!(p.region.x, 1000.0);
        assert_eq!(p.region.width, 4000.0);
    }

    #[test]
    fn without_crop_first_the_rectangle_is_of_the_resized_image() {
        // 6000×4000 clipped to 600×400, then 100×100 at 50,50 of that:
        // 1000×1000 at 500,500 of the original.
        let p = plan(
            6000,
            4000,
            &Transform {
                crop: Some(CropRect {
                    x: 50,
                    y: 50,
                    width: 100,
                    height: 100,
                }),
                ..t(Some(600), Some(400), Fit::Clip)
            },
        )
        .unwrap();
        assert_eq!(size(&p), (100, 100));
        assert_eq!(
            p.region,
            Region {
                x: 500.0,
                y: 500.0,
                width: 1000.0,
                height: 1000.0
            }
        );
    }

    #[test]
    fn a_crop_past_the_edge_is_cut_to_the_image_and_one_outside_is_refused() {
        let edge = plan(
            100,
            100,
            &Transform {
                crop: Some(CropRect {
                    x: 80,
                    y: 0,
                    width: 50,
                    height: 100,
                }),
                crop_first: true,
                ..Transform::default()
            },
        )
        .unwrap();
        assert_eq!(size(&edge), (20, 100));
        let outside = plan(
            100,
            100,
            &Transform {
                crop: Some(CropRect {
                    x: 100,
                    y: 0,
                    width: 5,
                    height: 5,
                }),
                crop_first: true,
                ..Transform::default()
            },
        )
        .unwrap_err();
        assert!(outside.contains("outside the 100×100 image"), "{outside}");
    }

    #[test]
    fn nothing_asked_keeps_the_image_and_records_no_crop() {
        let p = plan(640, 480, &Transform::default()).unwrap();
        assert_eq!(size(&p), (640, 480));
        assert_eq!(p.cropped((640, 480)), None);
        assert_eq!(p.reduction(), 1.0);
        assert!(plan(0, 10, &Transform::default()).is_err());
        assert!(plan(10, 10, &t(Some(0), None, Fit::Clip)).is_err());
    }
}
