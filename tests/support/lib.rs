//! Helpers shared by the integration suites: fixture trees and stream utilities.

use bytes::Bytes;
use cloudpick_core::{ByteStream, Drive, DriveItem, ItemId, ListOptions};
use futures::{StreamExt, TryStreamExt};
use std::path::Path;

pub mod instrumented;
pub mod specs;

/// Bytes that look random and are the same on every run.
pub fn pseudo_random(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// Writes `files` (path relative to `root`, contents) and creates their folders.
pub fn write_tree(root: &Path, files: &[(&str, &[u8])]) {
    for (rel, bytes) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// A body that yields `bytes` in chunks of `chunk` bytes.
pub fn body(bytes: Vec<u8>, chunk: usize) -> ByteStream {
    let chunks: Vec<cloudpick_core::Result<Bytes>> = bytes
        .chunks(chunk)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    futures::stream::iter(chunks).boxed()
}

pub async fn collect(stream: ByteStream) -> cloudpick_core::Result<Vec<u8>> {
    let chunks: Vec<Bytes> = stream.try_collect().await?;
    Ok(chunks.concat())
}

/// Every item of a folder, all pages joined.
pub async fn list_all(drive: &dyn Drive, folder: &ItemId, options: ListOptions) -> Vec<DriveItem> {
    let pages: Vec<_> = drive.list(folder, options).try_collect().await.unwrap();
    pages.into_iter().flat_map(|p| p.items).collect()
}

pub fn names(items: &[DriveItem]) -> Vec<&str> {
    items.iter().map(|i| i.name.as_str()).collect()
}

/// An emulator with no seed on a free loopback port; `auto_approve` skips
/// the consent pages, as a person clicking Allow would.
pub async fn emulator(auto_approve: bool) -> cloudpick_emulator::Running {
    cloudpick_emulator::start(
        cloudpick_emulator::Config {
            auto_approve,
            ..cloudpick_emulator::Config::default()
        },
        "127.0.0.1:0".parse().expect("a loopback address"),
    )
    .await
    .expect("the emulator starts")
}

/// The app's folders, all inside the scratch folder `dir`.
pub fn app_paths(dir: &Path) -> cloudpick_core::settings::AppPaths {
    cloudpick_core::settings::AppPaths {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
        home_dir: dir.to_path_buf(),
        cache_dir: dir.join("cache"),
    }
}

/// The emulator's Dropbox as a drive, signed in with a token it issued.
pub fn dropbox_at(emulator: &cloudpick_emulator::Running) -> std::sync::Arc<dyn Drive> {
    use cloudpick_core::dropbox::{Client, Dropbox, Endpoints};
    use cloudpick_core::remote::{http_client, RetryPolicy, Secret, StaticTokens};
    let info = &emulator.info.providers["dropbox"];
    let issued = emulator.dropbox.oauth.issue_tokens();
    std::sync::Arc::new(Dropbox::new(Client {
        http: http_client().expect("an HTTP client"),
        endpoints: Endpoints {
            api: info.base_urls["api"].clone(),
            content: info.base_urls["content"].clone(),
        },
        tokens: std::sync::Arc::new(StaticTokens(Secret::new(issued.access_token))),
        retry: RetryPolicy::default(),
    }))
}

/// The emulator's OneDrive as a drive, signed in with a token it issued.
pub fn onedrive_at(emulator: &cloudpick_emulator::Running) -> std::sync::Arc<dyn Drive> {
    use cloudpick_core::onedrive::{Client, OneDrive};
    use cloudpick_core::remote::{http_client, RetryPolicy, Secret, StaticTokens};
    let info = &emulator.info.providers["onedrive"];
    let issued = emulator.graph.oauth.issue_tokens();
    std::sync::Arc::new(OneDrive::new(Client {
        http: http_client().expect("an HTTP client"),
        api: info.base_urls["api"].clone(),
        tokens: std::sync::Arc::new(StaticTokens(Secret::new(issued.access_token))),
        retry: RetryPolicy::default(),
    }))
}

/// The emulator's Amazon Cloud Drive as a drive, signed in with a token it issued.
pub fn amazon_at(emulator: &cloudpick_emulator::Running) -> std::sync::Arc<dyn Drive> {
    use cloudpick_core::amazon::{AmazonDrive, Client, Endpoints};
    use cloudpick_core::remote::{http_client, RetryPolicy, Secret, StaticTokens};
    let info = &emulator.info.providers["clouddrive"];
    let issued = emulator.amazon.oauth.issue_tokens();
    std::sync::Arc::new(AmazonDrive::new(Client::new(
        http_client().expect("an HTTP client"),
        Endpoints {
            discovery: info.base_urls["discovery"].clone(),
        },
        std::sync::Arc::new(StaticTokens(Secret::new(issued.access_token))),
        RetryPolicy::default(),
    )))
}

/// A file's bytes, read whole from `drive`.
pub async fn read_all(drive: &dyn Drive, id: &ItemId) -> Vec<u8> {
    collect(drive.read(id, None).await.expect("the file opens"))
        .await
        .expect("the file reads")
}
