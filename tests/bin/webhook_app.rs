//! Cloudpick's engine in a process of its own, for the webhooks' kill test:
//! `webhook-app DIR URL` posts every event to URL, picks `DIR/Files/1.txt`
//! to `5.txt` (five `fp.upload` events), then delivers until it is killed.

use cloudpick_core::app::{picking::PickRequest, Cloudpick};
use cloudpick_core::webhooks::Webhook;
use cloudpick_core::ItemId;
use std::path::PathBuf;
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(url)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: webhook-app DIR URL");
        std::process::exit(2);
    };
    let app = Cloudpick::open(cloudpick_tests::app_paths(&PathBuf::from(dir))).expect("opens");
    let mut view = app.settings_view();
    view.webhooks = vec![Webhook {
        url: url.clone(),
        events: vec!["all".into()],
    }];
    app.update_settings(&view).expect("the webhook is saved");
    let files = (1..=5).map(|i| ItemId::new(format!("/Files/{i}.txt")));
    let picked = app
        .pick(PickRequest::from("local", files), Arc::new(|_| {}))
        .await
        .expect("the pick");
    assert!(picked.files_failed.is_empty(), "{:?}", picked.files_failed);
    app.deliver_webhooks().await;
}
