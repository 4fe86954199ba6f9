/// The app's own commands. Each gets an `allow-<command>` permission, and the main
/// window's capability grants exactly these: nothing else reaches the webview.
const COMMANDS: &[&str] = &[
    "list_sources",
    "watch_sources",
    "open_folder",
    "cancel_open_folder",
    "more_items",
    "search_drive",
    "image_size",
    "media_info",
    "preview",
    "media_stream",
    "stop_media_stream",
    "pick_files",
    "cancel_pick",
    "cancel_pick_file",
    "get_settings",
    "save_settings",
    "open_storage_folder",
    "open_stored_file",
    "choose_folder",
    "get_provider_apps",
    "save_provider_app",
    "connect_account",
    "connect_alfresco",
    "connect_store",
    "cancel_connect",
    "disconnect_account",
    "get_activity",
    "get_recent",
    "remove_stored",
    "stored_item",
    "edit_stored",
    "export_files",
    "cancel_export",
    "create_folder",
    "pause_pick_file",
    "watch_window",
    "stage_drag",
    "resume_transfer",
    "cancel_transfer",
    "signing_secret",
    "rotate_signing_secret",
    "send_test_event",
    "webhook_deliveries",
    "replay_delivery",
    "script_pick",
    "script_done",
    "open_for_app",
    "choose_folder_for_app",
    "choose_filter",
    "save_for_app",
    "retry_save",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS))
        .config_path("../tauri.conf.json");
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
