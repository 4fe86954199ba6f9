//! Running LibreOffice and poppler: found on the PATH (or named by
//! `CLOUDPICK_SOFFICE`), run with a deadline, killed with their children
//! when it passes, and cut off from the network where the system allows it.

use crate::error::{Error, ErrorKind, Result};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

/// How long one conversion may take before it is stopped.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// A program of the system by name, or what to install to have it.
pub fn find(names: &[&str], override_var: &str, install: &str) -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(override_var).map(PathBuf::from) {
        return match path.is_file() {
            true => Ok(path),
            false => Err(Error::new(ErrorKind::Unsupported, install.to_owned())),
        };
    }
    let paths = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&paths)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
        .ok_or_else(|| Error::new(ErrorKind::Unsupported, install.to_owned()))
}

/// Whether `unshare -rn` works here (unprivileged user and network
/// namespaces): then a program runs with no network at all.
fn can_unshare() -> bool {
    static CAN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CAN.get_or_init(|| {
        std::process::Command::new("unshare")
            .args(["-rn", "true"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// What a program printed and how it ended.
pub struct Ran {
    pub success: bool,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Runs `program args` with no network (a network namespace where the
/// system allows one; otherwise a proxy that goes nowhere), for at most
/// `timeout`. `what` names the work in messages.
pub async fn run(program: &PathBuf, args: &[String], timeout: Duration, what: &str) -> Result<Ran> {
    run_with(program, args, timeout, what, Network::None).await
}

/// What network a program run here may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    /// None at all (LibreOffice, poppler).
    None,
    /// This machine's loopback only, with no proxy: ffmpeg reading a file
    /// Cloudpick serves it (`media::serve`). What it may open is narrowed
    /// by its own arguments (`-protocol_whitelist`, a forced demuxer).
    Loopback,
}

/// `run`, with the network chosen.
pub async fn run_with(
    program: &PathBuf,
    args: &[String],
    timeout: Duration,
    what: &str,
    network: Network,
) -> Result<Ran> {
    let mut command = if network == Network::Loopback {
        let mut c = tokio::process::Command::new(program);
        for var in [
            "http_proxy",
            "https_proxy",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "all_proxy",
            "ALL_PROXY",
        ] {
            c.env_remove(var);
        }
        c.env("no_proxy", "*");
        c
    } else if can_unshare() {
        let mut c = tokio::process::Command::new("unshare");
        c.arg("-rn").arg(program);
        c
    } else {
        let mut c = tokio::process::Command::new(program);
        for var in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"] {
            c.env(var, "http://127.0.0.1:9");
        }
        c
    };
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    let child = command.spawn().map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("Could not start {}: {e}", program.display()),
        )
    })?;
    let pid = child.id();
    match tokio::time::timeout(timeout, child.wait_with_output()).await {
        Ok(Ok(out)) => Ok(Ran {
            success: out.status.success(),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }),
        Ok(Err(e)) => Err(Error::new(ErrorKind::Io, format!("{what} failed: {e}"))),
        Err(_) => {
            // The whole group: LibreOffice starts helpers of its own.
            if let Some(pid) = pid {
                let _ = std::process::Command::new("kill")
                    .args(["-KILL", "--", &format!("-{pid}")])
                    .status();
            }
            Err(Error::new(
                ErrorKind::Transient,
                format!(
                    "{what} took longer than {} s and was stopped",
                    timeout.as_secs()
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_says_what_to_install() {
        let err = find(
            &["no-such-program-here"],
            "CLOUDPICK_NO_SUCH_TOOL",
            "Install it",
        )
        .unwrap_err();
        assert_eq!(
            (err.kind(), err.message()),
            (ErrorKind::Unsupported, "Install it")
        );
        assert!(find(&["sh"], "CLOUDPICK_NO_SUCH_TOOL", "x").is_ok());
    }
}
