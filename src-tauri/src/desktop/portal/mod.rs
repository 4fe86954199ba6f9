//! Cloudpick as the desktop's file dialog: the FileChooser backend of
//! xdg-desktop-portal (`org.freedesktop.impl.portal.FileChooser`), on the
//! session bus for as long as the app runs. D-Bus starts `cloudpick
//! --portal` when no Cloudpick runs; the request itself is shown in the
//! window like a script's pick (`script_pick.rs`).

mod chooser;
mod options;

use tauri::AppHandle;

/// The name the `.portal` file gives xdg-desktop-portal.
pub const BUS_NAME: &str = "org.freedesktop.impl.portal.desktop.cloudpick";
/// Where every portal backend serves its interfaces.
const OBJECT_PATH: &str = "/org/freedesktop/portal/desktop";

static CONNECTION: std::sync::OnceLock<zbus::Connection> = std::sync::OnceLock::new();

/// Serves the FileChooser on the session bus. The newest Cloudpick takes
/// the name over from an older one; without a session bus there is no
/// file dialog to be, and the app runs on.
pub fn start(handle: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let built = zbus::connection::Builder::session()
            .serve_at(OBJECT_PATH, chooser::FileChooser::new(handle))
            .name(BUS_NAME)
            .allow_name_replacements(true)
            .replace_existing_names(true)
            .build()
            .await;
        match built {
            // The connection serves for as long as it is kept: the app's life.
            Ok(connection) => {
                let _ = CONNECTION.set(connection);
            }
            Err(err) => eprintln!("cloudpick: not the desktop's file dialog: {err}"),
        }
    });
}

/// How long a Cloudpick whose window is hidden waits after a dialog for the
/// next one (an application often asks again), before it quits.
const LINGER: std::time::Duration = std::time::Duration::from_secs(30);

/// Saves to cloud folders waiting for their applications' writes.
static STAGED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// After an answer: quits a while later if the window is hidden, nothing
/// is transferring and no saved file waits to be uploaded (D-Bus starts
/// Cloudpick again for the next dialog).
fn linger(handle: AppHandle) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(LINGER).await;
        let staged = STAGED.load(std::sync::atomic::Ordering::Relaxed);
        if staged == 0 && !crate::desktop::script_pick::waiting(&handle) {
            crate::desktop::window::quit_if_done(&handle);
        }
    });
}

/// Uploads a file an application saves to a cloud folder each time it is
/// written, for a day (`Cloudpick::upload_staged`).
pub fn upload_when_written(handle: &AppHandle, staged: cloudpick_core::app::save_for_app::Staged) {
    use std::sync::atomic::Ordering;
    use tauri::Manager;
    let handle = handle.clone();
    STAGED.fetch_add(1, Ordering::Relaxed);
    tauri::async_runtime::spawn(async move {
        let app = handle.state::<cloudpick_core::app::Cloudpick>();
        app.upload_staged(staged).await;
        STAGED.fetch_sub(1, Ordering::Relaxed);
        linger(handle.clone());
    });
}
