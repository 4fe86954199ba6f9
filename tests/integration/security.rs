//! The shell's security settings, read from the files the build uses:
//! a strict CSP, and a main-window capability that grants the app's own
//! commands and nothing else.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(rel: &str) -> Value {
    serde_json::from_str(&read(rel)).unwrap()
}

/// The quoted names in the `COMMANDS` list of src-tauri/build.rs.
fn declared_commands() -> BTreeSet<String> {
    let build = read("src-tauri/build.rs");
    let start = build
        .find("const COMMANDS")
        .expect("build.rs declares COMMANDS");
    let list = &build[start..build[start..].find("];").unwrap() + start];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The commands registered with `generate_handler!` in src-tauri/src/lib.rs.
fn registered_commands() -> BTreeSet<String> {
    let lib = read("src-tauri/src/lib.rs");
    let start = lib.find("generate_handler![").unwrap();
    let body = &lib[start..start + lib[start..].find(']').unwrap()];
    body.split([',', '[', '\n'])
        .filter_map(|s| {
            s.trim()
                .rsplit("::")
                .next()
                .filter(|s| !s.is_empty() && !s.contains('!'))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn csp_allows_only_the_apps_own_content() {
    let conf = json("tauri.conf.json");
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(csp["frame-ancestors"], "'none'");
    let text = csp.to_string();
    for banned in ["unsafe-inline", "unsafe-eval", "https:", "http:*"] {
        assert!(
            !text.contains(banned),
            "CSP must not contain {banned}: {text}"
        );
    }
    // No source that matches any host: a wildcard is a port of loopback at most.
    for token in csp
        .as_object()
        .unwrap()
        .values()
        .flat_map(|v| v.as_str().unwrap().split_whitespace())
    {
        assert!(
            !token.contains('*') || token == "http://127.0.0.1:*",
            "CSP source {token} matches more than this machine: {text}"
        );
    }
    let connect = csp["connect-src"].as_str().unwrap();
    assert_eq!(connect, "ipc: http://ipc.localhost", "only the IPC bridge");
    let media = csp["media-src"].as_str().unwrap();
    assert_eq!(
        media, "http://127.0.0.1:*",
        "Quick Look plays only Cloudpick's loopback stream"
    );
    assert_ne!(
        conf["app"]["withGlobalTauri"], true,
        "no global Tauri object for injected scripts"
    );
}

#[test]
fn every_command_is_declared_registered_and_granted_and_nothing_else_is() {
    let declared = declared_commands();
    let registered = registered_commands();
    assert!(declared.len() >= 5, "{declared:?}");
    assert_eq!(
        declared, registered,
        "build.rs COMMANDS and generate_handler! must match"
    );

    let capability = json("src-tauri/capabilities/main.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission names only").to_owned())
        .collect();
    let expected: BTreeSet<String> = declared
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, expected,
        "the main window gets exactly the app's commands"
    );

    let capabilities = std::fs::read_dir(repo("src-tauri/capabilities"))
        .unwrap()
        .count();
    assert_eq!(capabilities, 1, "no other capability file widens access");
}

#[test]
fn no_plugin_gives_the_webview_files_or_a_shell() {
    let manifest = read("src-tauri/Cargo.toml");
    for plugin in [
        "tauri-plugin-fs",
        "tauri-plugin-shell",
        "tauri-plugin-http",
        "tauri-plugin-process",
    ] {
        assert!(
            !manifest.contains(plugin),
            "{plugin} must not be a dependency"
        );
    }
    let conf = read("tauri.conf.json");
    assert!(
        !conf.contains("\"assetProtocol\""),
        "no asset protocol scope over the disk"
    );
}

/// The demo's drives run with an admin token: without it, no local process
/// can add faults, expire or revoke their tokens, or fill them up.
#[tokio::test]
async fn the_emulators_admin_answers_only_its_token_when_it_has_one() {
    let emulator = cloudpick_emulator::start(
        cloudpick_emulator::Config {
            admin_token: Some("run-token".into()),
            ..cloudpick_emulator::Config::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let origin = format!("http://{}", emulator.info.addr);
    let http = reqwest::Client::new();
    let fault = serde_json::json!({
        "path_contains": "/files", "fault": {"kind": "status", "status": 503}, "times": 1
    });
    for (url, body) in [
        (format!("{origin}/__admin/faults"), Some(&fault)),
        (format!("{origin}/__admin/dropbox/revoke-tokens"), None),
        (format!("{origin}/__admin/box/expire-tokens"), None),
    ] {
        let mut asked = http.post(&url);
        if let Some(body) = body {
            asked = asked.json(body);
        }
        let refused = asked.try_clone().unwrap().send().await.unwrap();
        assert_eq!(refused.status(), 401, "{url}");
        let wrong = asked
            .try_clone()
            .unwrap()
            .bearer_auth("guess")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401, "{url}");
        let allowed = asked.bearer_auth("run-token").send().await.unwrap();
        assert!(allowed.status().is_success(), "{url}: {}", allowed.status());
    }
    assert_eq!(
        emulator.faults.injected().len(),
        0,
        "the rule waits, unused"
    );

    // Nor can it open a consent page to approve a sign-in: only the URL the
    // app opens, which carries the run's token, shows it.
    let info = &emulator.info.providers["dropbox"];
    assert_ne!(
        info.client_secret, "demo-dropbox-secret",
        "the run's own secret"
    );
    let authorize = |extra: &str| {
        format!(
            "{}?client_id={}&redirect_uri={}&response_type=code&state=s{extra}",
            info.authorize_url,
            info.client_id,
            url::form_urlencoded::byte_serialize(info.redirect_uri.as_bytes()).collect::<String>()
        )
    };
    let page = |extra: &str| {
        let asked = http.get(authorize(extra)).send();
        async { asked.await.unwrap().text().await.unwrap() }
    };
    let without = page("").await;
    assert!(
        without.contains("opens only from the Cloudpick demo"),
        "{without}"
    );
    assert!(!without.contains("id=\"allow\""));
    let with = page("&run_token=run-token").await;
    assert!(with.contains("id=\"allow\""), "{with}");
}
