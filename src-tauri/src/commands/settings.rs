use crate::opener;
use cloudpick_core::app::provider_apps::{ProviderApp, ProviderAppInput};
use cloudpick_core::app::{to_api, Cloudpick};
use cloudpick_core::folders::FolderPurpose;
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

/// Changes a folder setting through the folder dialog: the window names
/// what the folder is for, never a path. `None` when the dialog was
/// cancelled.
#[tauri::command]
pub async fn choose_folder(
    app: tauri::State<'_, Cloudpick>,
    purpose: FolderPurpose,
) -> Result<Option<SettingsView>, ApiError> {
    let now = app.settings_view();
    let start = match purpose {
        FolderPurpose::LocalRoot => now.local_root,
        FolderPurpose::Storage => now.storage_folder,
    };
    let title = purpose.title();
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        crate::folder_dialog::choose(title, std::path::Path::new(&start))
    })
    .await
    .unwrap_or_else(|e| {
        Err(cloudpick_core::Error::new(
            cloudpick_core::ErrorKind::Io,
            e.to_string(),
        ))
    });
    match to_api(chosen)? {
        Some(folder) => to_api(app.choose_folder(purpose, &folder)).map(Some),
        None => Ok(None),
    }
}

/// Opens the storage folder in the file manager. It takes no path: the webview
/// cannot make the app open anything else.
#[tauri::command]
pub async fn open_storage_folder(app: tauri::State<'_, Cloudpick>) -> Result<(), ApiError> {
    let folder = to_api(app.storage_folder())?;
    open_local(folder).await
}

/// Opens a stored file with its application. It takes the file's container
/// and key, and only a file inside a folder picks stored in opens.
#[tauri::command]
pub async fn open_stored_file(
    app: tauri::State<'_, Cloudpick>,
    container: String,
    key: String,
) -> Result<(), ApiError> {
    let file = to_api(app.stored_file(&container, &key))?;
    open_local(file).await
}

/// Opens `path` off the async threads: the opener may take a moment to fail.
async fn open_local(path: std::path::PathBuf) -> Result<(), ApiError> {
    let opened = tauri::async_runtime::spawn_blocking(move || opener::open_local(&path)).await;
    to_api(opened.unwrap_or_else(|e| {
        Err(cloudpick_core::Error::new(
            cloudpick_core::ErrorKind::Io,
            e.to_string(),
        ))
    }))
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
