//! Where a drive's blobs live: `$TMPDIR/cloudpick-emulator/<pid>-<random>`,
//! and the run's TLS CA beside them (`<pid>-ca-<random>.pem`). A store
//! removes its folder (and a run its CA) when dropped, but a killed process
//! (the demo app closed by a signal, an e2e run stopped) never drops them;
//! so each new one first removes those whose process is gone.

use std::path::{Path, PathBuf};

/// A new blob folder for this process, after sweeping the dead ones.
pub fn create() -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("{}-", std::process::id()))
        .tempdir_in(swept()?)
}

/// A new file for this process's TLS CA (PEM), after the same sweep.
pub fn ca_file() -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&format!("{}-ca-", std::process::id()))
        .suffix(".pem")
        .tempfile_in(swept()?)
}

/// The base folder, made if missing, without what dead processes left.
fn swept() -> std::io::Result<PathBuf> {
    let base = base();
    std::fs::create_dir_all(&base)?;
    sweep(&base);
    Ok(base)
}

fn base() -> PathBuf {
    std::env::temp_dir().join("cloudpick-emulator")
}

/// Removes the folders (and CA files) of processes that no longer run.
fn sweep(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.split('-').next()) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            // Another process may be sweeping it at the same moment.
            let _ = match entry.file_type().is_ok_and(|t| t.is_dir()) {
                true => std::fs::remove_dir_all(entry.path()),
                false => std::fs::remove_file(entry.path()),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_process_blobs_and_ca_are_removed_and_a_live_one_kept() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        std::fs::create_dir_all(base()).unwrap();
        let stale = base().join(format!("{dead}-left"));
        std::fs::create_dir_all(&stale).unwrap();
        std::fs::write(stale.join("blob-1"), b"bytes").unwrap();
        let stale_ca = base().join(format!("{dead}-ca-left.pem"));
        std::fs::write(&stale_ca, b"-----BEGIN CERTIFICATE-----").unwrap();
        let live = create().unwrap();
        assert!(!stale.exists(), "a killed process's blobs stay behind");
        assert!(!stale_ca.exists(), "a killed process's CA stays behind");
        let ca = ca_file().unwrap();
        assert!(ca.path().starts_with(base()));
        let ca_path = ca.path().to_path_buf();
        drop(ca);
        assert!(!ca_path.exists());
        let other = create().unwrap();
        assert!(live.path().exists() && other.path().exists());
        let path = live.path().to_path_buf();
        drop(live);
        assert!(!path.exists());
    }
}
