use cloudpick_core::app::{to_api, Cloudpick};
use cloudpick_core::ApiError;

/// Pauses one file of the running pick, by its place in the request.
#[tauri::command]
pub fn pause_pick_file(app: tauri::State<'_, Cloudpick>, index: usize) {
    app.pause_pick_file(index);
}

/// Goes on with a paused upload, from where its server stands.
#[tauri::command]
pub async fn resume_transfer(
    app: tauri::State<'_, Cloudpick>,
    activity: i64,
    position: u32,
) -> Result<(), ApiError> {
    to_api(app.resume_transfer(activity, position).await)
}

/// Gives up a paused upload.
#[tauri::command]
pub fn cancel_transfer(
    app: tauri::State<'_, Cloudpick>,
    activity: i64,
    position: u32,
) -> Result<(), ApiError> {
    to_api(app.cancel_transfer(activity, position))
}
