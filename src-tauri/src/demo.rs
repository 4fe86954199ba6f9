//! Demo mode (`cloudpick --demo`, or `CLOUDPICK_DEMO=1`): the drive emulator
//! runs inside the app on the generated demo files, and every cloud drive of
//! the registry connects to it, labelled "Demo".

use cloudpick_core::app::Cloudpick;
use cloudpick_core::connect::account::ProviderSetup;
use cloudpick_core::connect::apps::AppSettings;
use cloudpick_core::connect::flow::Revoke;
use cloudpick_core::connect::{AppRegistration, OAuthProvider};
use cloudpick_core::drives::registry::{self, open_drive};
use cloudpick_core::drives::remote::{
    http_client, HttpClient, OAuthApp, RefreshingTokens, Secret, TokenStore, Tokens,
};
use cloudpick_core::drives::row::{ApiHosts, DriveRow};
use cloudpick_core::{Drive, Error, ErrorKind, Result};
use cloudpick_emulator::{ProviderInfo, Running};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Keeps the emulator serving for as long as the app runs.
pub struct Demo {
    _emulator: Running,
    _moto: Option<crate::demo_s3::Moto>,
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
    // The demo drives' admin answers only this run's token: another local
    // process cannot break or revoke them. Tests that make the demo fail
    // name the token (`CLOUDPICK_DEMO_ADMIN_TOKEN`).
    let admin_token = std::env::var("CLOUDPICK_DEMO_ADMIN_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())
        .unwrap_or_else(cloudpick_emulator::random_admin_token);
    let config = cloudpick_emulator::Config {
        seed: Some(seed.clone()),
        admin_token: Some(admin_token.clone()),
        ..Default::default()
    };
    // Any free port, or the one CLOUDPICK_DEMO_ADDR names (to reach the
    // demo drives' admin, as the tests do to make them fail).
    let wanted = std::env::var("CLOUDPICK_DEMO_ADDR").unwrap_or_else(|_| "127.0.0.1:0".into());
    let addr: std::net::SocketAddr = wanted.parse().map_err(|_| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("CLOUDPICK_DEMO_ADDR is {wanted}, not an address such as 127.0.0.1:8787"),
        )
    })?;
    if !addr.ip().is_loopback() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "CLOUDPICK_DEMO_ADDR must be a loopback address: the demo drives are for this computer only",
        ));
    }
    let emulator = tauri::async_runtime::block_on(cloudpick_emulator::start(config, addr))
        .map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("Could not start the demo drives: {e}"),
            )
        })?;
    let http = http_client()?;
    for row in registry::clouds() {
        let info = emulator.info.providers.get(row.kind).ok_or_else(|| {
            Error::new(
                ErrorKind::Io,
                format!("The demo drives have no {}", row.name),
            )
        })?;
        let drive = signed_in(&emulator, row, info, &http)?;
        let account = tauri::async_runtime::block_on(drive.account())?;
        let label = match row.closed {
            Some(closed) => format!("Demo · {}", closed.to_lowercase()),
            None => "Demo · Demo User".to_owned(),
        };
        app.connect(drive, account, &label);
        app.use_setup(setup(row, info, &admin_token)?);
    }
    // S3 is not emulated here: it is moto's server, when moto is installed.
    let moto = crate::demo_s3::start(app, &seed, &http).unwrap_or_else(|err| {
        eprintln!("The demo goes on without S3: {}", err.message());
        None
    });
    Ok(Demo {
        _emulator: emulator,
        _moto: moto,
    })
}

/// `row`'s drive at the emulator, signed in the way a user would: the demo
/// user name and password where the drive takes them (a ticket), else
/// tokens the emulator issued, refreshing through its token endpoint.
fn signed_in(
    emulator: &Running,
    row: &DriveRow,
    info: &ProviderInfo,
    http: &HttpClient,
) -> Result<Arc<dyn Drive>> {
    let hosts = hosts(info);
    if row.sign_in.is_some_and(|r| r.password) {
        let server = hosts.get("server", "");
        let (user, password) = (
            info.username.as_deref().unwrap_or_default(),
            info.password.as_deref().unwrap_or_default(),
        );
        let ticket = tauri::async_runtime::block_on(cloudpick_core::drives::alfresco::login(
            http,
            &cloudpick_core::drives::alfresco::Server(server.clone()),
            user,
            password,
        ))?;
        return Ok(cloudpick_core::connect::ticket::drive(
            &server, ticket, http,
        ));
    }
    let issued = emulator
        .oauth(row.kind)
        .ok_or_else(|| Error::new(ErrorKind::Io, format!("The demo has no {}", row.name)))?
        .issue_tokens();
    let tokens = Tokens {
        access: Secret::new(issued.access_token),
        refresh: issued.refresh_token.map(Secret::new),
        expires_at: Some(SystemTime::now() + Duration::from_secs(issued.expires_in)),
    };
    let app = OAuthApp {
        token_url: info.token_url.clone(),
        client_id: info.client_id.clone(),
        client_secret: client_secret(info),
    };
    let tokens = RefreshingTokens::new(app, tokens, Arc::new(Forget), http.clone(), row.name);
    open_drive(
        row.kind,
        &hosts,
        &AppSettings::default(),
        Arc::new(tokens),
        http,
    )
}

fn hosts(info: &ProviderInfo) -> ApiHosts {
    ApiHosts(
        info.base_urls
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

fn client_secret(info: &ProviderInfo) -> Option<Secret> {
    (!info.client_secret.is_empty()).then(|| Secret::new(info.client_secret.clone()))
}

/// Sign-in settings for `row` at the emulator, so that Disconnect and
/// Connect work in the demo as they do with real accounts (the consent
/// page opens in the browser).
/// The consent page opens only with the run's token, which rides along in
/// the authorize URL the app opens.
fn setup(row: &DriveRow, info: &ProviderInfo, run_token: &str) -> Result<ProviderSetup> {
    let rules = row
        .sign_in
        .ok_or_else(|| Error::new(ErrorKind::Io, format!("{} does not sign in", row.name)))?;
    // The real endpoints (and scopes), with the emulator's URLs in their place.
    let settings = AppSettings {
        server_url: Some(hosts(info).get("server", "http://unused")),
        ..AppSettings::default()
    };
    let real = (rules.oauth)(&settings).map_err(|missing| {
        Error::new(
            ErrorKind::Io,
            format!("The demo's {} has no {missing}", row.name),
        )
    })?;
    let revoke = match (&real.revoke, &info.revoke_url) {
        (Some(Revoke::Bearer(_)), Some(url)) => Some(Revoke::Bearer(url.clone())),
        (Some(Revoke::Rfc7009(_)), Some(url)) => Some(Revoke::Rfc7009(url.clone())),
        _ => None,
    };
    let redirect_port = url::Url::parse(&info.redirect_uri)
        .ok()
        .and_then(|u| u.port());
    Ok(ProviderSetup {
        id: row.kind.to_owned(),
        oauth: OAuthProvider {
            authorize_url: with_run_token(&info.authorize_url, run_token),
            token_url: info.token_url.clone(),
            revoke,
            ..real
        },
        app: AppRegistration {
            client_id: info.client_id.clone(),
            client_secret: client_secret(info),
            // A provider that matches the registered port gets it; the others take any.
            port: rules.fixed_port.and(redirect_port),
        },
        settings: AppSettings::default(),
        hosts: hosts(info),
    })
}

/// `url` with `run_token` added to its query.
fn with_run_token(url: &str, run_token: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            parsed.query_pairs_mut().append_pair("run_token", run_token);
            parsed.into()
        }
        Err(_) => url.to_owned(),
    }
}
