//! MIME types: sniffed from the content first, then guessed from the name.

/// How many leading bytes [`sniff`] wants to see.
pub const SNIFF_LEN: usize = 8192;

/// The MIME type of a file from its first bytes, falling back to its extension,
/// then to `application/octet-stream`.
pub fn sniff(head: &[u8], name: &str) -> String {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type().to_owned();
    }
    from_name(name)
}

/// The MIME type suggested by a file's extension.
pub fn from_name(name: &str) -> String {
    mime_guess::from_path(name)
        .first_raw()
        .unwrap_or("application/octet-stream")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_wins_over_a_wrong_extension() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(sniff(png, "holiday.jpg"), "image/png");
    }

    #[test]
    fn extension_is_used_when_content_says_nothing() {
        assert_eq!(sniff(b"hello world", "notes.txt"), "text/plain");
        assert_eq!(sniff(b"a,b\n1,2\n", "table.csv"), "text/csv");
        assert_eq!(sniff(b"\x01\x02", "blob"), "application/octet-stream");
    }
}
