//! The command-line contract: one line of JSON on stdout, then serving.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn serve_prints_one_json_line_with_every_url_then_answers() {
    let seed = tempfile::tempdir().unwrap();
    std::fs::write(seed.path().join("hello.txt"), b"hello").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudpick-emulator"))
        .args(["serve", "--addr", "127.0.0.1:0", "--auto-approve", "--seed"])
        .arg(seed.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: serde_json::Value = serde_json::from_str(&line).expect("the first line is JSON");
    let dropbox = &info["providers"]["dropbox"];
    for key in [
        "authorize_url",
        "token_url",
        "client_id",
        "client_secret",
        "redirect_uri",
    ] {
        assert!(
            dropbox[key].as_str().is_some_and(|v| !v.is_empty()),
            "{key} in {line}"
        );
    }
    let api = dropbox["base_urls"]["api"].as_str().unwrap();
    let content = dropbox["base_urls"]["content"].as_str().unwrap();
    assert_ne!(api, content, "the api and content hosts are kept apart");
    assert!(api.starts_with("http://127.0.0.1:"));

    // It serves: an unauthenticated call gets Dropbox's 401.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let status = runtime.block_on(async {
        reqwest::Client::new()
            .post(format!("{api}/users/get_current_account"))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 401);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn refuses_a_non_loopback_address() {
    let output = Command::new(env!("CARGO_BIN_EXE_cloudpick-emulator"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("loopback"));
}
