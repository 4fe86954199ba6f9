//! Item ids on an object store: `""` is the list of buckets, `bucket/` a
//! bucket's top, `bucket/some/prefix/` a folder (a common prefix), and
//! `bucket/some/key` an object.

use crate::error::{Error, ErrorKind, Result};
use crate::item::ItemId;

/// An id split into its bucket and the key (or prefix) inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place<'a> {
    pub bucket: &'a str,
    /// `""` for the bucket's top; folders end in `/`.
    pub key: &'a str,
}

impl<'a> Place<'a> {
    /// `None` for the root (the list of buckets).
    pub fn of(id: &'a ItemId) -> Result<Option<Place<'a>>> {
        let id = id.as_str();
        if id.is_empty() || id == "/" {
            return Ok(None);
        }
        let (bucket, key) = id.split_once('/').unwrap_or((id, ""));
        if bucket.is_empty() || key.starts_with('/') || key.split('/').any(|p| p == "..") {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{id:?} is not a place in a bucket"),
            ));
        }
        Ok(Some(Place { bucket, key }))
    }

    pub fn is_folder(&self) -> bool {
        self.key.is_empty() || self.key.ends_with('/')
    }

    /// The last part of the key, or the bucket's name at its top.
    pub fn name(&self) -> &'a str {
        let trimmed = self.key.trim_end_matches('/');
        match trimmed.rsplit_once('/') {
            Some((_, name)) => name,
            None if trimmed.is_empty() => self.bucket,
            None => trimmed,
        }
    }
}

pub fn bucket_id(bucket: &str) -> ItemId {
    ItemId::new(format!("{bucket}/"))
}

pub fn id(bucket: &str, key: &str) -> ItemId {
    ItemId::new(format!("{bucket}/{key}"))
}

/// How people see it: `/bucket/some/key`.
pub fn display(bucket: &str, key: &str) -> String {
    format!("/{bucket}/{}", key.trim_end_matches('/'))
        .trim_end_matches('/')
        .to_owned()
}

/// A name that is safe as one part of a key: no slashes, no `.`/`..`.
pub fn checked_name(name: &str) -> Result<String> {
    let name = crate::names::sanitize(name);
    if name.is_empty() || name == "." || name == ".." || name.contains('/') {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{name:?} cannot be the name of an object"),
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_ids_into_bucket_and_key() {
        assert_eq!(Place::of(&ItemId::new("")).unwrap(), None);
        let top = ItemId::new("photos/");
        let top = Place::of(&top).unwrap().unwrap();
        assert_eq!((top.bucket, top.key, top.name()), ("photos", "", "photos"));
        assert!(top.is_folder());
        let file = ItemId::new("photos/2024/beach.jpg");
        let file = Place::of(&file).unwrap().unwrap();
        assert_eq!((file.key, file.name()), ("2024/beach.jpg", "beach.jpg"));
        assert!(!file.is_folder());
        let folder = ItemId::new("photos/2024/");
        assert_eq!(Place::of(&folder).unwrap().unwrap().name(), "2024");
        assert!(Place::of(&ItemId::new("photos/../x")).is_err());
        assert_eq!(display("photos", "2024/"), "/photos/2024");
        assert_eq!(display("photos", ""), "/photos");
        for bad in ["..", ".", "a/b", "/", ""] {
            let safe = checked_name(bad);
            assert!(
                safe.as_ref().map_or(true, |n| n != ".."
                    && n != "."
                    && !n.contains('/')
                    && !n.is_empty()),
                "{bad:?} became {safe:?}"
            );
        }
    }
}
