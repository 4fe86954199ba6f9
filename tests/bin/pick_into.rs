//! Picks files of This computer into a folder, one pick per file in turn,
//! then prints what each pick said and what the folder holds, as JSON:
//! `pick-into DIR STORE NAME...` (the app's folders in `DIR`, the files in
//! `DIR/Files`). The disk-full test runs it with `STORE` on a small tmpfs
//! that only its own mount namespace sees.

use cloudpick_core::app::{picking::PickRequest, Cloudpick};
use cloudpick_core::storage::StoreTo;
use cloudpick_core::ItemId;
use std::path::PathBuf;
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, store, names @ ..] = args.as_slice() else {
        eprintln!("usage: pick-into DIR STORE NAME...");
        std::process::exit(2);
    };
    let app = Cloudpick::open(cloudpick_tests::app_paths(&PathBuf::from(dir))).expect("opens");
    let mut picks = Vec::new();
    for name in names {
        let request = PickRequest {
            store_to: Some(StoreTo {
                location: "local".into(),
                path: store.clone(),
            }),
            ..PickRequest::from("local", [ItemId::new(format!("/Files/{name}"))])
        };
        let result = app
            .pick(request, Arc::new(|_| {}))
            .await
            .expect("the pick runs");
        let stored: Vec<&str> = result
            .files_uploaded
            .iter()
            .map(|f| f.filename.as_str())
            .collect();
        let failed: Vec<&str> = result
            .files_failed
            .iter()
            .map(|f| f.error.as_str())
            .collect();
        picks.push(serde_json::json!({ "name": name, "stored": stored, "failed": failed }));
    }
    let mut held: Vec<(String, u64)> = std::fs::read_dir(store)
        .expect("the store")
        .map(|e| e.expect("an entry"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().expect("its size").len(),
            )
        })
        .collect();
    held.sort();
    report(&serde_json::json!({ "picks": picks, "held": held }));
}

/// The report is this program's output.
#[allow(clippy::print_stdout)]
fn report(said: &serde_json::Value) {
    println!("{said}");
}
