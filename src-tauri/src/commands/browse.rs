use cloudpick_core::api::{to_api, Cloudpick, Listing};
use cloudpick_core::{ApiError, ItemId};

#[tauri::command]
pub async fn list_folder(
    app: tauri::State<'_, Cloudpick>,
    source: String,
    folder: Option<ItemId>,
) -> Result<Listing, ApiError> {
    to_api(app.list(&source, folder).await)
}
