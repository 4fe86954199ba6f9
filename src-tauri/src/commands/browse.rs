use cloudpick_core::app::browse::{FolderPage, MoreItems};
use cloudpick_core::app::{to_api, Cloudpick};
use cloudpick_core::drives::remote::retry::{self, Retrying};
use cloudpick_core::restrictions::Dimensions;
use cloudpick_core::{ApiError, DriveItem, ItemId};
use std::sync::Arc;
use tauri::ipc::Channel;

/// A folder's first page; `more_items` gives the rest as the list scrolls.
/// Each retry of a drive that does not answer goes to `retries`, and
/// `cancel_open_folder(request)` stops it.
#[tauri::command]
pub async fn open_folder(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    folder: Option<ItemId>,
    request: u64,
    retries: Channel<Retrying>,
) -> Result<FolderPage, ApiError> {
    let report: retry::Reporter = Arc::new(move |r| {
        let _ = retries.send(r);
    });
    let opening = app.open_folder_as(request, &source, folder);
    to_api(retry::reporting(report, opening).await)
}

#[tauri::command]
pub fn cancel_open_folder(app: tauri::State<'_, Cloudpick>, request: u64) {
    app.cancel_open(request);
}

#[tauri::command]
pub async fn more_items(
    app: tauri::State<'_, Cloudpick>,
    listing: u64,
) -> Result<MoreItems, ApiError> {
    to_api(app.more_items(listing).await)
}

/// The provider's own search over one drive.
#[tauri::command]
pub async fn search_drive(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    query: String,
) -> Result<Vec<DriveItem>, ApiError> {
    to_api(app.search(&source, &query).await)
}

/// A video's or a sound's length and picture size (ffprobe), for the grid and the details.
#[tauri::command]
pub async fn media_info(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    id: ItemId,
) -> Result<cloudpick_core::media::MediaInfo, ApiError> {
    to_api(app.media_info(&source, &id).await)
}

/// What a file shows in Quick Look.
#[tauri::command]
pub async fn preview(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    id: ItemId,
) -> Result<cloudpick_core::preview::Preview, ApiError> {
    to_api(app.preview(&source, &id).await)
}

/// Where Quick Look's player streams a video or a sound from (a loopback address).
#[tauri::command]
pub async fn media_stream(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    id: ItemId,
) -> Result<String, ApiError> {
    to_api(app.media_stream(&source, &id).await)
}

/// Ends the player's stream.
#[tauri::command]
pub fn stop_media_stream(app: tauri::State<'_, Cloudpick>) {
    app.stop_media_stream();
}

/// An image's size in pixels, read from its first bytes (restrictions on image sizes).
#[tauri::command]
pub async fn image_size(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    id: ItemId,
) -> Result<Option<Dimensions>, ApiError> {
    to_api(app.image_size(&source, &id).await)
}
