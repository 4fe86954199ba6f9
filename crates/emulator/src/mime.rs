//! The MIME type a provider reports for a file: from its name, as Graph,
//! Alfresco and Amazon do for files uploaded without one (their docs: the
//! type comes from the extension), through the `mime_guess` table.

/// The MIME type for `name`, `application/octet-stream` when its extension says nothing.
pub fn from_name(name: &str) -> String {
    mime_guess::from_path(name)
        .first_raw()
        .unwrap_or("application/octet-stream")
        .to_owned()
}
