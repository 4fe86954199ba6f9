use cloudpick_core::api::Cloudpick;
use cloudpick_core::sources::Source;

#[tauri::command]
pub fn list_sources(app: tauri::State<'_, Cloudpick>) -> Vec<Source> {
    app.sources()
}
