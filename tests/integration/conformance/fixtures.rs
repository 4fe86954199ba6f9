//! The drives under test: This computer over a temp folder, and each cloud
//! drive's client over the emulator, all holding the same seed.

use cloudpick_core::dropbox::{Client, Dropbox, Endpoints};
use cloudpick_core::local::LocalDrive;
use cloudpick_core::remote::{
    http_client, OAuthApp, RefreshingTokens, RetryPolicy, Secret, TokenStore, Tokens,
};
use cloudpick_core::{Drive, ItemId};
use cloudpick_emulator::{start, Config, Running};
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

pub async fn local() -> Fixture {
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

pub async fn onedrive() -> Fixture {
    let (emulator, dir) = emulated().await;
    let info = &emulator.info.providers["onedrive"];
    let saved = Arc::new(RecordingStore::default());
    let client = cloudpick_core::onedrive::Client {
        http: http_client().unwrap(),
        api: info.base_urls["api"].clone(),
        tokens: refreshing(
            emulator.graph.oauth.issue_tokens(),
            info,
            saved.clone(),
            "OneDrive",
        ),
        retry: retry(),
    };
    let drive = cloudpick_core::onedrive::OneDrive::new(client);
    let folder = conformance_folder(&drive).await;
    let paths = FaultPaths {
        list: "/children",
        stat: "/me/drive/items/",
        download: "/graph-content/download/",
        upload_chunk: "/graph-content/upload/",
        small_upload: ("PUT", ":/content"),
    };
    let chunk = cloudpick_core::onedrive::FRAGMENT as u64;
    Fixture {
        provider: "onedrive",
        refreshes: true,
        paths,
        chunk,
        drive: Arc::new(drive),
        folder,
        emulator: Some(emulator),
        saved_tokens: saved,
        _dirs: vec![dir],
    }
}

pub async fn boxcom() -> Fixture {
    let (emulator, dir) = emulated().await;
    let info = &emulator.info.providers["box"];
    let saved = Arc::new(RecordingStore::default());
    let client = cloudpick_core::boxcom::Client {
        http: http_client().unwrap(),
        endpoints: cloudpick_core::boxcom::Endpoints {
            api: info.base_urls["api"].clone(),
            upload: info.base_urls["upload"].clone(),
        },
        tokens: refreshing(
            emulator.boxcom.oauth.issue_tokens(),
            info,
            saved.clone(),
            "Box",
        ),
        retry: retry(),
    };
    let drive = cloudpick_core::boxcom::BoxDrive::new(client);
    let folder = conformance_folder(&drive).await;
    let paths = FaultPaths {
        list: "/items",
        stat: "/box/api/2.0/files/",
        download: "/box/dl/",
        upload_chunk: "/files/upload_sessions/",
        small_upload: ("POST", "/api/2.0/files/content"),
    };
    let chunk = 8 * 1024 * 1024;
    Fixture {
        provider: "box",
        refreshes: true,
        paths,
        chunk,
        drive: Arc::new(drive),
        folder,
        emulator: Some(emulator),
        saved_tokens: saved,
        _dirs: vec![dir],
    }
}

pub async fn alfresco() -> Fixture {
    let (emulator, dir) = emulated().await;
    let info = &emulator.info.providers["alfresco"];
    let http = http_client().unwrap();
    let server = cloudpick_core::alfresco::Server(info.base_urls["server"].clone());
    let ticket = cloudpick_core::alfresco::login(
        &http,
        &server,
        info.username.as_deref().unwrap(),
        info.password.as_deref().unwrap(),
    )
    .await
    .unwrap();
    let client = cloudpick_core::alfresco::Client {
        http,
        server,
        auth: cloudpick_core::alfresco::Auth::Ticket(ticket),
        retry: retry(),
    };
    let drive = cloudpick_core::alfresco::Alfresco::new(client);
    let folder = conformance_folder(&drive).await;
    let paths = FaultPaths {
        list: "/children",
        stat: "/alfresco/versions/1/nodes/",
        download: "/content",
        upload_chunk: "",
        small_upload: ("POST", "/children"),
    };
    Fixture {
        provider: "alfresco",
        paths,
        chunk: 0,
        refreshes: false,
        drive: Arc::new(drive),
        folder,
        emulator: Some(emulator),
        saved_tokens: Arc::default(),
        _dirs: vec![dir],
    }
}

pub async fn amazon() -> Fixture {
    let (emulator, dir) = emulated().await;
    let info = &emulator.info.providers["clouddrive"];
    let saved = Arc::new(RecordingStore::default());
    let client = cloudpick_core::amazon::Client::new(
        http_client().unwrap(),
        cloudpick_core::amazon::Endpoints {
            discovery: info.base_urls["discovery"].clone(),
        },
        refreshing(
            emulator.amazon.oauth.issue_tokens(),
            info,
            saved.clone(),
            "Amazon Cloud Drive",
        ),
        retry(),
    );
    let drive = cloudpick_core::amazon::AmazonDrive::new(client);
    let folder = conformance_folder(&drive).await;
    let paths = FaultPaths {
        list: "/children",
        stat: "/amazon-meta/drive/v1/nodes/",
        download: "/content",
        upload_chunk: "",
        small_upload: ("POST", "/amazon-content/cdproxy/nodes"),
    };
    Fixture {
        provider: "clouddrive",
        paths,
        chunk: 0,
        refreshes: true,
        drive: Arc::new(drive),
        folder,
        emulator: Some(emulator),
        saved_tokens: saved,
        _dirs: vec![dir],
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

pub async fn dropbox() -> Fixture {
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
    let info = &emulator.info.providers["dropbox"];
    let issued = emulator.dropbox.oauth.issue_tokens();
    let saved = Arc::new(RecordingStore::default());
    let tokens = Tokens {
        access: Secret::new(issued.access_token),
        refresh: issued.refresh_token.map(Secret::new),
        expires_at: Some(SystemTime::now() + Duration::from_secs(issued.expires_in)),
    };
    let app = OAuthApp {
        token_url: info.token_url.clone(),
        client_id: info.client_id.clone(),
        client_secret: Some(Secret::new(info.client_secret.clone())),
    };
    let http = http_client().unwrap();
    let client = Client {
        http: http.clone(),
        endpoints: Endpoints {
            api: info.base_urls["api"].clone(),
            content: info.base_urls["content"].clone(),
        },
        tokens: Arc::new(RefreshingTokens::new(
            app,
            tokens,
            saved.clone(),
            http,
            "Dropbox",
        )),
        retry: retry(),
    };
    let drive = Dropbox::new(client);
    let folder = drive.stat(&ItemId::new("/Conformance")).await.unwrap().id;
    let paths = FaultPaths {
        list: "/files/list_folder",
        stat: "/files/get_metadata",
        download: "/files/download",
        upload_chunk: "/upload_session/append_v2",
        small_upload: ("POST", "/files/upload"),
    };
    let chunk = cloudpick_core::dropbox::CHUNK as u64;
    Fixture {
        provider: "dropbox",
        refreshes: true,
        paths,
        chunk,
        drive: Arc::new(drive),
        folder,
        emulator: Some(emulator),
        saved_tokens: saved,
        _dirs: vec![dir],
    }
}
