//! `make bench`: streams a generated file of SIZE MiB into an S3 bucket
//! through Cloudpick's S3 drive (OpenDAL's multipart writer, 8 MiB parts)
//! and prints the throughput and this process's peak RSS, which must not
//! grow with the size. The server (moto) runs in another process.
//!
//! Usage: bench-objects ENDPOINT BUCKET SIZE_MIB
//! Prints: bytes, bytes per second, peak RSS (MiB), CPU seconds, wall seconds.

use bytes::Bytes;
use cloudpick_core::drives::objects::{ObjectStore, StoreSecret};
use cloudpick_core::drives::remote::{http_client, Secret};
use cloudpick_core::{ConflictPolicy, ItemId, Upload};
use cloudpick_tests::process::{cpu_seconds, peak_rss_mib};
use futures::StreamExt;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, endpoint, bucket, mib] = &args[..] else {
        panic!("usage: bench-objects ENDPOINT BUCKET SIZE_MIB");
    };
    let mib: usize = mib.parse().expect("SIZE_MIB is a number");
    let store = ObjectStore {
        endpoint: endpoint.clone(),
        path_style: true,
        identity: "bench".into(),
        ..ObjectStore::default()
    };
    let drive = cloudpick_core::drives::objects::open::<cloudpick_core::drives::s3::S3>(
        store,
        StoreSecret::new(Secret::new("bench-secret"), false),
        http_client().unwrap(),
    )
    .unwrap();
    // A new 1 MiB buffer each time (as a file read would give), never the
    // whole file: what stays in memory is what the upload holds on to.
    let block = cloudpick_tests::pseudo_random(1 << 20, 9);
    let body = futures::stream::iter(0..mib)
        .map(move |_| Ok(Bytes::copy_from_slice(&block)))
        .boxed();
    let started = Instant::now();
    let stored = drive
        .write(
            &ItemId::new(format!("{bucket}/")),
            Upload {
                name: format!("bench-{mib}.bin"),
                size: Some((mib << 20) as u64),
                body,
                on_conflict: ConflictPolicy::Replace,
            },
        )
        .await
        .unwrap();
    let wall = started.elapsed().as_secs_f64();
    let bytes = stored.size.unwrap_or_default();
    assert_eq!(bytes, (mib << 20) as u64, "the object is whole");
    // A benchmark's output is its figures, on stdout.
    #[allow(clippy::print_stdout)]
    {
        println!(
            "{bytes} {:.0} {:.1} {:.2} {wall:.2}",
            bytes as f64 / wall,
            peak_rss_mib(),
            cpu_seconds()
        );
    }
}
