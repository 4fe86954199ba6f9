//! `bench-thumbnails [COUNT]`: the picker's grid asking for COUNT (200)
//! thumbnails of 12-megapixel JPEGs at once, as WebKit does when a folder of
//! photos opens in the grid. Prints how many cores the first pass kept busy
//! (CPU time over wall time) and how long the second pass took, when every
//! thumbnail comes from the on-disk cache, with how many were made.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::item::ItemId;
use cloudpick_core::thumbnails::ThumbnailKey;
use std::time::{Duration, Instant};

/// This process's user and system CPU time, from /proc.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10) // USER_HZ is 100 on Linux
}

async fn pass(app: &Cloudpick, ids: &[ItemId]) -> usize {
    let asks = ids.iter().map(|id| {
        app.thumbnail(ThumbnailKey {
            source: "local",
            id,
            version: "v1",
            side: 256,
            page: 1,
        })
    });
    futures::future::join_all(asks)
        .await
        .into_iter()
        .filter(|t| t.as_ref().is_ok_and(|t| !t.bytes.is_empty()))
        .count()
}

// A benchmark reports on standard output.
#[allow(clippy::print_stdout)]
#[tokio::main]
async fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("a scratch folder");
    let files = dir.path().join("Files");
    std::fs::create_dir_all(&files).unwrap();
    // One 12 MP photo-like JPEG, copied under COUNT names.
    let photo = image::RgbImage::from_fn(4000, 3000, |x, y| {
        image::Rgb([(x / 16) as u8, (y / 12) as u8, ((x ^ y) & 0xFF) as u8])
    });
    let mut jpeg = std::io::Cursor::new(Vec::new());
    photo.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let ids: Vec<ItemId> = (0..count)
        .map(|i| {
            let name = format!("photo-{i:03}.jpg");
            std::fs::write(files.join(&name), jpeg.get_ref()).unwrap();
            ItemId::new(format!("/Files/{name}"))
        })
        .collect();
    let app = Cloudpick::open(cloudpick_core::settings::AppPaths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
        home_dir: dir.path().to_path_buf(),
        cache_dir: dir.path().join("cache"),
    })
    .expect("the app opens");

    let (cpu, wall) = (cpu_time(), Instant::now());
    let made = pass(&app, &ids).await;
    let (cpu, wall) = (cpu_time() - cpu, wall.elapsed());
    let cached = std::fs::read_dir(dir.path().join("cache/thumbnails"))
        .map(|d| d.count())
        .unwrap_or(0);
    let again = Instant::now();
    let served = pass(&app, &ids).await;
    let again = again.elapsed();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let busy = cpu.as_secs_f64() / wall.as_secs_f64();
    println!(
        "{count} thumbnails of 12 MP JPEGs: {made} made in {:.2} s, {busy:.2} of {cores} cores busy; \
         {cached} in the cache; second pass {served} served in {} ms",
        wall.as_secs_f64(),
        again.as_millis()
    );
    let ok = made == count && served == count && cached == count && busy >= 0.85 * cores as f64;
    println!(
        "{}",
        if ok {
            "targets met"
        } else {
            "a target was not met"
        }
    );
}
