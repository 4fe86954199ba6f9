//! The connect flow against a real OAuth server nobody here wrote:
//! `oidc-provider` from npm, on loopback, with headless Chromium (driven by
//! playwright-core) in place of the system browser. Needs Node.js, `npm ci`
//! in `tests/oidc` and Debian's chromium, which `scripts/setup.sh test`
//! installs.

use cloudpick_core::connect::{connect, AppRegistration, OAuthProvider};
use cloudpick_core::drives::remote::{OAuthApp, RefreshingTokens, TokenSource, TokenStore, Tokens};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

fn scripts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oidc")
}

/// The server, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server() -> (Server, serde_json::Value) {
    let mut child = Command::new("node")
        .arg(scripts().join("server.mjs"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node runs tests/oidc/server.mjs (run scripts/setup.sh test)");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    // Keep reading what else it says, or its next write breaks the pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let info = serde_json::from_str(&line).unwrap_or_else(|_| panic!("server said: {line}"));
    (Server(child), info)
}

#[derive(Default)]
struct Saved(Mutex<Vec<Tokens>>);

impl TokenStore for Saved {
    fn save(&self, tokens: &Tokens) -> cloudpick_core::Result<()> {
        self.0.lock().unwrap().push(tokens.clone());
        Ok(())
    }
}

#[tokio::test]
async fn signs_in_to_oidc_provider_in_chromium_then_refreshes() {
    let (_server, info) = start_server();
    let provider = OAuthProvider {
        name: "Identity server".into(),
        authorize_url: info["authorize_url"].as_str().unwrap().into(),
        token_url: info["token_url"].as_str().unwrap().into(),
        scopes: ["openid", "offline_access", "profile", "email"]
            .map(str::to_owned)
            .into(),
        pkce: true,
        extra: vec![("prompt".into(), "consent".into())],
        revoke: None,
    };
    let app = AppRegistration {
        client_id: info["client_id"].as_str().unwrap().into(),
        client_secret: None,
        port: None,
    };
    let pages: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = pages.clone();
    let present = move |url: &str| {
        let (url, seen) = (url.to_owned(), seen.clone());
        std::thread::spawn(move || {
            let out = Command::new("node")
                .arg(scripts().join("browser.mjs"))
                .arg(&url)
                .output()
                .expect("node runs tests/oidc/browser.mjs");
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            seen.lock().unwrap().push(text);
        });
    };
    let http = cloudpick_core::connect::flow::token_http_client().unwrap();
    let tokens = connect(
        &provider,
        &app,
        &http,
        &present,
        Duration::from_secs(40),
        &CancellationToken::new(),
    )
    .await
    .unwrap_or_else(|e| panic!("{} / browser: {:?}", e.message(), pages.lock().unwrap()));
    let first_refresh = tokens
        .refresh
        .clone()
        .expect("offline_access gives a refresh token");

    // Chromium ends on Cloudpick's own page.
    let mut page = String::new();
    for _ in 0..200 {
        if let Some(p) = pages.lock().unwrap().first() {
            page = p.clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(page.contains("You can close this tab"), "{page}");

    // The token refreshes, and the rotated refresh token is saved.
    let saved = Arc::new(Saved::default());
    let source = RefreshingTokens::new(
        OAuthApp {
            token_url: provider.token_url.clone(),
            client_id: app.client_id.clone(),
            client_secret: None,
        },
        tokens.clone(),
        saved.clone(),
        cloudpick_core::drives::remote::http_client().unwrap(),
        "Identity server",
    );
    let fresh = source.after_unauthorized().await.unwrap();
    assert_ne!(fresh, tokens.access);
    let stored = saved.0.lock().unwrap().last().cloned().expect("saved");
    assert_eq!(stored.access, fresh);
    assert_ne!(
        stored.refresh,
        Some(first_refresh),
        "oidc-provider rotates refresh tokens"
    );
}
