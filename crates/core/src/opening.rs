//! What Cloudpick will not hand to the desktop's opener: programs. A file
//! that may be run (its mode), a launcher or installer (its type), or a
//! binary or script (its first bytes) is refused, whatever its name says.

use std::io::Read;
use std::path::Path;

/// Types that run something when opened.
const RUNNABLE: &[&str] = &[
    "desktop",
    "exe",
    "msi",
    "com",
    "bat",
    "cmd",
    "scr",
    "ps1",
    "vbs",
    "sh",
    "bash",
    "zsh",
    "csh",
    "fish",
    "py",
    "pl",
    "rb",
    "jar",
    "run",
    "bin",
    "appimage",
    "deb",
    "rpm",
    "flatpakref",
    "snap",
    "apk",
    "dmg",
    "pkg",
    "command",
    "lnk",
];

/// Why `path` is a program, or `None` for a document.
pub fn program(path: &Path) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if mode & 0o111 != 0 {
            return Some("marked as a program (it may be run)");
        }
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if ext.is_some_and(|e| RUNNABLE.contains(&e.as_str())) {
        return Some("a program or launcher, by its type");
    }
    let mut head = [0u8; 4];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    match &head[..read] {
        [0x7F, b'E', b'L', b'F', ..] => Some("a program (a Linux binary)"),
        [b'M', b'Z', ..] => Some("a program (a Windows binary)"),
        [b'#', b'!', ..] => Some("a script"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_open_and_programs_do_not_whatever_their_names() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        assert_eq!(program(&write("photo.jpg", b"\xFF\xD8\xFF\xE0")), None);
        assert_eq!(program(&write("notes.txt", b"milk")), None);
        assert!(program(&write("Setup.desktop", b"[Desktop Entry]")).is_some());
        assert!(program(&write("INSTALL.EXE", b"hello")).is_some());
        assert!(program(&write("run.sh", b"echo")).is_some());
        assert!(program(&write("photo.jpg.txt", b"#!/bin/sh\nrm -rf ~")).is_some());
        assert!(program(&write("report.pdf", b"\x7fELF\x02\x01")).is_some());
        assert!(program(&write("readme.md", b"MZ\x90\x00")).is_some());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let plain = write("plain.txt", b"text");
            std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o755)).unwrap();
            assert!(program(&plain).is_some(), "an executable mode is a program");
        }
    }
}
