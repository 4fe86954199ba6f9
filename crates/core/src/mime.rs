//! MIME types: sniffed from the content first, then guessed from the name.

/// How many leading bytes [`sniff`] wants to see.
pub const SNIFF_LEN: usize = 8192;

/// The MIME type of a file from its first bytes, falling back to its extension,
/// then to `application/octet-stream`.
pub fn sniff(head: &[u8], name: &str) -> String {
    if let Some(kind) = infer::get(head) {
        let sniffed = kind.mime_type();
        // A zip is the container of OOXML, ODF, EPUB and more; when the
        // first entry does not give it away, the name says which.
        if sniffed == "application/zip" {
            let named = from_name(name);
            if zip_based(&named) {
                return named;
            }
        }
        return sniffed.to_owned();
    }
    from_name(name)
}

/// Whether files of type `mime` are zip archives underneath.
fn zip_based(mime: &str) -> bool {
    mime.starts_with("application/vnd.openxmlformats-officedocument.")
        || mime.starts_with("application/vnd.oasis.opendocument.")
        || matches!(
            mime,
            "application/epub+zip"
                | "application/java-archive"
                | "application/vnd.android.package-archive"
        )
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
    fn an_office_document_is_not_called_a_zip() {
        // A zip whose first entry is not `[Content_Types].xml`, as some tools write them.
        let zip = b"PK\x03\x04\x14\0\0\0\x08\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x09\0\0\0docProps/";
        assert_eq!(
            sniff(zip, "Project plan.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(
            sniff(zip, "Budget.ods"),
            "application/vnd.oasis.opendocument.spreadsheet"
        );
        assert_eq!(sniff(zip, "photos.zip"), "application/zip");
        assert_eq!(sniff(zip, "photos.jpg"), "application/zip");
    }

    #[test]
    fn extension_is_used_when_content_says_nothing() {
        assert_eq!(sniff(b"hello world", "notes.txt"), "text/plain");
        assert_eq!(sniff(b"a,b\n1,2\n", "table.csv"), "text/csv");
        assert_eq!(sniff(b"\x01\x02", "blob"), "application/octet-stream");
    }
}
