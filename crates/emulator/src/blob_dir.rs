//! Where a drive's blobs live: `$TMPDIR/cloudpick-emulator/<pid>-<random>`.
//! A store removes its folder when it is dropped, but a killed process (the
//! demo app closed by a signal, an e2e run stopped) never drops it; so each
//! new folder first removes those whose process is gone.

use std::path::{Path, PathBuf};

/// A new blob folder for this process, after sweeping the dead ones.
pub fn create() -> std::io::Result<tempfile::TempDir> {
    let base = base();
    std::fs::create_dir_all(&base)?;
    sweep(&base);
    tempfile::Builder::new()
        .prefix(&format!("{}-", std::process::id()))
        .tempdir_in(&base)
}

fn base() -> PathBuf {
    std::env::temp_dir().join("cloudpick-emulator")
}

/// Removes the folders of processes that no longer run.
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
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_process_blobs_are_removed_and_a_live_one_kept() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        std::fs::create_dir_all(base()).unwrap();
        let stale = base().join(format!("{dead}-left"));
        std::fs::create_dir_all(&stale).unwrap();
        std::fs::write(stale.join("blob-1"), b"bytes").unwrap();
        let live = create().unwrap();
        assert!(!stale.exists(), "a killed process's blobs stay behind");
        let other = create().unwrap();
        assert!(live.path().exists() && other.path().exists());
        let path = live.path().to_path_buf();
        drop(live);
        assert!(!path.exists());
    }
}
