//! Tauri commands: each takes typed input, calls one `Cloudpick` method and
//! hands errors to the UI as `{code, message}`.

pub mod accounts;
pub mod activity;
pub mod browse;
pub mod export;
pub mod pick;
pub mod portal;
pub mod settings;
pub mod sources;
pub mod transfers;
pub mod webhooks;
pub mod window;
