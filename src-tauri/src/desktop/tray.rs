//! The tray icon and its menu: Open picker, Recent activity, Pause or
//! Resume transfers, Quit.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::window_events::WindowEvent;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

const PAUSE: &str = "Pause transfers";
const RESUME: &str = "Resume transfers";

pub fn install(app: &tauri::App) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open picker", true, None::<&str>)?;
    let activity = MenuItem::with_id(app, "activity", "Recent activity", true, None::<&str>)?;
    let pause = MenuItem::with_id(app, "pause", PAUSE, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let gap = PredefinedMenuItem::separator(app)?;
    let gap2 = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&open, &activity, &gap, &pause, &gap2, &quit])?;
    let mut tray = TrayIconBuilder::with_id("cloudpick")
        .tooltip("Cloudpick")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(move |handle, event| match event.id.as_ref() {
            "open" => super::window::show(handle, "browse"),
            "activity" => super::window::show(handle, "activity"),
            "pause" => toggle_transfers(handle, &pause),
            "quit" => handle.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Pause transfers stops every running upload (the resumable ones are
/// journaled); Resume transfers goes on with every paused one.
fn toggle_transfers(handle: &AppHandle, item: &MenuItem<Wry>) {
    let pausing = item.text().is_ok_and(|t| t == PAUSE);
    let _ = item.set_text(if pausing { RESUME } else { PAUSE });
    super::window::tell(handle, WindowEvent::Transfers { paused: pausing });
    if pausing {
        handle.state::<Cloudpick>().pause_transfers();
        return;
    }
    let handle = handle.clone();
    tauri::async_runtime::spawn(async move {
        for (source, err) in handle.state::<Cloudpick>().resume_paused().await {
            eprintln!(
                "cloudpick: an upload from {source} could not go on: {}",
                err.message()
            );
        }
    });
}
