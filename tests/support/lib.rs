//! Helpers shared by the integration suites: fixture trees and stream utilities.

use bytes::Bytes;
use cloudpick_core::{ByteStream, Drive, DriveItem, ItemId, ListOptions};
use futures::{StreamExt, TryStreamExt};
use std::path::Path;

pub mod images;
pub mod import_graph;
pub mod instrumented;
pub mod object_servers;
pub mod process;
pub mod receiver;

/// The providers' specs folder (read by `cloudpick_emulator::specs`), or
/// `None` with a message saying why a test that needs them skips.
pub fn specs_dir() -> Option<std::path::PathBuf> {
    let dir = cloudpick_emulator::specs::dir();
    if dir.is_none() {
        eprintln!(
            "SKIPPED: the providers' specs are not in ../shared/specs (set CLOUDPICK_SPECS to their folder)"
        );
    }
    dir
}

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

/// A drive of `provider` (a registry kind that signs in with OAuth) at the
/// emulator's `urls` (its `base_urls`), signed in with `token`.
pub fn drive_from(
    provider: &str,
    urls: &std::collections::BTreeMap<String, String>,
    token: &str,
) -> std::sync::Arc<dyn Drive> {
    use cloudpick_core::drives::remote::{http_client, Secret, StaticTokens};
    let http = http_client().expect("an HTTP client");
    let tokens = std::sync::Arc::new(StaticTokens(Secret::new(token.to_owned())));
    cloudpick_core::drives::registry::open_drive(
        provider,
        &cloudpick_core::drives::row::ApiHosts(urls.clone()),
        &cloudpick_core::connect::apps::AppSettings::default(),
        tokens,
        &http,
    )
    .unwrap_or_else(|e| panic!("no test drive for {provider}: {}", e.message()))
}

/// A token the emulator issued for `provider`.
pub fn token_for(emulator: &cloudpick_emulator::Running, provider: &str) -> String {
    emulator
        .oauth(provider)
        .unwrap_or_else(|| panic!("no tokens for {provider}"))
        .issue_tokens()
        .access_token
}

/// The emulator's `provider` as a drive, signed in with a token it issued.
pub fn drive_at(
    emulator: &cloudpick_emulator::Running,
    provider: &str,
) -> std::sync::Arc<dyn Drive> {
    drive_from(
        provider,
        &urls_of(emulator, provider),
        &token_for(emulator, provider),
    )
}

/// The emulator's base URLs for `provider`, by name.
pub fn urls_of(
    emulator: &cloudpick_emulator::Running,
    provider: &str,
) -> std::collections::BTreeMap<String, String> {
    emulator.info.providers[provider]
        .base_urls
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// The emulator's Dropbox as a drive, signed in with a token it issued.
pub fn dropbox_at(emulator: &cloudpick_emulator::Running) -> std::sync::Arc<dyn Drive> {
    drive_at(emulator, "dropbox")
}

/// The emulator's OneDrive as a drive, signed in with a token it issued.
pub fn onedrive_at(emulator: &cloudpick_emulator::Running) -> std::sync::Arc<dyn Drive> {
    drive_at(emulator, "onedrive")
}

/// The emulator's Amazon Cloud Drive as a drive, signed in with a token it issued.
pub fn amazon_at(emulator: &cloudpick_emulator::Running) -> std::sync::Arc<dyn Drive> {
    drive_at(emulator, "clouddrive")
}

/// A file's bytes, read whole from `drive`.
pub async fn read_all(drive: &dyn Drive, id: &ItemId) -> Vec<u8> {
    collect(drive.read(id, None).await.expect("the file opens"))
        .await
        .expect("the file reads")
}

/// The child of `folder` on `drive` named `name`, if there is one.
pub async fn child_named(drive: &dyn Drive, folder: &ItemId, name: &str) -> Option<DriveItem> {
    list_all(drive, folder, ListOptions::default())
        .await
        .into_iter()
        .find(|i| i.name == name)
}

/// `kind`'s real OAuth endpoints and scopes, from the drive registry.
pub fn real_oauth(kind: &str) -> cloudpick_core::connect::OAuthProvider {
    let rules = cloudpick_core::drives::registry::row(kind)
        .and_then(|r| r.sign_in)
        .unwrap_or_else(|| panic!("{kind} signs in"));
    let settings = cloudpick_core::connect::apps::AppSettings {
        server_url: Some("https://alfresco.invalid".into()),
        ..Default::default()
    };
    (rules.oauth)(&settings).expect("the real endpoints")
}

/// Box's sign-in at the emulator, from the parts a second process is given
/// (`token_url`, `client_id`, `client_secret`, and the `api` and `upload`
/// base URLs).
pub fn box_setup(
    token_url: &str,
    client_id: &str,
    client_secret: &str,
    api: &str,
    upload: &str,
) -> cloudpick_core::connect::account::ProviderSetup {
    use cloudpick_core::drives::remote::Secret;
    cloudpick_core::connect::account::ProviderSetup {
        id: "box".into(),
        oauth: cloudpick_core::connect::OAuthProvider {
            token_url: token_url.to_owned(),
            ..real_oauth("box")
        },
        app: cloudpick_core::connect::AppRegistration {
            client_id: client_id.to_owned(),
            client_secret: Some(Secret::new(client_secret.to_owned())),
            port: None,
        },
        settings: Default::default(),
        hosts: cloudpick_core::drives::row::ApiHosts(
            [
                ("api".to_owned(), api.to_owned()),
                ("upload".to_owned(), upload.to_owned()),
            ]
            .into(),
        ),
    }
}
