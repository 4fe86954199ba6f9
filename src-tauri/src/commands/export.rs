use cloudpick_core::app::export::ExportRequest;
use cloudpick_core::app::{to_api, Cloudpick};
use cloudpick_core::item::{DriveItem, ItemId};
use cloudpick_core::pick::{FileProgress, PickResult};
use cloudpick_core::ApiError;
use std::sync::Arc;
use tauri::ipc::Channel;

/// Save to: the files to a folder on a drive, with progress per file;
/// `cancel_export` with the same `id` stops it.
#[tauri::command]
pub async fn export_files(
    app: tauri::State<'_, Cloudpick>,
    id: String,
    request: ExportRequest,
    progress: Channel<FileProgress>,
) -> Result<PickResult, ApiError> {
    let sink = Arc::new(move |event: FileProgress| {
        let _ = progress.send(event);
    });
    let request = to_api(app.export_from_window(request))?;
    to_api(app.export_stoppable(id, request, sink).await)
}

/// Stops the window's save `id`: what is saved stays, the rest is not written.
#[tauri::command]
pub fn cancel_export(app: tauri::State<'_, Cloudpick>, id: String) {
    app.cancel_export(&id);
}

/// The save dialog's New folder.
#[tauri::command]
pub async fn create_folder(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    parent: ItemId,
    name: String,
) -> Result<DriveItem, ApiError> {
    to_api(app.create_folder(&source, &parent, &name).await)
}

/// Drag out: the path on this computer a dragged file is handed over as
/// (a cloud file downloaded first).
#[tauri::command]
pub async fn stage_drag(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    id: ItemId,
) -> Result<String, ApiError> {
    to_api(
        app.stage_for_drag(&source, &id)
            .await
            .map(|p| p.display().to_string()),
    )
}
