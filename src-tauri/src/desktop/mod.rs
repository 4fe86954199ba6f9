//! The shell as a desktop citizen: one instance per user, a tray icon,
//! notifications, files dropped on the window, and a window that hides to
//! the tray while transfers go on.

pub mod geometry;
pub mod instance;
pub mod notify;
#[cfg(target_os = "linux")]
pub mod parent;
pub mod portal;
pub mod script_pick;
pub mod tray;
pub mod window;
