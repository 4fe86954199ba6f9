//! Opens a folder or URL with the platform's opener (`xdg-open` on Linux), or
//! with the command in `CLOUDPICK_OPENER`, which scripts and tests set.

use cloudpick_core::{Error, ErrorKind, Result};
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// How long an opener has to say it found nothing to open a file with
/// (`xdg-open` exits 3 or 4 at once); one still running by then has started
/// an application.
const FAILS_WITHIN: Duration = Duration::from_secs(3);

/// Hands `target` (a URL) to the opener, without waiting for it.
pub fn open(target: &OsStr) -> Result<()> {
    let (_, mut child) = start(target, Stdio::null())?;
    // Reap the opener when it exits, so it does not linger as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Opens a folder or file on this computer, and says so when nothing can:
/// with no file manager, `xdg-open` exits at once with "no method available".
/// Blocks for up to `FAILS_WITHIN`.
pub fn open_local(target: &Path) -> Result<()> {
    let (program, mut child) = start(target.as_os_str(), Stdio::piped())?;
    let mut stderr = child.stderr.take();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut said = String::new();
        if let Some(stderr) = stderr.as_mut() {
            let _ = stderr.take(4096).read_to_string(&mut said);
        }
        let _ = send.send((child.wait(), said));
    });
    let (status, said) = match receive.recv_timeout(FAILS_WITHIN) {
        Ok((Ok(status), _)) if status.success() => return Ok(()),
        Ok(ended) => ended,
        // Still running: it started an application, which has the file.
        Err(_) => return Ok(()),
    };
    let said = said
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let why = match (said.trim(), status.ok().and_then(|s| s.code())) {
        ("", Some(code)) => format!("exited with code {code}"),
        ("", None) => "stopped".to_owned(),
        (said, _) => format!("said \u{201c}{said}\u{201d}"),
    };
    // `xdg-open`, not the full path of the opener.
    let program = Path::new(&program).file_name().unwrap_or(&program);
    Err(Error::new(
        ErrorKind::Unsupported,
        format!(
            "Nothing on this computer opened {}: {} {why}. Copy the path to open it yourself",
            target.display(),
            program.to_string_lossy()
        ),
    ))
}

fn start(target: &OsStr, stderr: Stdio) -> Result<(OsString, Child)> {
    let program = std::env::var_os("CLOUDPICK_OPENER").unwrap_or_else(|| default_opener().into());
    Command::new(&program)
        .arg(target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map(|child| (program.clone(), child))
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
