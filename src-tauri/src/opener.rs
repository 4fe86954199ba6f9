//! Opens a folder or URL with the platform's opener (`xdg-open` on Linux), or
//! with the command in `CLOUDPICK_OPENER`, which scripts and tests set.

use cloudpick_core::{Error, ErrorKind, Result};
use std::ffi::OsStr;
use std::process::{Command, Stdio};

pub fn open(target: &OsStr) -> Result<()> {
    let program = std::env::var_os("CLOUDPICK_OPENER").unwrap_or_else(|| default_opener().into());
    Command::new(&program)
        .arg(target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reap the opener when it exits, so it does not linger as a zombie.
            std::thread::spawn(move || child.wait());
        })
        .map_err(|e| {
            Error::new(
                ErrorKind::Unsupported,
                format!(
                    "Could not start {} to open it ({e}). Set CLOUDPICK_OPENER to your opener",
                    program.to_string_lossy()
                ),
            )
        })
}

fn default_opener() -> &'static str {
    if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    }
}
