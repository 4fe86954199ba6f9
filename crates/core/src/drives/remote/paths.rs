//! Paths as the drives that address items by path write them.

/// The folders above the item at `display_path`, from the top down:
/// `/a/b/c.txt` → `/a`, `/a/b`.
pub fn folders_above(display_path: &str) -> Vec<String> {
    let parts: Vec<&str> = display_path.split('/').filter(|p| !p.is_empty()).collect();
    let mut path = String::new();
    let mut folders = Vec::new();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        path.push('/');
        path.push_str(part);
        folders.push(path.clone());
    }
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_each_folder_above_an_item() {
        assert_eq!(folders_above("/a/b/c.txt"), ["/a", "/a/b"]);
        assert!(folders_above("/c.txt").is_empty());
        assert!(folders_above("/").is_empty());
    }
}
