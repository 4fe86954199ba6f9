//! An application's request through the desktop's file dialog: the files
//! or folder the user chose, and the filter chosen in the window.

use crate::desktop::script_pick::{self, Answer};
use cloudpick_core::app::save_for_app::{SaveForApp, SavedForApp};
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
    // The application gone (or Cancel all) stops the downloads.
    let answered = script_pick::answered(&handle);
    let sink = Arc::new(move |event: FileProgress| {
        let _ = progress.send(event);
    });
    let answer = match app
        .open_for_app(request, asking.asker(), sink, answered)
        .await
    {
        Ok(paths) => Answer::Chosen(paths),
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
    script_pick::answer(&handle, Answer::Chosen(vec![folder]));
    Ok(())
}

/// Where the waiting application saves: paths of This computer as they
/// are, a staging path for a cloud folder (uploaded once the application
/// has written it). A taken name comes back to be asked about.
#[tauri::command]
pub async fn save_for_app(
    handle: tauri::AppHandle,
    app: tauri::State<'_, Cloudpick>,
    target: SaveForApp,
    names: Vec<String>,
) -> Result<SavedForApp, cloudpick_core::ApiError> {
    let mut paths = Vec::with_capacity(names.len());
    let mut staged = Vec::new();
    for name in names {
        let one = SaveForApp {
            name,
            ..target.clone()
        };
        match to_api(app.save_for_app(one).await)? {
            (SavedForApp::Path { path }, stage) => {
                paths.push(path);
                staged.extend(stage);
            }
            (taken, _) => return Ok(taken),
        }
    }
    for stage in staged {
        crate::desktop::portal::upload_when_written(&handle, stage);
    }
    let first = paths.first().cloned().unwrap_or_default();
    script_pick::answer(&handle, Answer::Chosen(paths));
    Ok(SavedForApp::Path { path: first })
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
