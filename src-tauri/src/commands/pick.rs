use cloudpick_core::api::{to_api, Cloudpick, PickRequest};
use cloudpick_core::pick::{FileProgress, PickResult};
use cloudpick_core::ApiError;
use std::sync::Arc;
use tauri::ipc::Channel;

#[tauri::command]
pub async fn pick_files(
    app: tauri::State<'_, Cloudpick>,
    request: PickRequest,
    progress: Channel<FileProgress>,
) -> Result<PickResult, ApiError> {
    let sink = Arc::new(move |event: FileProgress| {
        // The window may be gone; the copy goes on regardless.
        let _ = progress.send(event);
    });
    to_api(app.pick(request, sink).await)
}

#[tauri::command]
pub fn cancel_pick(app: tauri::State<'_, Cloudpick>) {
    app.cancel_pick();
}

/// Stops one file of the running pick, by its place in the request.
#[tauri::command]
pub fn cancel_pick_file(app: tauri::State<'_, Cloudpick>, index: usize) {
    app.cancel_pick_file(index);
}
