//! A box filter that shrinks rows as they are decoded: only the part of the
//! image that is kept is read, averaged `k` × `k` pixels at a time, so a
//! large image never sits in memory whole.

/// The whole pixels of a `w` × `h` image that hold `region`, as
/// `[x0, y0, x1, y1]`, and the block size to average: no more than half the
/// way down, so the resampler's filter does the rest without the box
/// filter's blockiness.
pub fn window(
    region: super::geometry::Region,
    reduction: f64,
    w: usize,
    h: usize,
) -> ([usize; 4], usize) {
    let x0 = (region.x.floor().max(0.0) as usize).min(w - 1);
    let y0 = (region.y.floor().max(0.0) as usize).min(h - 1);
    let x1 = ((region.x + region.width).ceil() as usize).clamp(x0 + 1, w);
    let y1 = ((region.y + region.height).ceil() as usize).clamp(y0 + 1, h);
    let factor = (reduction / 2.0).floor().max(1.0) as usize;
    ([x0, y0, x1, y1], factor)
}

/// Averages `factor` × `factor` blocks of the window `[x0, x1) × [y0, y1)`
/// of rows with `channels_in` channels (1–4: grey, grey+alpha, RGB, RGBA)
/// into RGB or RGBA.
pub struct Shrinker {
    x0: usize,
    x1: usize,
    y0: usize,
    y1: usize,
    factor: usize,
    channels_in: usize,
    alpha: bool,
    sums: Vec<u32>,
    rows_in_block: usize,
    out: Vec<u8>,
}

impl Shrinker {
    pub fn new(window: [usize; 4], factor: usize, channels_in: usize) -> Self {
        let [x0, y0, x1, y1] = window;
        let factor = factor.max(1);
        let alpha = channels_in == 2 || channels_in == 4;
        let width = (x1 - x0).div_ceil(factor);
        let channels = if alpha { 4 } else { 3 };
        Shrinker {
            x0,
            x1,
            y0,
            y1,
            factor,
            channels_in,
            alpha,
            sums: vec![0; width * channels],
            rows_in_block: 0,
            out: Vec::with_capacity(width * channels * (y1 - y0).div_ceil(factor)),
        }
    }

    /// The size of the shrunk image.
    pub fn size(&self) -> (u32, u32) {
        (
            (self.x1 - self.x0).div_ceil(self.factor) as u32,
            (self.y1 - self.y0).div_ceil(self.factor) as u32,
        )
    }

    /// Whether row `y` is wanted; rows past the window are not (stop reading).
    pub fn wants(&self, y: usize) -> bool {
        (self.y0..self.y1).contains(&y)
    }

    pub fn done(&self, y: usize) -> bool {
        y >= self.y1
    }

    /// Adds decoded row `y` (which must be wanted).
    pub fn push(&mut self, y: usize, row: &[u8]) {
        let channels = if self.alpha { 4 } else { 3 };
        let (k, cin) = (self.factor, self.channels_in);
        let pixels = row[self.x0 * cin..self.x1 * cin].chunks_exact(cin);
        for (i, px) in pixels.enumerate() {
            let at = (i / k) * channels;
            let sums = &mut self.sums[at..at + channels];
            match cin {
                1 | 2 => {
                    for s in &mut sums[..3] {
                        *s += u32::from(px[0]);
                    }
                    if cin == 2 {
                        sums[3] += u32::from(px[1]);
                    }
                }
                _ => {
                    for (s, v) in sums.iter_mut().zip(px) {
                        *s += u32::from(*v);
                    }
                }
            }
        }
        self.rows_in_block += 1;
        if self.rows_in_block == k || y + 1 == self.y1 {
            self.emit();
        }
    }

    fn emit(&mut self) {
        let channels = if self.alpha { 4 } else { 3 };
        let width = self.x1 - self.x0;
        let rows = self.rows_in_block as u32;
        for (block, sums) in self.sums.chunks_exact_mut(channels).enumerate() {
            let cols = (width - block * self.factor).min(self.factor) as u32;
            let n = cols * rows;
            for s in sums.iter_mut() {
                self.out.push(((*s + n / 2) / n) as u8);
                *s = 0;
            }
        }
        self.rows_in_block = 0;
    }

    /// The shrunk pixels as decoded ones, where each source pixel stands
    /// for `step` stored ones (1, or more when the source was a smaller copy).
    pub fn into_decoded(self, step: f64) -> super::source::Decoded {
        let (width, height) = self.size();
        let factor = self.factor as f64 * step;
        let origin = (self.x0 as f64 * step, self.y0 as f64 * step);
        super::source::Decoded {
            alpha: self.alpha,
            pixels: self.out,
            width,
            height,
            origin,
            scale: (factor, factor),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_blocks_inside_the_window_and_keeps_partial_edges() {
        // 5×3 grey image, values = x * 10 + y.
        let rows: Vec<Vec<u8>> = (0..3)
            .map(|y| (0..5).map(|x| x * 10 + y).collect())
            .collect();
        let mut s = Shrinker::new([1, 0, 5, 3], 2, 1);
        assert_eq!(s.size(), (2, 2));
        for (y, row) in rows.iter().enumerate() {
            assert!(s.wants(y));
            s.push(y, row);
        }
        let out = s.into_decoded(1.0).pixels;
        // Block (x 1..3, y 0..2): mean of 10,20,11,21 = 15.5 → 16.
        assert_eq!(&out[0..3], &[16, 16, 16]);
        // Block (x 3..5, y 2): mean of 32, 42 = 37.
        assert_eq!(&out[9..12], &[37, 37, 37]);
    }

    #[test]
    fn rows_outside_the_window_are_not_wanted() {
        let s = Shrinker::new([0, 10, 4, 20], 1, 4);
        assert!(!s.wants(9) && s.wants(10) && !s.wants(20) && s.done(20));
        assert!(s.into_decoded(1.0).alpha);
    }
}
