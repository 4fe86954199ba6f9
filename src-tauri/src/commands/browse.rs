use cloudpick_core::app::browse::{FolderPage, MoreItems};
use cloudpick_core::app::{to_api, Cloudpick};
use cloudpick_core::restrictions::Dimensions;
use cloudpick_core::{ApiError, DriveItem, ItemId};

/// A folder's first page; `more_items` gives the rest as the list scrolls.
#[tauri::command]
pub async fn open_folder(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    folder: Option<ItemId>,
) -> Result<FolderPage, ApiError> {
    to_api(app.open_folder(&source, folder).await)
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

/// An image's size in pixels, read from its first bytes (restrictions on image sizes).
#[tauri::command]
pub async fn image_size(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    id: ItemId,
) -> Result<Option<Dimensions>, ApiError> {
    to_api(app.image_size(&source, &id).await)
}
