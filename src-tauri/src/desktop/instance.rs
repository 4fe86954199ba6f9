//! One Cloudpick per user profile: the first to start listens on a socket in
//! the data folder; a later one hands its request to it and ends. Tests can
//! also drop files through it (`CLOUDPICK_TEST_HOOKS=1`), standing in for a
//! file manager's drag and drop.

use cloudpick_core::window_events::WindowEvent;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use tauri::AppHandle;

/// What a later instance (or a test) asks of the running one.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "camelCase")]
pub enum Request {
    /// Bring the window up.
    Show,
    /// Only be running: D-Bus started a Cloudpick for another
    /// application's file dialog, and this one serves it.
    Serve,
    /// A script's pick: answer on this connection when it is done.
    Pick {
        options: Box<cloudpick_core::app::script::ScriptPick>,
    },
    /// Files dropped on the window (tests only).
    Drop { paths: Vec<PathBuf> },
    /// Files dragged over the window (tests only).
    DragEnter,
    /// The window's close button (tests only).
    Close,
    /// Moves the webhooks' clock on, to meet retry times (tests only).
    AdvanceClock { seconds: i64 },
}

pub enum Claim {
    /// This is the only instance: it serves the socket.
    #[cfg(unix)]
    First(std::os::unix::net::UnixListener),
    /// Another instance runs and was told.
    Told,
    /// Another instance ran the script's pick, and answered.
    Answered(super::script_pick::Answer),
    /// No socket could be made (an odd data folder): run anyway.
    Alone,
}

pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("instance.sock")
}

/// Becomes the instance for `data_dir`, or tells the one there is `request`.
#[cfg(unix)]
pub fn claim(data_dir: &Path, request: &Request) -> Claim {
    use std::os::unix::net::{UnixListener, UnixStream};
    let path = socket_path(data_dir);
    if std::fs::create_dir_all(data_dir).is_err() {
        return Claim::Alone;
    }
    for _ in 0..2 {
        match UnixListener::bind(&path) {
            Ok(listener) => return Claim::First(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                match UnixStream::connect(&path) {
                    Ok(mut other) => {
                        let line = serde_json::to_string(request).unwrap_or_default();
                        return match (writeln!(other, "{line}"), request) {
                            (Ok(()), Request::Pick { .. }) => {
                                Claim::Answered(super::script_pick::wait_for_answer(other))
                            }
                            (Ok(()), _) => Claim::Told,
                            (Err(_), _) => Claim::Alone,
                        };
                    }
                    // Left by an instance that died: take its place.
                    Err(_) => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
            Err(_) => return Claim::Alone,
        }
    }
    Claim::Alone
}

#[cfg(not(unix))]
pub fn claim(_data_dir: &Path, _request: &Request) -> Claim {
    Claim::Alone
}

/// Whether the test hooks are on (`CLOUDPICK_TEST_HOOKS=1`).
pub fn test_hooks() -> bool {
    std::env::var_os("CLOUDPICK_TEST_HOOKS").is_some_and(|v| v == "1")
}

/// The webhooks' clock that tests move, when the test hooks are on.
pub type TestClock = Option<std::sync::Arc<cloudpick_core::webhooks::clock::OffsetClock>>;

#[cfg(unix)]
fn advance_clock(handle: &AppHandle, seconds: i64) {
    use tauri::Manager;
    if let Some(clock) = handle.state::<TestClock>().inner() {
        clock.advance(seconds);
        handle
            .state::<cloudpick_core::app::Cloudpick>()
            .wake_webhooks();
    }
}

/// Answers later instances for as long as the app runs.
#[cfg(unix)]
pub fn serve(listener: std::os::unix::net::UnixListener, handle: AppHandle) {
    let hooks = test_hooks();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            // A connection that says nothing only asked whether one runs.
            if BufReader::new(&stream).read_line(&mut line).is_err() || line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Request>(&line) {
                Ok(Request::Show) => super::window::show(&handle, "browse"),
                Ok(Request::Serve) => {}
                Ok(Request::Pick { options }) => {
                    super::script_pick::arrive(&handle, *options, stream)
                }
                Ok(Request::Drop { paths }) if hooks => super::window::dropped(&handle, &paths),
                Ok(Request::DragEnter) if hooks => {
                    super::window::tell(&handle, WindowEvent::DragEnter);
                }
                Ok(Request::Close) if hooks => super::window::close(&handle),
                Ok(Request::AdvanceClock { seconds }) if hooks => advance_clock(&handle, seconds),
                Ok(_) => {}
                Err(err) => {
                    eprintln!("cloudpick: a request to this instance was not understood: {err}")
                }
            }
        }
    });
}
