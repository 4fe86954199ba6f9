//! Settings' webhooks: the signing secret, test events and the delivery log.
//! The keyring is asked off the main thread, where a slow D-Bus answer would
//! freeze the window.

use cloudpick_core::app::{to_api, Cloudpick};
use cloudpick_core::webhooks::outbox::Delivery;
use cloudpick_core::ApiError;
use tauri::{AppHandle, Manager};

async fn keyring<T: Send + 'static>(
    handle: AppHandle,
    call: fn(&Cloudpick) -> cloudpick_core::Result<T>,
) -> Result<T, ApiError> {
    let done = tauri::async_runtime::spawn_blocking(move || call(&handle.state::<Cloudpick>()));
    match done.await {
        Ok(result) => to_api(result),
        Err(_) => to_api(Err(cloudpick_core::Error::new(
            cloudpick_core::ErrorKind::Io,
            "The keyring did not answer",
        ))),
    }
}

/// The signing secret, made on first use. Settings shows it only when asked.
#[tauri::command]
pub async fn signing_secret(handle: AppHandle) -> Result<String, ApiError> {
    keyring(handle, Cloudpick::signing_secret).await
}

#[tauri::command]
pub async fn rotate_signing_secret(handle: AppHandle) -> Result<String, ApiError> {
    keyring(handle, Cloudpick::rotate_signing_secret).await
}

#[tauri::command]
pub fn send_test_event(app: tauri::State<'_, Cloudpick>, url: String) -> Result<(), ApiError> {
    to_api(app.send_test_event(&url))
}

#[tauri::command]
pub fn webhook_deliveries(app: tauri::State<'_, Cloudpick>) -> Result<Vec<Delivery>, ApiError> {
    to_api(app.deliveries())
}

#[tauri::command]
pub fn replay_delivery(app: tauri::State<'_, Cloudpick>, id: i64) -> Result<(), ApiError> {
    to_api(app.replay_delivery(id))
}
