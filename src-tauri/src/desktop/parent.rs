//! The window above the application that asked for a file dialog: the
//! portal names its window as `x11:<hex id>`, and the window becomes its
//! transient (the window manager keeps it on top of that one and centres
//! it there). Wayland's `wayland:<handle>` needs the xdg-foreign protocol,
//! which GTK 3 does not offer: such a request is shown as a window of its
//! own.

use tauri::{AppHandle, Manager};

/// The X11 window id in a portal's `parent_window`, if it names one.
pub fn x11_id(parent_window: &str) -> Option<u64> {
    let hex = parent_window.strip_prefix("x11:")?;
    u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok()
}

/// Makes the window the transient of X11 window `id` (another
/// application's), or of none again when `id` is `None`.
pub fn set(handle: &AppHandle, id: Option<u64>) {
    let handle2 = handle.clone();
    let _ = handle.run_on_main_thread(move || {
        use gtk::prelude::{Cast, WidgetExt};
        let Some(window) = handle2.get_webview_window(super::window::MAIN) else {
            return;
        };
        let Some(own) = window.gtk_window().ok().and_then(|w| w.window()) else {
            return;
        };
        match id {
            Some(id) => {
                let Ok(display) = own.display().downcast::<gdkx11::X11Display>() else {
                    return;
                };
                let parent = gdkx11::X11Window::foreign_new_for_display(&display, id);
                own.set_transient_for(parent.upcast_ref());
            }
            None => {
                gdkx11::gdk::property_delete(&own, &gdkx11::gdk::Atom::intern("WM_TRANSIENT_FOR"));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_x11_id_of_a_parent_window() {
        assert_eq!(super::x11_id("x11:3a0000c"), Some(0x3a0000c));
        assert_eq!(super::x11_id("x11:0x3a0000c"), Some(0x3a0000c));
        assert_eq!(super::x11_id("wayland:abc"), None);
        assert_eq!(super::x11_id(""), None);
    }
}
