use crate::opener;
use cloudpick_core::app::provider_apps::{ProviderApp, ProviderAppInput};
use cloudpick_core::app::{to_api, Cloudpick};
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

/// Opens a stored file with its application. It takes the file's container
/// and key, and only a file inside a folder picks stored in opens.
#[tauri::command]
pub fn open_stored_file(
    app: tauri::State<'_, Cloudpick>,
    container: String,
    key: String,
) -> Result<(), ApiError> {
    let file = to_api(app.stored_file(&container, &key))?;
    to_api(opener::open(file.as_os_str()))
}

#[tauri::command]
pub fn get_provider_apps(app: tauri::State<'_, Cloudpick>) -> Vec<ProviderApp> {
    app.provider_apps()
}

/// Saves one provider's app; its client secret goes to the keyring.
#[tauri::command]
pub fn save_provider_app(
    app: tauri::State<'_, Cloudpick>,
    provider: String,
    input: ProviderAppInput,
) -> Result<Vec<ProviderApp>, ApiError> {
    to_api(app.save_provider_app(&provider, &input))
}
