//! An application's request through the desktop's file dialog: the files
//! or folder the user chose, and the filter chosen in the window.

use crate::desktop::script_pick::{self, Answer};
use cloudpick_core::app::{picking::PickRequest, to_api, Cloudpick};
use cloudpick_core::item::ItemId;
use cloudpick_core::pick::FileProgress;
use std::sync::Arc;
use tauri::ipc::Channel;

/// Brings the chosen files over for the waiting application (cloud files
/// downloaded, their progress on `progress`) and answers it.
#[tauri::command]
pub async fn open_for_app(
    handle: tauri::AppHandle,
    app: tauri::State<'_, Cloudpick>,
    request: PickRequest,
    progress: Channel<FileProgress>,
) -> Result<(), cloudpick_core::ApiError> {
    let Some(asking) = script_pick::for_app(&handle) else {
        return Ok(());
    };
    let sink = Arc::new(move |event: FileProgress| {
        let _ = progress.send(event);
    });
    let answer = match app.open_for_app(request, asking.asker(), sink).await {
        Ok(paths) => Answer::Opened(paths),
        Err(err) => Answer::Failed(err.message().to_owned()),
    };
    script_pick::answer(&handle, answer);
    Ok(())
}

/// Answers the waiting application with a folder of This computer.
#[tauri::command]
pub fn choose_folder_for_app(
    handle: tauri::AppHandle,
    app: tauri::State<'_, Cloudpick>,
    id: ItemId,
) -> Result<(), cloudpick_core::ApiError> {
    let folder = to_api(app.folder_for_app(&id))?;
    script_pick::answer(&handle, Answer::Opened(vec![folder]));
    Ok(())
}

/// The application's filter chosen in the window: what the picker accepts.
#[tauri::command]
pub fn choose_filter(handle: tauri::AppHandle, index: usize) {
    script_pick::change_rules(&handle, |options| {
        if let Some(request) = options.portal.as_mut() {
            if index < request.filters.len() {
                request.current_filter = Some(index);
                options.rules = Some(request.rules());
            }
        }
    });
}
