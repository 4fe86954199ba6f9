//! The folder dialog: the desktop's own (`zenity`, else `kdialog`), or the
//! program in `CLOUDPICK_FOLDER_DIALOG`, which tests set. It is the only
//! way a folder setting changes: the window never sends a path.

use cloudpick_core::{Error, ErrorKind, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder the user chose, starting at `start`; `None` when the dialog
/// was cancelled.
pub fn choose(title: &str, start: &Path) -> Result<Option<PathBuf>> {
    let mut start = start.display().to_string();
    if !start.ends_with('/') {
        start.push('/');
    }
    let candidates: Vec<Command> = match std::env::var_os("CLOUDPICK_FOLDER_DIALOG") {
        Some(program) => {
            let mut own = Command::new(program);
            own.args([title, &start]);
            vec![own]
        }
        None => {
            let mut zenity = Command::new("zenity");
            zenity.args([
                "--file-selection",
                "--directory",
                "--title",
                title,
                "--filename",
                &start,
            ]);
            let mut kdialog = Command::new("kdialog");
            kdialog.args(["--getexistingdirectory", &start, "--title", title]);
            vec![zenity, kdialog]
        }
    };
    for mut command in candidates {
        let ran = match command.output() {
            Ok(ran) => ran,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!("The folder dialog did not open: {e}"),
                ))
            }
        };
        if !ran.status.success() {
            return Ok(None);
        }
        let chosen = String::from_utf8_lossy(&ran.stdout)
            .trim_end_matches('\n')
            .to_owned();
        return Ok((!chosen.is_empty()).then(|| PathBuf::from(chosen)));
    }
    Err(Error::new(
        ErrorKind::Unsupported,
        "No folder dialog is installed: install zenity (or kdialog) to choose a folder",
    ))
}
