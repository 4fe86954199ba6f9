//! Ids of the This computer drive, and the confinement that keeps every path
//! inside the browsable root, symlinks included.

use crate::error::{Error, ErrorKind, Result};
use crate::item::ItemId;
use std::path::{Component, Path, PathBuf};

/// The root folder, canonicalised once, and the mapping between ids and paths.
/// An id is the path below the root with `/` separators: `/`, `/Photos/a.jpg`.
#[derive(Debug, Clone)]
pub struct Confinement {
    root: PathBuf,
}

pub const ROOT_ID: &str = "/";

impl Confinement {
    pub fn new(root: &Path) -> Result<Self> {
        let root = root
            .canonicalize()
            .map_err(|e| Error::from_io(e, "open", &root.display().to_string()))?;
        if !root.is_dir() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{} is not a folder", root.display()),
            ));
        }
        Ok(Confinement { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path an id names, without touching the disk. Rejects ids that try to
    /// leave the root (`..`, absolute components, NUL bytes).
    pub fn path_of(&self, id: &ItemId) -> Result<PathBuf> {
        let rel = id.as_str().strip_prefix('/').ok_or_else(|| bad_id(id))?;
        let mut path = self.root.clone();
        for part in rel.split('/').filter(|p| !p.is_empty()) {
            let mut comps = Path::new(part).components();
            match (comps.next(), comps.next()) {
                (Some(Component::Normal(_)), None) if !part.contains('\0') => path.push(part),
                _ => return Err(bad_id(id)),
            }
        }
        Ok(path)
    }

    /// The path an id names, after following symlinks, checked to be inside the root.
    pub fn resolve(&self, id: &ItemId) -> Result<PathBuf> {
        let path = self.path_of(id)?;
        let real = path
            .canonicalize()
            .map_err(|e| Error::from_io(e, "open", id.as_str()))?;
        self.check_inside(&real, id.as_str())?;
        Ok(real)
    }

    /// Whether `path`, after following symlinks, stays inside the root.
    pub fn stays_inside(&self, path: &Path) -> bool {
        path.canonicalize()
            .map(|real| real.starts_with(&self.root))
            .unwrap_or(false)
    }

    fn check_inside(&self, real: &Path, shown: &str) -> Result<()> {
        if real.starts_with(&self.root) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::PermissionDenied,
                format!("{shown} points outside the folder Cloudpick may browse"),
            )
            .with_path(shown))
        }
    }

    /// The id of a path inside the root.
    pub fn id_of(&self, path: &Path) -> ItemId {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let mut id = String::from(ROOT_ID);
        id.push_str(&rel.to_string_lossy());
        ItemId(id)
    }
}

/// The id of the child `name` of folder `parent`.
pub fn child_id(parent: &ItemId, name: &str) -> ItemId {
    let base = parent.as_str().trim_end_matches('/');
    ItemId(format!("{base}/{name}"))
}

fn bad_id(id: &ItemId) -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        format!("\"{id}\" is not a path inside This computer's folder"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_climb_out() {
        let dir = tempfile::tempdir().unwrap();
        let c = Confinement::new(dir.path()).unwrap();
        for id in ["/../etc", "/a/../../b", "relative", "/a\0b"] {
            let err = c.path_of(&ItemId::new(id)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{id}");
        }
        let ok = c.path_of(&ItemId::new("/a/b.txt")).unwrap();
        assert_eq!(ok, c.root().join("a").join("b.txt"));
    }

    #[test]
    fn symlink_out_of_root_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), b"s").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("escape")).unwrap();
        let c = Confinement::new(dir.path()).unwrap();
        let err = c.resolve(&ItemId::new("/escape/secret.txt")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
        assert!(err.message().contains("outside"));
    }

    #[test]
    fn ids_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let c = Confinement::new(dir.path()).unwrap();
        let id = ItemId::new("/Fotos/été.jpg");
        assert_eq!(c.id_of(&c.path_of(&id).unwrap()), id);
        assert_eq!(child_id(&ItemId::new(ROOT_ID), "a"), ItemId::new("/a"));
        assert_eq!(child_id(&ItemId::new("/a"), "b"), ItemId::new("/a/b"));
    }
}
