//! Demo mode (`cloudpick --demo`, or `CLOUDPICK_DEMO=1`): the drive emulator
//! runs inside the app on the generated demo files, and every cloud drive
//! connects to it, labelled "Demo".

use cloudpick_core::api::Cloudpick;
use cloudpick_core::connect::account::ProviderSetup;
use cloudpick_core::connect::flow::Revoke;
use cloudpick_core::connect::open::ApiHosts;
use cloudpick_core::connect::{AppRegistration, OAuthProvider};
use cloudpick_core::dropbox::{Client, Dropbox, Endpoints};
use cloudpick_core::remote::{
    http_client, HttpClient, OAuthApp, RefreshingTokens, RetryPolicy, Secret, TokenStore, Tokens,
};
use cloudpick_core::{Drive, Error, ErrorKind, Result};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Keeps the emulator serving for as long as the app runs.
pub struct Demo {
    _emulator: cloudpick_emulator::Running,
}

pub fn requested(flag: bool) -> bool {
    flag || std::env::var_os("CLOUDPICK_DEMO").is_some_and(|v| v == "1")
}

/// Demo tokens are not worth keeping: a new demo issues new ones.
struct Forget;

impl TokenStore for Forget {
    fn save(&self, _tokens: &Tokens) -> Result<()> {
        Ok(())
    }
}

/// Starts the emulator on the cached demo seed and connects the drives to it.
pub fn start(app: &Cloudpick, cache_dir: &std::path::Path) -> Result<Demo> {
    let seed = cloudpick_emulator::seed::cached(cache_dir).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!(
                "Could not prepare the demo files in {}: {e}",
                cache_dir.display()
            ),
        )
    })?;
    let config = cloudpick_emulator::Config {
        seed: Some(seed),
        ..Default::default()
    };
    let addr = "127.0.0.1:0"
        .parse()
        .map_err(|_| Error::new(ErrorKind::InvalidInput, "bad address"))?;
    let emulator = tauri::async_runtime::block_on(cloudpick_emulator::start(config, addr))
        .map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("Could not start the demo drives: {e}"),
            )
        })?;
    let drives = [
        (dropbox(&emulator)?, "Demo · Demo User"),
        (onedrive(&emulator)?, "Demo · Demo User"),
        (boxcom(&emulator)?, "Demo · Demo User"),
        (alfresco(&emulator)?, "Demo · Demo User"),
        (amazon(&emulator)?, "Demo · closed in 2023"),
    ];
    for (drive, label) in drives {
        let account = tauri::async_runtime::block_on(drive.account())?;
        app.connect(drive, account, label);
    }
    for setup in setups(&emulator) {
        app.use_setup(setup);
    }
    Ok(Demo {
        _emulator: emulator,
    })
}

/// Tokens the emulator issued, refreshing through its token endpoint.
fn tokens(
    issued: cloudpick_emulator::oauth::TokenPair,
    info: &cloudpick_emulator::ProviderInfo,
    http: &HttpClient,
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
        Arc::new(Forget),
        http.clone(),
        drive,
    ))
}

fn onedrive(emulator: &cloudpick_emulator::Running) -> Result<Arc<dyn Drive>> {
    let info = &emulator.info.providers["onedrive"];
    let http = http_client()?;
    let client = cloudpick_core::onedrive::Client {
        api: info.base_urls["api"].clone(),
        tokens: tokens(emulator.graph.oauth.issue_tokens(), info, &http, "OneDrive"),
        retry: RetryPolicy::default(),
        http,
    };
    Ok(Arc::new(cloudpick_core::onedrive::OneDrive::new(client)))
}

fn boxcom(emulator: &cloudpick_emulator::Running) -> Result<Arc<dyn Drive>> {
    let info = &emulator.info.providers["box"];
    let http = http_client()?;
    let client = cloudpick_core::boxcom::Client {
        endpoints: cloudpick_core::boxcom::Endpoints {
            api: info.base_urls["api"].clone(),
            upload: info.base_urls["upload"].clone(),
        },
        tokens: tokens(emulator.boxcom.oauth.issue_tokens(), info, &http, "Box"),
        retry: RetryPolicy::default(),
        http,
    };
    Ok(Arc::new(cloudpick_core::boxcom::BoxDrive::new(client)))
}

fn dropbox(emulator: &cloudpick_emulator::Running) -> Result<Arc<dyn Drive>> {
    let info = &emulator.info.providers["dropbox"];
    let http = http_client()?;
    let client = Client {
        endpoints: Endpoints {
            api: info.base_urls["api"].clone(),
            content: info.base_urls["content"].clone(),
        },
        tokens: tokens(
            emulator.dropbox.oauth.issue_tokens(),
            info,
            &http,
            "Dropbox",
        ),
        retry: RetryPolicy::default(),
        http,
    };
    Ok(Arc::new(Dropbox::new(client)))
}

/// Signs in the way a user would: the demo user name and password, for a ticket.
fn alfresco(emulator: &cloudpick_emulator::Running) -> Result<Arc<dyn Drive>> {
    use cloudpick_core::alfresco::{login, Alfresco, Auth, Client, Server};
    let info = &emulator.info.providers["alfresco"];
    let http = http_client()?;
    let server = Server(info.base_urls["server"].clone());
    let (user, password) = (
        info.username.as_deref().unwrap_or_default(),
        info.password.as_deref().unwrap_or_default(),
    );
    let ticket = tauri::async_runtime::block_on(login(&http, &server, user, password))?;
    let client = Client {
        http,
        server,
        auth: Auth::Ticket(ticket),
        retry: RetryPolicy::default(),
    };
    Ok(Arc::new(Alfresco::new(client)))
}

fn amazon(emulator: &cloudpick_emulator::Running) -> Result<Arc<dyn Drive>> {
    use cloudpick_core::amazon::{AmazonDrive, Client, Endpoints};
    let info = &emulator.info.providers["clouddrive"];
    let http = http_client()?;
    let endpoints = Endpoints {
        discovery: info.base_urls["discovery"].clone(),
    };
    let issued = emulator.amazon.oauth.issue_tokens();
    let tokens = tokens(issued, info, &http, "Amazon Cloud Drive");
    let client = Client::new(http, endpoints, tokens, RetryPolicy::default());
    Ok(Arc::new(AmazonDrive::new(client)))
}

/// Sign-in settings for every provider at the emulator, so that Disconnect
/// and Connect work in the demo as they do with real accounts (the consent
/// page opens in the browser).
fn setups(emulator: &cloudpick_emulator::Running) -> Vec<ProviderSetup> {
    use cloudpick_core::connect::providers;
    let real = [
        ("dropbox", providers::dropbox()),
        ("onedrive", providers::onedrive("common")),
        ("box", providers::boxcom()),
        ("clouddrive", providers::amazon()),
        ("alfresco", providers::alfresco_oidc("http://unused")),
    ];
    real.into_iter()
        .map(|(id, oauth)| {
            let info = &emulator.info.providers[id];
            let revoke = match (&oauth.revoke, &info.revoke_url) {
                (Some(Revoke::Bearer(_)), Some(url)) => Some(Revoke::Bearer(url.clone())),
                (Some(Revoke::Rfc7009(_)), Some(url)) => Some(Revoke::Rfc7009(url.clone())),
                _ => None,
            };
            let redirect_port = url::Url::parse(&info.redirect_uri)
                .ok()
                .and_then(|u| u.port());
            ProviderSetup {
                id: id.to_owned(),
                oauth: OAuthProvider {
                    authorize_url: info.authorize_url.clone(),
                    token_url: info.token_url.clone(),
                    revoke,
                    ..oauth
                },
                app: AppRegistration {
                    client_id: info.client_id.clone(),
                    client_secret: (!info.client_secret.is_empty())
                        .then(|| Secret::new(info.client_secret.clone())),
                    // Dropbox matches the registered port; the others take any.
                    port: if id == "dropbox" { redirect_port } else { None },
                },
                settings: Default::default(),
                hosts: ApiHosts(
                    info.base_urls
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), v.clone()))
                        .collect(),
                ),
            }
        })
        .collect()
}
