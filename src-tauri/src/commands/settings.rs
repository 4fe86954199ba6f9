use crate::opener;
use cloudpick_core::api::{to_api, Cloudpick};
use cloudpick_core::settings::SettingsView;
use cloudpick_core::ApiError;

#[tauri::command]
pub fn get_settings(app: tauri::State<'_, Cloudpick>) -> SettingsView {
    app.settings_view()
}

#[tauri::command]
pub fn save_settings(
    app: tauri::State<'_, Cloudpick>,
    settings: SettingsView,
) -> Result<SettingsView, ApiError> {
    to_api(app.update_settings(&settings))
}

/// Opens the storage folder in the file manager. It takes no path: the webview
/// cannot make the app open anything else.
#[tauri::command]
pub fn open_storage_folder(app: tauri::State<'_, Cloudpick>) -> Result<(), ApiError> {
    let folder = to_api(app.storage_folder())?;
    to_api(opener::open(folder.as_os_str()))
}
