//! `make bench`: copies a file from the emulated Dropbox to the emulated
//! OneDrive through Cloudpick's drive clients, streaming, and prints the
//! throughput and this process's peak RSS. The emulator runs in another
//! process, so the RSS is Cloudpick's alone.
//!
//! Usage: bench-copy INFO_JSON FILE_NAME — INFO_JSON is the emulator's first line.
//! Prints: bytes, bytes per second, peak RSS (MiB), CPU seconds, wall seconds.

use cloudpick_core::drives::dropbox::{Client as DropboxClient, Dropbox, Endpoints};
use cloudpick_core::drives::onedrive::{Client as OneDriveClient, OneDrive};
use cloudpick_core::drives::remote::{http_client, RetryPolicy, Secret, StaticTokens};
use cloudpick_core::{ConflictPolicy, Drive, ItemId, Upload};
use cloudpick_tests::process::{cpu_seconds, peak_rss_mib};
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;

/// A token from the emulator's token endpoint (auto-approved authorization code).
async fn token(http: &reqwest::Client, provider: &Value) -> String {
    let redirect = "http://127.0.0.1:9/callback";
    let verifier = "bench-verifier-bench-verifier-bench-verifier-0123";
    let challenge = cloudpick_emulator::oauth::s256(verifier);
    let authorize = http
        .get(provider["authorize_url"].as_str().unwrap())
        .query(&[
            ("client_id", provider["client_id"].as_str().unwrap()),
            ("response_type", "code"),
            (
                "redirect_uri",
                if provider["redirect_uri"].as_str().unwrap().contains("53682") {
                    provider["redirect_uri"].as_str().unwrap()
                } else {
                    redirect
                },
            ),
            ("state", "bench"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    let location = url::Url::parse(authorize.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let redirect_used: String = location.as_str().split('?').next().unwrap().to_owned();
    let reply: Value = http
        .post(provider["token_url"].as_str().unwrap())
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect_used.as_str()),
            ("client_id", provider["client_id"].as_str().unwrap()),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["access_token"].as_str().expect("a token").to_owned()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let info: Value = serde_json::from_str(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    let name = &args[2];
    let http = http_client().unwrap();
    let signin = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let dropbox_info = &info["providers"]["dropbox"];
    let onedrive_info = &info["providers"]["onedrive"];
    let source = Dropbox::new(DropboxClient {
        http: http.clone(),
        endpoints: Endpoints {
            api: dropbox_info["base_urls"]["api"].as_str().unwrap().into(),
            content: dropbox_info["base_urls"]["content"]
                .as_str()
                .unwrap()
                .into(),
        },
        tokens: Arc::new(StaticTokens(Secret::new(
            token(&signin, dropbox_info).await,
        ))),
        retry: RetryPolicy::default(),
    });
    let target = OneDrive::new(OneDriveClient {
        http: http.clone(),
        api: onedrive_info["base_urls"]["api"].as_str().unwrap().into(),
        tokens: Arc::new(StaticTokens(Secret::new(
            token(&signin, onedrive_info).await,
        ))),
        retry: RetryPolicy::default(),
    });
    let item = source
        .stat(&ItemId::new(format!("/{name}")))
        .await
        .expect("the file is in the emulated Dropbox");
    let started = Instant::now();
    let body = source.read_verified(&item).await.unwrap();
    let upload = Upload {
        name: format!("copy of {name}"),
        size: item.size,
        body,
        on_conflict: ConflictPolicy::Replace,
    };
    let copied = target
        .write(&target.root(), upload)
        .await
        .expect("the copy lands in OneDrive");
    let seconds = started.elapsed().as_secs_f64();
    let bytes = copied.size.unwrap_or(0);
    assert_eq!(Some(bytes), item.size, "the whole file arrived");
    // The next run's copy then reuses this one's memory in the emulator's
    // tmpfs, rather than memory the VM has never touched (several times slower
    // to write, and not what is measured here).
    target
        .delete(&copied.id)
        .await
        .expect("the copy can be deleted again");
    #[allow(clippy::print_stdout)]
    {
        println!(
            "{bytes} {:.0} {:.1} {:.2} {seconds:.2}",
            bytes as f64 / seconds,
            peak_rss_mib(),
            cpu_seconds()
        );
    }
}
