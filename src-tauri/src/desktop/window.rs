//! The main window: shown on demand at a view, told what the desktop did
//! (drops, the tray), and hidden rather than closed while transfers run.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::window_events::WindowEvent;
use std::sync::Mutex;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

pub const MAIN: &str = "main";

/// The window's subscription to what the shell tells it by itself.
#[derive(Default)]
pub struct WindowWatch(Mutex<Option<Channel<WindowEvent>>>);

impl WindowWatch {
    pub fn set(&self, channel: Channel<WindowEvent>) {
        if let Ok(mut current) = self.0.lock() {
            *current = Some(channel);
        }
    }

    pub fn send(&self, event: WindowEvent) {
        if let Ok(watch) = self.0.lock() {
            if let Some(channel) = watch.as_ref() {
                let _ = channel.send(event);
            }
        }
    }
}

/// Tells the window `event`.
pub fn tell(handle: &AppHandle, event: WindowEvent) {
    handle.state::<WindowWatch>().send(event);
}

/// Brings the window up, in front, at `view` (`"activity"`, `"browse"`).
/// The picker coming up (at `browse`, from hidden) is an `fp.picker_open`.
pub fn show(handle: &AppHandle, view: &str) {
    if view == "browse" && !visible(handle) {
        picker_opened(handle, &[]);
    }
    bring_up(handle, view);
}

/// Brings the window up at `view`, telling no webhook (the caller did).
pub fn bring_up(handle: &AppHandle, view: &str) {
    if let Some(window) = handle.get_webview_window(MAIN) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    tell(
        handle,
        WindowEvent::Show {
            view: view.to_owned(),
        },
    );
}

/// Tells the webhooks that ask for it that the picker opened, offering
/// `from` (drive kinds; empty: every drive offered).
pub fn picker_opened(handle: &AppHandle, from: &[String]) {
    if let Some(app) = handle.try_state::<Cloudpick>() {
        if let Err(err) = app.picker_opened(from) {
            eprintln!("cloudpick: {}", err.message());
        }
    }
}

/// Asks the window to close, as its close button does.
pub fn close(handle: &AppHandle) {
    if let Some(window) = handle.get_webview_window(MAIN) {
        let _ = window.close();
    }
}

/// Set when D-Bus started Cloudpick for another application's file dialog:
/// the window comes up with that request, not before.
static START_HIDDEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn start_hidden() {
    START_HIDDEN.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The window starts hidden and comes up once its page has loaded, with the
/// sidebar drawn: never a blank grey window while WebKit starts.
pub fn on_page_load(webview: &tauri::Webview, payload: &tauri::webview::PageLoadPayload<'_>) {
    static SHOWN: std::sync::Once = std::sync::Once::new();
    if START_HIDDEN.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    if webview.label() == MAIN && payload.event() == tauri::webview::PageLoadEvent::Finished {
        SHOWN.call_once(|| {
            let _ = webview.window().show();
            picker_opened(webview.app_handle(), &[]);
        });
    }
}

/// The window's title: an application's request's, or Cloudpick's.
pub fn set_title(handle: &AppHandle, title: &str) {
    if let Some(window) = handle.get_webview_window(MAIN) {
        let _ = window.set_title(title);
    }
}

/// Whether the window is on screen (not hidden to the tray).
pub fn visible(handle: &AppHandle) -> bool {
    handle
        .get_webview_window(MAIN)
        .and_then(|w| w.is_visible().ok())
        .unwrap_or(false)
}

/// The window's own events: a close while transfers run hides it to the
/// tray instead; dragged and dropped files are passed on to the page.
pub fn on_event(window: &tauri::Window, event: &tauri::WindowEvent) {
    use tauri::{DragDropEvent, WindowEvent as Native};
    let handle = window.app_handle();
    match event {
        // Closing the window gives up the pick a script waits for.
        // A window that was up before the pick stays up, as it was.
        Native::CloseRequested { api, .. } if super::script_pick::waiting(handle) => {
            api.prevent_close();
            super::script_pick::give_up(handle);
        }
        Native::CloseRequested { api, .. } if handle.state::<Cloudpick>().is_transferring() => {
            api.prevent_close();
            let _ = window.hide();
            super::notify::show_text(
                handle,
                "Cloudpick goes on in the tray",
                "Your transfers continue. Cloudpick quits when they are done.",
            );
        }
        Native::Moved(_) | Native::Resized(_) => super::geometry::changed(window),
        Native::DragDrop(DragDropEvent::Enter { .. }) => tell(handle, WindowEvent::DragEnter),
        Native::DragDrop(DragDropEvent::Leave) => tell(handle, WindowEvent::DragLeave),
        Native::DragDrop(DragDropEvent::Drop { paths, .. }) => dropped(handle, paths),
        _ => {}
    }
}

/// Files dropped on the window (or, in tests, injected as if they were).
pub fn dropped(handle: &AppHandle, paths: &[std::path::PathBuf]) {
    let files = handle.state::<Cloudpick>().give_paths(paths);
    tell(handle, WindowEvent::Drop { files });
}

/// Quits once the window is hidden to the tray and the transfers are done.
pub fn quit_if_done(handle: &AppHandle) {
    if !visible(handle) && !handle.state::<Cloudpick>().is_transferring() {
        handle.exit(0);
    }
}
