//! The drives under test: This computer over a temp folder, and each cloud
//! drive's client over the emulator, all holding the same seed.

use cloudpick_core::connect::apps::AppSettings;
use cloudpick_core::drives::local::LocalDrive;
use cloudpick_core::drives::registry;
use cloudpick_core::drives::remote::{
    http_client, OAuthApp, RefreshingTokens, RetryPolicy, Secret, TokenStore, Tokens,
};
use cloudpick_core::drives::row::ApiHosts;
use cloudpick_core::{Drive, ItemId};
use cloudpick_emulator::{start, Config, Running};
use cloudpick_tests::object_servers;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// Records every save, as the keyring would keep the last one.
#[derive(Default)]
pub struct RecordingStore(pub Mutex<Vec<Tokens>>);

impl TokenStore for RecordingStore {
    fn save(&self, tokens: &Tokens) -> cloudpick_core::Result<()> {
        self.0.lock().unwrap().push(tokens.clone());
        Ok(())
    }
}

/// Where each kind of request goes on this drive's emulated API, for faults.
#[derive(Default)]
pub struct FaultPaths {
    pub list: &'static str,
    pub stat: &'static str,
    pub download: &'static str,
    pub upload_chunk: &'static str,
    /// The method and path of a one-request upload of a small file.
    pub small_upload: (&'static str, &'static str),
}

pub struct Fixture {
    /// The emulator's name for the provider (`/__admin/{provider}/...`).
    pub provider: &'static str,
    pub paths: FaultPaths,
    /// The drive's upload chunk: a cut may cost at most this much again.
    pub chunk: u64,
    /// Whether the drive signs in with an OAuth token that expires and refreshes.
    pub refreshes: bool,
    pub drive: Arc<dyn Drive>,
    /// The seeded `Conformance` folder.
    pub folder: ItemId,
    pub emulator: Option<Running>,
    /// moto or Azurite, for the object stores.
    pub _server: Option<object_servers::Server>,
    pub saved_tokens: Arc<RecordingStore>,
    pub _dirs: Vec<tempfile::TempDir>,
}

pub fn seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("Conformance");
    std::fs::create_dir_all(root.join("Nested")).unwrap();
    std::fs::create_dir_all(root.join("Ünïcödé ✓")).unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(root.join(name), format!("contents of {name}")).unwrap();
    }
    std::fs::write(root.join("Nested/deep.txt"), "deep").unwrap();
    std::fs::write(root.join("Ünïcödé ✓/файл – 1.txt"), "unicode").unwrap();
    image::RgbImage::from_fn(300, 200, |x, y| image::Rgb([x as u8, y as u8, 90]))
        .save(root.join("image.png"))
        .unwrap();
    dir
}

pub fn retry() -> RetryPolicy {
    RetryPolicy {
        attempts: 6,
        first_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(500),
        ..RetryPolicy::default()
    }
}

async fn local() -> Fixture {
    let dir = seed();
    let drive = LocalDrive::new(dir.path()).unwrap();
    Fixture {
        provider: "local",
        paths: FaultPaths::default(),
        chunk: 0,
        refreshes: false,
        drive: Arc::new(drive),
        folder: ItemId::new("/Conformance"),
        emulator: None,
        _server: None,
        saved_tokens: Arc::default(),
        _dirs: vec![dir],
    }
}

/// Tokens issued by the emulator's authorization server, refreshing through it.
fn refreshing(
    issued: cloudpick_emulator::oauth::TokenPair,
    info: &cloudpick_emulator::ProviderInfo,
    saved: Arc<RecordingStore>,
    drive: &str,
) -> Arc<RefreshingTokens> {
    let tokens = Tokens {
        access: Secret::new(issued.access_token),
        refresh: issued.refresh_token.map(Secret::new),
        expires_at: Some(SystemTime::now() + Duration::from_secs(issued.expires_in)),
    };
    let secret = (!info.client_secret.is_empty()).then(|| Secret::new(info.client_secret.clone()));
    let app = OAuthApp {
        token_url: info.token_url.clone(),
        client_id: info.client_id.clone(),
        client_secret: secret,
    };
    Arc::new(RefreshingTokens::new(
        app,
        tokens,
        saved,
        http_client().unwrap(),
        drive,
    ))
}

async fn emulated() -> (Running, tempfile::TempDir) {
    let dir = seed();
    let emulator = start(
        Config {
            seed: Some(dir.path().to_path_buf()),
            ..Config::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    (emulator, dir)
}

/// The drive of `kind` under test: This computer over a temp folder, or the
/// registry's client over the emulator, refreshing its tokens there.
pub async fn of(kind: &str) -> Fixture {
    if kind == cloudpick_core::drives::local::KIND {
        return local().await;
    }
    let row = registry::row(kind).unwrap_or_else(|| panic!("{kind} is in the registry"));
    if row.keys.is_some() {
        return object_store(row);
    }
    let rules = row.sign_in.expect("a cloud drive signs in");
    let (emulator, dir) = emulated().await;
    let info = &emulator.info.providers[kind];
    let hosts = ApiHosts(
        info.base_urls
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    );
    let saved = Arc::new(RecordingStore::default());
    let drive = if rules.password {
        ticket_drive(info).await
    } else {
        let issued = emulator
            .oauth(kind)
            .expect("an OAuth server")
            .issue_tokens();
        let open = row.open.expect("a cloud drive opens");
        let tokens = refreshing(issued, info, saved.clone(), row.name);
        open(
            &hosts,
            &AppSettings::default(),
            tokens,
            http_client().unwrap(),
            retry(),
        )
        .unwrap()
    };
    let folder = conformance_folder(&*drive).await;
    let (paths, chunk) = faults(kind);
    Fixture {
        provider: row.kind,
        refreshes: !rules.password,
        paths,
        chunk,
        drive,
        folder,
        emulator: Some(emulator),
        _server: None,
        saved_tokens: saved,
        _dirs: vec![dir],
    }
}

/// An object store on a server this repo does not write (moto for S3,
/// Azurite for Azure Blob), seeded through the service's official SDK.
fn object_store(row: &'static cloudpick_core::drives::row::DriveRow) -> Fixture {
    use cloudpick_core::drives::objects::{ObjectStore, StoreSecret};
    let server = if row.kind == "s3" {
        object_servers::moto()
    } else {
        object_servers::azurite()
    };
    let dir = seed();
    let tree = dir.path().join("Conformance").display().to_string();
    object_servers::sdk(&server, row.kind, &["make", "cloudpick"]);
    object_servers::sdk(&server, row.kind, &["seed", "cloudpick", &tree]);
    let (identity, secret) = if row.kind == "s3" {
        ("cloudpick-test", "cloudpick-test-secret")
    } else {
        (object_servers::AZURITE_ACCOUNT, object_servers::AZURITE_KEY)
    };
    let store = ObjectStore {
        endpoint: server.endpoint.clone(),
        path_style: true,
        identity: identity.into(),
        ..ObjectStore::default()
    };
    let open = row.keys.expect("an object store").open;
    let drive = open(
        store,
        StoreSecret::new(Secret::new(secret), false),
        http_client().unwrap(),
    )
    .unwrap();
    Fixture {
        provider: row.kind,
        paths: FaultPaths::default(),
        chunk: 0,
        refreshes: false,
        drive,
        folder: ItemId::new("cloudpick/Conformance/"),
        emulator: None,
        _server: Some(server),
        saved_tokens: Arc::default(),
        _dirs: vec![dir],
    }
}

/// A drive that signs in with a user name and password (Alfresco's ticket).
async fn ticket_drive(info: &cloudpick_emulator::ProviderInfo) -> Arc<dyn Drive> {
    use cloudpick_core::drives::alfresco::{login, Alfresco, Auth, Client, Server};
    let http = http_client().unwrap();
    let server = Server(info.base_urls["server"].clone());
    let ticket = login(
        &http,
        &server,
        info.username.as_deref().unwrap(),
        info.password.as_deref().unwrap(),
    )
    .await
    .unwrap();
    Arc::new(Alfresco::new(Client::new(
        http,
        server,
        Auth::Ticket(ticket),
        retry(),
    )))
}

/// Where each kind of request goes on `kind`'s emulated API, and its upload chunk.
fn faults(kind: &str) -> (FaultPaths, u64) {
    match kind {
        "dropbox" => (
            FaultPaths {
                list: "/files/list_folder",
                stat: "/files/get_metadata",
                download: "/files/download",
                upload_chunk: "/upload_session/append_v2",
                small_upload: ("POST", "/files/upload"),
            },
            cloudpick_core::drives::dropbox::CHUNK as u64,
        ),
        "onedrive" => (
            FaultPaths {
                list: "/children",
                stat: "/me/drive/items/",
                download: "/graph-content/download/",
                upload_chunk: "/graph-content/upload/",
                small_upload: ("PUT", ":/content"),
            },
            cloudpick_core::drives::onedrive::FRAGMENT as u64,
        ),
        "box" => (
            FaultPaths {
                list: "/items",
                stat: "/box/api/2.0/files/",
                download: "/box/dl/",
                upload_chunk: "/files/upload_sessions/",
                small_upload: ("POST", "/api/2.0/files/content"),
            },
            8 * 1024 * 1024,
        ),
        "alfresco" => (
            FaultPaths {
                list: "/children",
                stat: "/alfresco/versions/1/nodes/",
                download: "/content",
                upload_chunk: "",
                small_upload: ("POST", "/children"),
            },
            0,
        ),
        "clouddrive" => (
            FaultPaths {
                list: "/children",
                stat: "/amazon-meta/drive/v1/nodes/",
                download: "/content",
                upload_chunk: "",
                small_upload: ("POST", "/amazon-content/cdproxy/nodes"),
            },
            0,
        ),
        other => panic!("no fault paths for {other}: add them here"),
    }
}

/// The seeded `Conformance` folder at the drive's root.
async fn conformance_folder(drive: &dyn Drive) -> ItemId {
    cloudpick_tests::list_all(drive, &drive.root(), cloudpick_core::ListOptions::default())
        .await
        .into_iter()
        .find(|i| i.name == "Conformance")
        .unwrap()
        .id
}
