//! The folders Cloudpick may browse (This computer's folder) and store in
//! (the storage folder). They come only from the folder dialog, and the
//! whole disk, the system's folders and the hidden folders of a home (keys,
//! settings) are refused, so that no setting can point the app at them.

use crate::error::{Error, ErrorKind, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// What a chosen folder is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "FolderPurpose.ts")]
pub enum FolderPurpose {
    /// This computer's folder, browsed in the picker.
    LocalRoot,
    /// Where picked files are stored.
    Storage,
}

impl FolderPurpose {
    /// The folder dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            FolderPurpose::LocalRoot => "Choose the folder Cloudpick shows as This computer",
            FolderPurpose::Storage => "Choose the folder picked files are stored in",
        }
    }
}

/// The system's own folders: neither browsed nor written to, nor anything below.
const SYSTEM: &[&str] = &[
    "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/run",
    "/sbin", "/sys", "/usr", "/var", "/snap",
];

/// `chosen`, as a folder for `purpose`, or why it cannot be one. `home` is
/// the user's home folder, whose hidden folders are refused.
pub fn checked(chosen: &Path, home: &Path) -> Result<PathBuf> {
    let refused = |why: String| Error::new(ErrorKind::PermissionDenied, why);
    let folder = chosen.canonicalize().map_err(|_| {
        Error::new(
            ErrorKind::NotFound,
            format!("{} is not a folder Cloudpick can open", chosen.display()),
        )
    })?;
    if !folder.is_dir() {
        return Err(refused(format!(
            "{} is a file, not a folder",
            folder.display()
        )));
    }
    if folder.parent().is_none() {
        return Err(refused(
            "The whole disk (/) cannot be chosen: choose a folder of yours".to_owned(),
        ));
    }
    if let Some(system) = SYSTEM.iter().find(|s| folder.starts_with(s)) {
        return Err(refused(format!(
            "{} is one of the system's folders ({system}): choose a folder of yours",
            folder.display()
        )));
    }
    let home = home.canonicalize().unwrap_or_else(|_| home.to_path_buf());
    if let Ok(inside) = folder.strip_prefix(&home) {
        let hidden = inside
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if hidden {
            return Err(refused(format!(
                "{} is inside a hidden folder, where programs keep keys and settings: choose another",
                folder.display()
            )));
        }
    }
    Ok(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disk_the_system_and_hidden_folders_are_refused() {
        let home = tempfile::tempdir().unwrap();
        let pictures = home.path().join("Pictures");
        let ssh = home.path().join(".ssh/keys");
        std::fs::create_dir_all(&pictures).unwrap();
        std::fs::create_dir_all(&ssh).unwrap();
        assert_eq!(
            checked(&pictures, home.path()).unwrap(),
            pictures.canonicalize().unwrap()
        );
        assert_eq!(
            checked(home.path(), home.path()).unwrap(),
            home.path().canonicalize().unwrap()
        );
        for hostile in [
            Path::new("/"),
            Path::new("/etc"),
            Path::new("/usr/share"),
            Path::new("/proc/self"),
            &ssh,
            &home.path().join(".ssh"),
        ] {
            let err = checked(hostile, home.path()).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::PermissionDenied,
                "{}",
                hostile.display()
            );
        }
        let file = pictures.join("a.txt");
        std::fs::write(&file, b"a").unwrap();
        assert!(checked(&file, home.path()).is_err());
        assert!(checked(Path::new("/no/such/folder"), home.path()).is_err());
        // A link to a refused folder is the folder it leads to.
        #[cfg(unix)]
        {
            let link = home.path().join("Innocent");
            std::os::unix::fs::symlink("/etc", &link).unwrap();
            assert!(checked(&link, home.path()).is_err());
        }
    }
}
