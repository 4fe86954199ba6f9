//! Cloudpick's engine in a process of its own, for the kill-and-restart test:
//! `transfer-worker DIR pick` stores `DIR/Files/big.bin` in `/Uploads` on the
//! emulator's drive `CP_PROVIDER` (base URLs as JSON in `CP_URLS`, signed in
//! with `CP_TOKEN`); `transfer-worker DIR resume` goes on with what the
//! journal says was running. The exit code says whether it worked.

use cloudpick_core::app::{picking::PickRequest, Cloudpick};
use cloudpick_core::storage::StoreTo;
use cloudpick_core::ItemId;
use std::path::PathBuf;
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(mode)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: transfer-worker DIR pick|resume");
        std::process::exit(2);
    };
    let env = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is set"));
    let urls = serde_json::from_str(&env("CP_URLS")).expect("CP_URLS is a JSON map");
    let drive = cloudpick_tests::drive_from(&env("CP_PROVIDER"), &urls, &env("CP_TOKEN"));
    let app = Cloudpick::open(cloudpick_tests::app_paths(&PathBuf::from(dir))).expect("opens");
    let account = drive.account().await.expect("the account");
    let storage = app.connect(drive, account, "Test");
    let ok = match mode.as_str() {
        "pick" => {
            let request = PickRequest {
                store_to: Some(StoreTo {
                    location: storage,
                    path: "/Uploads".into(),
                }),
                ..PickRequest::from("local", [ItemId::new("/Files/big.bin")])
            };
            match app.pick(request, Arc::new(|_| {})).await {
                Ok(result) => result.files_failed.is_empty(),
                Err(err) => {
                    eprintln!("{}", err.message());
                    false
                }
            }
        }
        "resume" => {
            let failures = app.resume_transfers().await;
            for (source, err) in &failures {
                eprintln!("{source}: {}", err.message());
            }
            failures.is_empty()
        }
        other => {
            eprintln!("unknown mode {other}");
            false
        }
    };
    std::process::exit(if ok { 0 } else { 1 });
}
