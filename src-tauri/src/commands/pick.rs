use crate::desktop::script_pick::{self, Answer, ScriptPicks};
use cloudpick_core::app::script::ScriptPick;
use cloudpick_core::app::{picking::PickRequest, to_api, Cloudpick};
use cloudpick_core::pick::{FileProgress, PickResult};
use cloudpick_core::ApiError;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::Manager;

/// Runs a pick. One a script waits for stores where the script said, and
/// its result goes to the script.
#[tauri::command]
pub async fn pick_files(
    handle: tauri::AppHandle,
    app: tauri::State<'_, Cloudpick>,
    mut request: PickRequest,
    progress: Channel<FileProgress>,
) -> Result<PickResult, ApiError> {
    // A script's save answers from its dialog (`script_done`), not here.
    let script = handle
        .state::<ScriptPicks>()
        .options()
        .filter(|s| s.save.is_none());
    if let Some(script) = &script {
        request.store_to = script.store_to.clone().or(request.store_to);
        request.link_only = Some(script.link_only || request.link_only.unwrap_or(false));
    }
    let sink = Arc::new(move |event: FileProgress| {
        // The window may be gone; the copy goes on regardless.
        let _ = progress.send(event);
    });
    let result = app.pick(request, sink).await;
    if script.is_some() {
        let answer = match &result {
            Ok(done) => Answer::Done(Box::new(done.clone())),
            Err(err) => Answer::Failed(err.message().to_owned()),
        };
        script_pick::answer(&handle, answer);
    }
    to_api(result)
}

/// The pick a script waits for, for the window to start it with its drives
/// and storage; none when no script waits.
#[tauri::command]
pub fn script_pick(
    app: tauri::State<'_, Cloudpick>,
    picks: tauri::State<'_, ScriptPicks>,
) -> Option<ScriptPick> {
    let mut options = picks.options()?;
    if let Some(save) = &mut options.save {
        // The window names the script's files by tokens, never by paths.
        save.given = app.give_paths(&std::mem::take(&mut save.files));
    }
    let folder = options
        .portal
        .as_ref()
        .and_then(|p| p.current_folder.clone());
    options.start_folder = folder.and_then(|folder| app.local_id(&folder));
    Some(options)
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

/// The save dialog a script opened was closed: with what it saved, or
/// nothing (cancelled).
#[tauri::command]
pub fn script_done(handle: tauri::AppHandle, result: Option<PickResult>) {
    let answer = match result {
        Some(result) if !result.files_uploaded.is_empty() => Answer::Done(Box::new(result)),
        _ => Answer::Cancelled,
    };
    script_pick::answer(&handle, answer);
}
