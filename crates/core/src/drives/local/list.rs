//! Listing folders of the This computer drive: folders first, then names in
//! natural order, never showing what a symlink reaches outside the root.

use super::paths::{child_id, Confinement};
use crate::error::{Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId, ItemKind};
use crate::mime;
use std::fs::Metadata;
use std::path::Path;

/// Reads a whole folder (blocking): the entries a person may see, sorted.
pub fn scan(
    confinement: &Confinement,
    folder: &ItemId,
    include_hidden: bool,
) -> Result<Vec<DriveItem>> {
    let dir = confinement.resolve(folder)?;
    if !dir.is_dir() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{folder} is not a folder"),
        ));
    }
    let entries =
        std::fs::read_dir(&dir).map_err(|e| Error::from_io(e, "list", folder.as_str()))?;
    let mut items = Vec::new();
    for entry in entries.flatten() {
        // A name that is not UTF-8 cannot be given an id the UI can send back.
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !include_hidden && name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(link_meta) = entry.metadata() else {
            continue;
        };
        if link_meta.is_symlink() && !confinement.stays_inside(&path) {
            continue;
        }
        // Follows a symlink that stays inside; a broken one is left out.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if !meta.is_dir() && !meta.is_file() {
            continue;
        }
        let id = child_id(folder, &name);
        items.push(item_from(id, name, &meta));
    }
    items.sort_by(|a, b| {
        b.is_folder()
            .cmp(&a.is_folder())
            .then_with(|| natural_cmp(&a.name, &b.name))
    });
    Ok(items)
}

/// The item at `path`, whose id is `id`.
pub fn item_at(path: &Path, id: ItemId) -> Result<DriveItem> {
    let meta = std::fs::metadata(path).map_err(|e| Error::from_io(e, "read", id.as_str()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(item_from(id, name, &meta))
}

fn item_from(id: ItemId, name: String, meta: &Metadata) -> DriveItem {
    let is_dir = meta.is_dir();
    let modified = meta
        .modified()
        .ok()
        .map(|t| humantime::format_rfc3339_seconds(t).to_string());
    DriveItem {
        display_path: id.as_str().to_owned(),
        mime_type: (!is_dir).then(|| mime::from_name(&name)),
        kind: if is_dir {
            ItemKind::Folder
        } else {
            ItemKind::File
        },
        size: (!is_dir).then_some(meta.len()),
        modified,
        name,
        id,
        hash: None,
    }
}

/// Compares names the way file managers do: case-insensitively, with runs of
/// digits compared by value, so `img2` comes before `img10`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n = take_number(&mut x);
                let m = take_number(&mut y);
                let ord = n.len().cmp(&m.len()).then_with(|| n.cmp(&m));
                if ord.is_ne() {
                    return ord;
                }
            }
            (Some(c), Some(d)) => {
                let ord = c.to_lowercase().cmp(d.to_lowercase());
                if ord.is_ne() {
                    return ord;
                }
                x.next();
                y.next();
            }
        }
    }
}

fn take_number(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut digits = String::new();
    while let Some(c) = chars.peek().copied().filter(char::is_ascii_digit) {
        digits.push(c);
        chars.next();
    }
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_sorts_numbers_by_value() {
        let mut names = vec!["img10.png", "IMG2.png", "img1.png", "apple", "Banana"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            ["apple", "Banana", "img1.png", "IMG2.png", "img10.png"]
        );
    }
}
