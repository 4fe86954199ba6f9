//! One budget for the image decodes in flight, so that a folder of images
//! that are small on disk and huge in pixels (an 11k × 11k GIF is 50 KB)
//! cannot take the machine's memory: each decode first reserves the bytes
//! its pixels need out of [`BUDGET_BYTES`], and at most one decode per core
//! runs at a time. Thumbnails also decode under tighter per-image limits
//! ([`thumbnail_limits`]): an image too large for them shows its icon.

use crate::transform::Limits;
use std::sync::LazyLock;
use tokio::sync::{Semaphore, SemaphorePermit};

/// The memory all decodes in flight may hold together.
pub const BUDGET_BYTES: u64 = 1 << 30;
/// The unit of the budget's semaphore.
const UNIT: u64 = 1 << 20;

struct Budget {
    memory: Semaphore,
    cores: Semaphore,
}

static BUDGET: LazyLock<Budget> = LazyLock::new(|| Budget {
    memory: Semaphore::new((BUDGET_BYTES / UNIT) as usize),
    cores: Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())),
});

/// A decode's place in the budget, given back when dropped.
pub struct Admitted {
    _memory: SemaphorePermit<'static>,
    _core: SemaphorePermit<'static>,
}

/// Waits until `bytes` of pixel memory and a core are free for a decode.
pub async fn admit(bytes: u64) -> crate::error::Result<Admitted> {
    let units = bytes.div_ceil(UNIT).clamp(1, BUDGET_BYTES / UNIT) as u32;
    let closed = |_| crate::Error::new(crate::ErrorKind::Io, "Image decoding has stopped");
    let _memory = BUDGET.memory.acquire_many(units).await.map_err(closed)?;
    let _core = BUDGET.cores.acquire().await.map_err(closed)?;
    Ok(Admitted { _memory, _core })
}

/// The limits a thumbnail decodes within: 128 MiB of pixels at most, which
/// any photo meets (JPEGs shrink while decoding, PNGs stream their rows),
/// while a GIF, BMP or interlaced PNG above 32 megapixels shows its icon.
pub fn thumbnail_limits() -> Limits {
    Limits {
        max_alloc: 128 << 20,
        ..Limits::default()
    }
}

/// From this side on, a picture is a preview (Quick Look), asked for one at
/// a time: it decodes within a conversion's limits (512 MiB), so that a
/// 24- or 48-megapixel HEIC shows whole. Smaller ones are the grid's.
pub const PREVIEW_SIDE: u32 = 1024;

/// The limits a picture `side` pixels on its longer side decodes within.
pub fn limits_for(side: u32) -> Limits {
    if side >= PREVIEW_SIDE {
        Limits::default()
    } else {
        thumbnail_limits()
    }
}

/// The pixel memory a decode of an image of `size` (width, height) may take
/// within `limits`: four bytes a pixel, or the whole limit when the size is
/// not known.
pub fn need(size: Option<(u32, u32)>, limits: &Limits) -> u64 {
    size.map_or(limits.max_alloc, |(width, height)| {
        (u64::from(width) * u64::from(height) * 4).min(limits.max_alloc)
    })
}

/// How many bytes of the budget are free now.
#[cfg(test)]
fn free_bytes() -> u64 {
    BUDGET.memory.available_permits() as u64 * UNIT
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    #[tokio::test]
    async fn a_decode_waits_while_the_budget_is_spent_and_runs_when_it_is_back() {
        let all = admit(BUDGET_BYTES).await.unwrap();
        assert_eq!(free_bytes(), 0);
        // Nothing more fits, however small, until the first is done.
        assert!(admit(1).now_or_never().is_none());
        drop(all);
        assert_eq!(free_bytes(), BUDGET_BYTES);
        let half = admit(BUDGET_BYTES / 2).await.unwrap();
        // A need beyond the whole budget waits for the whole budget, not forever.
        assert!(admit(4 * BUDGET_BYTES).now_or_never().is_none());
        let small = admit(100 << 20).now_or_never().expect("it fits").unwrap();
        drop((half, small));
        assert!(admit(4 * BUDGET_BYTES).now_or_never().is_some());
    }

    #[test]
    fn a_decode_needs_four_bytes_a_pixel_up_to_the_limit() {
        let limits = thumbnail_limits();
        assert_eq!(need(Some((100, 50)), &limits), 100 * 50 * 4);
        assert_eq!(need(Some((11_000, 11_000)), &limits), limits.max_alloc);
        assert_eq!(need(None, &limits), limits.max_alloc);
    }
}
