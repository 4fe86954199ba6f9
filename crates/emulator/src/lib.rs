//! Cloudpick's drive emulator: the providers' APIs served on loopback, with
//! their own paths, field names, pagination, errors and OAuth rules. It powers
//! the demo and every test; no test reaches a real provider.
//!
//! Each provider keeps the hosts of the real service apart as separate base
//! URLs under one listener: `/dropbox/api/2`, `/dropbox/content/2`, ...

// Handlers return `Result<_, Response>`, axum's idiom: the error is the reply
// itself, built once on a cold path, so its size does not matter.
#![allow(clippy::result_large_err)]

/// Returns the drive's 401 from the handler unless the request is authorized.
macro_rules! authorized {
    ($drive:expr, $headers:expr) => {
        if let Err(denied) = $drive.authorize(&$headers) {
            return denied;
        }
    };
}

/// The drive's store, or a 500 from the handler if a panic poisoned it.
macro_rules! locked {
    ($drive:expr) => {
        match $drive.store.lock() {
            Ok(store) => store,
            Err(_) => {
                return axum::response::IntoResponse::into_response(
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                )
            }
        }
    };
}

mod admin;
pub mod alfresco;
mod blob_dir;
pub mod boxcom;
pub mod clouddrive;
pub mod dropbox;
pub mod faults;
pub mod hashes;
pub mod http;
mod listener;
mod mime;
pub mod oauth;
pub mod onedrive;
pub mod seed;
mod sessions;
pub mod specs;
pub mod store;
mod strict;
mod thumbnail;

use oauth::{OAuthRules, OAuthServer, RedirectRule, SecretRule, TokenReply};
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A random admin token, for [`Config::admin_token`].
pub fn random_admin_token() -> String {
    oauth::random_token("admin-")
}

/// How to run the emulator.
#[derive(Debug, Clone)]
pub struct Config {
    /// A folder copied into every drive; empty drives without one.
    pub seed: Option<PathBuf>,
    /// Authorize endpoints redirect at once, without the consent page.
    pub auto_approve: bool,
    /// The redirect URI registered for the demo Dropbox app (matched exactly, port included).
    pub dropbox_redirect_uri: String,
    /// Serve HTTPS with a CA made at start-up (its PEM in [`Info::tls_ca`]),
    /// for SDKs that only speak `https://`.
    pub tls: bool,
    /// Strict mode: requests are checked against the providers' specs in this
    /// folder (laid out as `../shared/specs`) and refused as the real
    /// services refuse them. `None` serves without checks.
    pub specs: Option<PathBuf>,
    /// When set, `/__admin` answers only requests with
    /// `Authorization: Bearer <admin_token>`, and the consent pages only
    /// authorize requests with `run_token=<admin_token>`: the app's demo sets
    /// a random one, so that no other local process can break or revoke its
    /// drives, or approve a sign-in.
    pub admin_token: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: None,
            auto_approve: false,
            dropbox_redirect_uri: "http://127.0.0.1:53682/callback".to_owned(),
            tls: false,
            specs: specs::dir(),
            admin_token: None,
        }
    }
}

/// What a client needs to reach one provider: printed as JSON on start.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderInfo {
    pub base_urls: BTreeMap<&'static str, String>,
    pub authorize_url: String,
    pub token_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoke_url: Option<String>,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    /// Demo credentials, for servers that sign in with a password (Alfresco).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Info {
    pub addr: SocketAddr,
    pub providers: BTreeMap<&'static str, ProviderInfo>,
    /// With TLS on: the PEM file of the CA that signed the server's
    /// certificate (removed when the emulator stops).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_ca: Option<PathBuf>,
    /// Whether requests are checked against the providers' specs.
    pub strict: bool,
}

/// A running emulator. Dropping it stops the server.
pub struct Running {
    pub info: Info,
    pub dropbox: Arc<dropbox::Dropbox>,
    pub onedrive: Arc<onedrive::Graph>,
    pub boxcom: Arc<boxcom::BoxCom>,
    pub alfresco: Arc<alfresco::Alfresco>,
    pub clouddrive: Arc<clouddrive::Amazon>,
    pub faults: Arc<faults::Faults>,
    /// Keeps the CA's PEM file while the emulator runs.
    _tls_ca: Option<tempfile::NamedTempFile>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// The authorization server of `provider` (`dropbox`, `onedrive`, `box`,
    /// `alfresco`, `clouddrive`: the keys of `info.providers`).
    pub fn oauth(&self, provider: &str) -> Option<&Arc<oauth::OAuthServer>> {
        Some(match provider {
            "dropbox" => &self.dropbox.oauth,
            "onedrive" => &self.onedrive.oauth,
            "box" => &self.boxcom.oauth,
            "alfresco" => &self.alfresco.oauth,
            "clouddrive" => &self.clouddrive.oauth,
            _ => return None,
        })
    }

    /// Serves until the task ends (the binary's `serve`).
    pub async fn wait(mut self) {
        let task = std::mem::replace(&mut self.task, tokio::spawn(async {}));
        let _ = task.await;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts serving on `addr` (`127.0.0.1:0` picks a free port).
pub async fn start(config: Config, addr: SocketAddr) -> std::io::Result<Running> {
    let strict = match &config.specs {
        Some(dir) => Some(Arc::new(strict::Strict::load(dir)?)),
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let certificates = if config.tls {
        Some(listener::certificates().map_err(std::io::Error::other)?)
    } else {
        None
    };
    let tls_ca = match &certificates {
        Some(c) => {
            use std::io::Write;
            let mut file = blob_dir::ca_file()?;
            file.write_all(c.ca_pem.as_bytes())?;
            file.flush()?;
            Some(file)
        }
        None => None,
    };
    let scheme = if config.tls { "https" } else { "http" };
    let base = format!("{scheme}://{addr}");
    let new_store = |prefix: &'static str| match &config.seed {
        Some(seed) => store::Store::seeded(prefix, seed),
        None => store::Store::new(prefix),
    };

    // The demo's client secrets are the run's own: a fixed one would let any
    // local process pass for the demo app.
    let secret = |fixed: &str| match &config.admin_token {
        Some(_) => oauth::random_token("secret-"),
        None => fixed.to_owned(),
    };
    let dropbox_rules = OAuthRules {
        provider: "dropbox",
        provider_name: "Dropbox",
        app_name: "Cloudpick (demo)",
        client_id: "cloudpick-demo-dropbox".to_owned(),
        client_secret: secret("demo-dropbox-secret"),
        redirect_uri: config.dropbox_redirect_uri.clone(),
        secret: SecretRule::UnlessPkce,
        redirect: RedirectRule::Exact,
        redirect_at_token: true,
        reply: TokenReply::Dropbox {
            account_id: dropbox::api::ACCOUNT_ID.to_owned(),
            uid: dropbox::api::UID.to_owned(),
        },
        pkce: true,
        refresh_rotates: false,
        refresh_single_use: false,
        revocable: false,
        access_ttl: Duration::from_secs(4 * 3600),
        code_ttl: Duration::from_secs(600),
        default_scopes: "account_info.read files.metadata.read files.metadata.write files.content.read files.content.write sharing.write",
    };
    let dropbox_oauth = OAuthServer::new(
        dropbox_rules.clone(),
        config.auto_approve,
        config.admin_token.clone(),
    );
    let dropbox = dropbox::Dropbox::new(new_store("id:")?, dropbox_oauth.clone(), base.clone());

    let graph_rules = OAuthRules {
        provider: "microsoft",
        provider_name: "Microsoft",
        app_name: "Cloudpick (demo)",
        client_id: "00000000-c10d-4b1c-8d3e-cloudpickdemo".to_owned(),
        client_secret: String::new(),
        redirect_uri: "http://localhost/callback".to_owned(),
        secret: SecretRule::UnlessPkce,
        redirect: RedirectRule::AnyLoopbackPort,
        redirect_at_token: true,
        reply: TokenReply::Microsoft,
        pkce: true,
        refresh_rotates: true,
        refresh_single_use: false,
        revocable: false,
        access_ttl: Duration::from_secs(3600),
        code_ttl: Duration::from_secs(600),
        default_scopes: "Files.ReadWrite offline_access User.Read",
    };
    let graph_oauth = OAuthServer::new(
        graph_rules.clone(),
        config.auto_approve,
        config.admin_token.clone(),
    );
    let graph = onedrive::Graph::new(new_store("01CPDEMO")?, graph_oauth.clone(), base.clone());

    let box_rules = OAuthRules {
        provider: "box",
        provider_name: "Box",
        app_name: "Cloudpick (demo)",
        client_id: "cloudpickdemoboxclient0000000001".to_owned(),
        client_secret: secret("demo-box-secret"),
        redirect_uri: "http://127.0.0.1/callback".to_owned(),
        secret: SecretRule::Always,
        redirect: RedirectRule::AnyLoopbackPort,
        redirect_at_token: false,
        reply: TokenReply::Box,
        pkce: false,
        refresh_rotates: true,
        refresh_single_use: true,
        revocable: true,
        access_ttl: Duration::from_secs(3600),
        code_ttl: Duration::from_secs(30),
        default_scopes: "root_readwrite",
    };
    let box_oauth = OAuthServer::new(
        box_rules.clone(),
        config.auto_approve,
        config.admin_token.clone(),
    );
    let boxcom = boxcom::BoxCom::new(new_store("1")?, box_oauth.clone(), base.clone());

    let alfresco_rules = OAuthRules {
        provider: "alfresco",
        provider_name: "Alfresco Identity Service",
        app_name: "Cloudpick (demo)",
        client_id: "cloudpick-demo".to_owned(),
        client_secret: String::new(),
        redirect_uri: "http://127.0.0.1/callback".to_owned(),
        secret: SecretRule::UnlessPkce,
        redirect: RedirectRule::AnyLoopbackPort,
        redirect_at_token: true,
        reply: TokenReply::Keycloak,
        pkce: true,
        refresh_rotates: true,
        refresh_single_use: false,
        revocable: false,
        access_ttl: Duration::from_secs(300),
        code_ttl: Duration::from_secs(60),
        default_scopes: "openid profile email",
    };
    let alfresco_oauth = OAuthServer::new(
        alfresco_rules.clone(),
        config.auto_approve,
        config.admin_token.clone(),
    );
    let alfresco = alfresco::Alfresco::new(
        store::Store::new("a1f0")?,
        config.seed.as_deref(),
        alfresco_oauth.clone(),
    )?;

    let amazon_rules = OAuthRules {
        provider: "clouddrive",
        provider_name: "Amazon",
        app_name: "Cloudpick (demo)",
        client_id: "amzn1.application-oa2-client.cloudpickdemo".to_owned(),
        client_secret: secret("demo-amazon-secret"),
        redirect_uri: "http://127.0.0.1/callback".to_owned(),
        secret: SecretRule::OnRefresh,
        redirect: RedirectRule::AnyLoopbackPort,
        redirect_at_token: true,
        reply: TokenReply::Amazon,
        pkce: false,
        refresh_rotates: false,
        refresh_single_use: false,
        revocable: false,
        access_ttl: Duration::from_secs(3600),
        code_ttl: Duration::from_secs(300),
        default_scopes: "clouddrive:read_all clouddrive:write",
    };
    let amazon_oauth = OAuthServer::new(
        amazon_rules.clone(),
        config.auto_approve,
        config.admin_token.clone(),
    );
    let amazon = clouddrive::Amazon::new(new_store("amzn")?, amazon_oauth.clone(), base.clone());

    let faults = Arc::new(faults::Faults::default());
    let admin = admin::Admin {
        faults: faults.clone(),
        oauth: BTreeMap::from([
            ("dropbox", dropbox_oauth.clone()),
            ("onedrive", graph_oauth.clone()),
            ("box", box_oauth.clone()),
            ("alfresco", alfresco_oauth.clone()),
            ("clouddrive", amazon_oauth.clone()),
        ]),
        quotas: BTreeMap::from([
            ("dropbox", quota_setter(dropbox.clone(), |d| &d.store)),
            ("onedrive", quota_setter(graph.clone(), |g| &g.store)),
            ("box", quota_setter(boxcom.clone(), |b| &b.store)),
            ("alfresco", quota_setter(alfresco.clone(), |a| &a.store)),
            ("clouddrive", quota_setter(amazon.clone(), |a| &a.store)),
        ]),
    };
    // Each provider's endpoints sit where the real ones do relative to its
    // hosts (`/dropbox/api` is api.dropboxapi.com, `/box/account` is
    // account.box.com, `/microsoft/login` is login.microsoftonline.com), so an
    // SDK given only the hosts finds them; `/oauth/{provider}` serves them too.
    let microsoft_login = format!("{base}/microsoft/login");
    let app = axum::Router::new()
        .nest("/oauth/dropbox", dropbox_oauth.router())
        .nest("/dropbox/api/oauth2", dropbox_oauth.token_router())
        .nest("/dropbox/api/2", dropbox.api_router())
        .nest("/dropbox/content/2", dropbox.content_router())
        .nest(
            "/dropbox/www",
            dropbox
                .link_router()
                .nest("/oauth2", dropbox_oauth.authorize_router()),
        )
        .nest("/oauth/microsoft", graph_oauth.router())
        .nest(
            "/microsoft/login",
            oauth::discovery::router(microsoft_login.clone())
                .nest("/{tenant}/oauth2/v2.0", graph_oauth.router()),
        )
        .nest("/graph/v1.0", graph.api_router())
        .nest("/graph-content", graph.content_router())
        .nest("/oauth/box", box_oauth.router())
        .nest("/box/api/oauth2", box_oauth.token_router())
        .nest("/box/account/api/oauth2", box_oauth.authorize_router())
        .nest("/box/api/2.0", boxcom.api_router())
        .nest("/box/upload/api/2.0", boxcom.upload_router())
        .nest("/box/dl", boxcom.download_router())
        .nest("/box/app", boxcom.app_router())
        .nest(
            "/auth/realms/alfresco/protocol/openid-connect",
            alfresco_oauth.router(),
        )
        .nest(
            "/alfresco/api/-default-/public/alfresco/versions/1",
            alfresco.core_router(),
        )
        .nest(
            "/alfresco/api/-default-/public/authentication/versions/1",
            alfresco.auth_router(),
        )
        .nest("/oauth/amazon", amazon_oauth.router())
        .nest("/amazon/drive/v1", amazon.discovery_router())
        .nest("/amazon-meta/drive/v1", amazon.metadata_router())
        .nest("/amazon-content/cdproxy", amazon.content_router())
        .nest("/__admin", admin.router(config.admin_token.clone()));
    let app = match &strict {
        Some(strict) => app.layer(axum::middleware::from_fn_with_state(
            strict.clone(),
            strict::apply,
        )),
        None => app,
    };
    let app = app
        .layer(axum::middleware::from_fn_with_state(
            faults.clone(),
            faults::apply,
        ))
        // Providers enforce their own upload limits in their handlers.
        .layer(axum::extract::DefaultBodyLimit::disable());

    let mut providers = BTreeMap::new();
    providers.insert(
        "dropbox",
        ProviderInfo {
            base_urls: BTreeMap::from([
                ("api", format!("{base}/dropbox/api/2")),
                ("content", format!("{base}/dropbox/content/2")),
                // The hosts as the SDKs take them (`DROPBOX_API_HOST`, ...).
                ("api_host", format!("{base}/dropbox/api")),
                ("content_host", format!("{base}/dropbox/content")),
                ("web_host", format!("{base}/dropbox/www")),
            ]),
            authorize_url: format!("{base}/dropbox/www/oauth2/authorize"),
            token_url: format!("{base}/dropbox/api/oauth2/token"),
            revoke_url: Some(format!("{base}/dropbox/api/2/auth/token/revoke")),
            client_id: dropbox_rules.client_id,
            client_secret: dropbox_rules.client_secret,
            redirect_uri: dropbox_rules.redirect_uri,
            username: None,
            password: None,
        },
    );

    providers.insert(
        "onedrive",
        ProviderInfo {
            base_urls: BTreeMap::from([
                ("api", graph.api_base()),
                ("content", graph.content_base()),
                // login.microsoftonline.com: `{login}/{tenant}/oauth2/v2.0/...`.
                ("login", microsoft_login.clone()),
            ]),
            authorize_url: format!("{microsoft_login}/common/oauth2/v2.0/authorize"),
            token_url: format!("{microsoft_login}/common/oauth2/v2.0/token"),
            revoke_url: None,
            client_id: graph_rules.client_id,
            client_secret: graph_rules.client_secret,
            redirect_uri: graph_rules.redirect_uri,
            username: None,
            password: None,
        },
    );

    providers.insert(
        "box",
        ProviderInfo {
            base_urls: BTreeMap::from([
                ("api", boxcom.api_base()),
                ("upload", boxcom.upload_base()),
                ("download", boxcom.download_base()),
                // box-sdk-gen's `BaseUrls`: base_url, upload_url, oauth2_url.
                ("base_url", format!("{base}/box/api")),
                ("upload_url", format!("{base}/box/upload/api")),
                ("oauth2_url", format!("{base}/box/account/api/oauth2")),
            ]),
            authorize_url: format!("{base}/box/account/api/oauth2/authorize"),
            token_url: format!("{base}/box/api/oauth2/token"),
            revoke_url: Some(format!("{base}/box/api/oauth2/revoke")),
            client_id: box_rules.client_id,
            client_secret: box_rules.client_secret,
            redirect_uri: box_rules.redirect_uri,
            username: None,
            password: None,
        },
    );

    let realm = format!("{base}/auth/realms/alfresco/protocol/openid-connect");
    providers.insert(
        "alfresco",
        ProviderInfo {
            base_urls: BTreeMap::from([
                ("server", base.clone()),
                (
                    "core",
                    format!("{base}/alfresco/api/-default-/public/alfresco/versions/1"),
                ),
                (
                    "auth",
                    format!("{base}/alfresco/api/-default-/public/authentication/versions/1"),
                ),
            ]),
            authorize_url: format!("{realm}/auth"),
            token_url: format!("{realm}/token"),
            revoke_url: None,
            client_id: alfresco_rules.client_id,
            client_secret: alfresco_rules.client_secret,
            redirect_uri: alfresco_rules.redirect_uri,
            username: Some("demo".to_owned()),
            password: Some(alfresco::PASSWORD.to_owned()),
        },
    );

    providers.insert(
        "clouddrive",
        ProviderInfo {
            base_urls: BTreeMap::from([
                ("discovery", amazon.discovery_base()),
                ("metadata", amazon.metadata_url()),
                ("content", amazon.content_url()),
            ]),
            authorize_url: format!("{base}/oauth/amazon/authorize"),
            token_url: format!("{base}/oauth/amazon/token"),
            revoke_url: None,
            client_id: amazon_rules.client_id,
            client_secret: amazon_rules.client_secret,
            redirect_uri: amazon_rules.redirect_uri,
            username: None,
            password: None,
        },
    );

    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let acceptor = certificates.map(|c| c.acceptor);
    let task = tokio::spawn(listener::serve(listener, app, acceptor, rx));
    Ok(Running {
        info: Info {
            addr,
            providers,
            tls_ca: tls_ca.as_ref().map(|f| f.path().to_path_buf()),
            strict: strict.is_some(),
        },
        _tls_ca: tls_ca,
        dropbox,
        onedrive: graph,
        boxcom,
        alfresco,
        clouddrive: amazon,
        faults,
        shutdown: Some(tx),
        task,
    })
}

/// A closure that sets the quota of the store `pick` finds in `owner`.
fn quota_setter<T: Send + Sync + 'static>(
    owner: Arc<T>,
    pick: fn(&T) -> &std::sync::Mutex<store::Store>,
) -> admin::QuotaSetter {
    Arc::new(move |bytes| {
        if let Ok(mut store) = pick(&owner).lock() {
            store.set_quota(bytes);
        }
    })
}
