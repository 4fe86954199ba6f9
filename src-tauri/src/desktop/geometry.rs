//! The window opens with the size and place it was left with (kept in the
//! data folder), unless that place is off every screen now. Moves and
//! resizes are written a moment after they stop.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::window_state::{Screen, WindowState};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tauri::{Manager, PhysicalPosition, PhysicalSize, WebviewWindow, Window};

/// How long after the last move or resize the place is written.
const SETTLE: Duration = Duration::from_millis(400);

/// The place to write, and whether a write is on its way.
#[derive(Default)]
pub struct Geometry {
    latest: Mutex<Option<WindowState>>,
    scheduled: AtomicBool,
}

/// Puts the window back where it was left.
pub fn restore(window: &WebviewWindow) {
    let data_dir = window.state::<Cloudpick>().data_dir().to_owned();
    let Some(state) = WindowState::load(&data_dir) else {
        return;
    };
    let screens: Vec<Screen> = window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(|m| Screen {
            x: m.position().x,
            y: m.position().y,
            width: m.size().width,
            height: m.size().height,
        })
        .collect();
    let placed = state.placed_on(&screens);
    let _ = window.set_size(PhysicalSize::new(placed.width, placed.height));
    let _ = window.set_position(PhysicalPosition::new(placed.x, placed.y));
    if state.maximized {
        let _ = window.maximize();
    }
}

/// Notes the window's place after a move or resize, and writes it once
/// they settle.
pub fn changed(window: &Window) {
    let maximized = window.is_maximized().unwrap_or(false);
    let (Ok(place), Ok(size)) = (window.outer_position(), window.inner_size()) else {
        return;
    };
    let geometry = window.state::<Geometry>();
    let state = WindowState {
        x: place.x,
        y: place.y,
        width: size.width,
        height: size.height,
        maximized,
    };
    if let Ok(mut latest) = geometry.latest.lock() {
        // A maximized window keeps the size it comes back to.
        match (*latest, maximized) {
            (Some(before), true) => {
                *latest = Some(WindowState {
                    maximized,
                    ..before
                })
            }
            _ => *latest = Some(state),
        }
    }
    if geometry.scheduled.swap(true, Ordering::SeqCst) {
        return;
    }
    let handle = window.app_handle().clone();
    std::thread::spawn(move || {
        std::thread::sleep(SETTLE);
        let geometry = handle.state::<Geometry>();
        geometry.scheduled.store(false, Ordering::SeqCst);
        let latest = geometry.latest.lock().ok().and_then(|l| *l);
        if let Some(state) = latest {
            if let Err(err) = state.save(handle.state::<Cloudpick>().data_dir()) {
                eprintln!(
                    "cloudpick: the window's place was not kept: {}",
                    err.message()
                );
            }
        }
    });
}
