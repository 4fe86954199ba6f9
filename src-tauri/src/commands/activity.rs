use cloudpick_core::app::edit_stored::StoredItem;
use cloudpick_core::app::{to_api, Cloudpick};
use cloudpick_core::history::{Activity, RecentItem};
use cloudpick_core::pick::PickResult;
use cloudpick_core::transform::Transform;
use cloudpick_core::ApiError;

/// The last picks, newest first, for the Activity view.
#[tauri::command]
pub fn get_activity(app: tauri::State<'_, Cloudpick>) -> Result<Vec<Activity>, ApiError> {
    to_api(app.activity())
}

/// The files picked last, across drives, for Recent.
#[tauri::command]
pub fn get_recent(app: tauri::State<'_, Cloudpick>) -> Result<Vec<RecentItem>, ApiError> {
    to_api(app.recent())
}

/// Deletes the stored copy of one file of a pick; the record stays.
#[tauri::command]
pub async fn remove_stored(
    app: tauri::State<'_, Cloudpick>,
    activity: i64,
    position: u32,
) -> Result<(), ApiError> {
    to_api(app.remove_stored(activity, position).await)
}

/// Saves a file that failed to save to a drive again, where it was meant to go.
#[tauri::command]
pub async fn retry_save(
    app: tauri::State<'_, Cloudpick>,
    activity: i64,
    position: u32,
) -> Result<PickResult, ApiError> {
    to_api(app.retry_save(activity, position).await)
}

/// A stored copy where the window can show it, for the editor.
#[tauri::command]
pub async fn stored_item(
    app: tauri::State<'_, Cloudpick>,
    activity: i64,
    position: u32,
) -> Result<StoredItem, ApiError> {
    to_api(app.stored_item(activity, position).await)
}

/// Stores an edit of a stored copy beside it.
#[tauri::command]
pub async fn edit_stored(
    app: tauri::State<'_, Cloudpick>,
    activity: i64,
    position: u32,
    transform: Transform,
) -> Result<PickResult, ApiError> {
    to_api(app.edit_stored(activity, position, transform).await)
}
