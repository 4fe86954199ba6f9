use crate::desktop::window::WindowWatch;
use cloudpick_core::window_events::WindowEvent;
use tauri::ipc::Channel;

/// Subscribes the window to what the shell tells it by itself: drops, the
/// tray, clicked notifications.
#[tauri::command]
pub fn watch_window(watch: tauri::State<'_, WindowWatch>, events: Channel<WindowEvent>) {
    watch.set(events);
}
