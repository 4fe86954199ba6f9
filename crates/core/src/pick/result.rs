//! The pick result, in Filestack's shape: `{filesUploaded, filesFailed}`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "PickResult.ts")]
pub struct PickResult {
    pub files_uploaded: Vec<StoredFile>,
    pub files_failed: Vec<FailedFile>,
    /// Files not written because their names are taken where they go, when
    /// the request asked to be told (Save to's first try): questions for the
    /// user, not failures. Absent from Filestack's shape when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FailedFile>>", optional)]
    pub files_taken: Vec<FailedFile>,
}

/// A file copied to the storage location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "StoredFile.ts")]
pub struct StoredFile {
    /// The name it was stored under (` (1)` added if the name was taken).
    pub filename: String,
    /// Cloudpick's id for the stored file.
    pub handle: String,
    /// Sniffed from the content first, then the extension.
    pub mimetype: String,
    /// Where the file came from, as the source drive shows it.
    pub original_path: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Filestack's name of the source: `local_file_system`, `dropbox`, ...
    pub source: String,
    /// The distributable link: a `file://` URL for local storage.
    pub url: String,
    /// The path relative to the storage root.
    pub key: String,
    /// The storage root.
    pub container: String,
    /// `Stored` (copied to the storage location) or `Linked` (link only:
    /// no copy, `url` is the source drive's share link).
    pub status: String,
    pub upload_id: String,
    /// The stored bytes' hash: the destination drive's own, or SHA-256 for
    /// the local folder. Cloudpick checked it while copying.
    #[serde(default)]
    pub hash: Option<crate::item::ContentHash>,
    /// True when a copy with the same content was already in the storage
    /// folder and stands for this file instead of a new one.
    #[serde(default)]
    pub reused: bool,
    /// Filestack's record of a crop, for an edited image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub cropped: Option<crate::transform::Cropped>,
    /// Filestack's record of a rotation, for an edited image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rotated: Option<crate::transform::Rotated>,
    /// The image was resized on its way to storage by a rule of Settings
    /// (Filestack's `imageMax`, `imageMin`, `imageDim`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub resized: Option<Resized>,
    /// Converted on the way without an edit (a document stored as a PDF):
    /// webhooks send `fp.converse` for it. Not part of the result.
    #[serde(skip)]
    #[ts(skip)]
    pub converted: bool,
}

/// What an image rule did to a picked image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Resized.ts")]
pub struct Resized {
    /// `image_max`, `image_min` or `image_dim`.
    pub rule: String,
    /// `[width, height]` of the original, upright.
    pub original_image_size: [u32; 2],
    /// `[width, height]` stored.
    pub size: [u32; 2],
}

/// A file that could not be picked, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "FailedFile.ts")]
pub struct FailedFile {
    pub filename: String,
    pub original_path: String,
    pub source: String,
    /// What went wrong and what the user can do.
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_filestacks_field_names() {
        let result = PickResult {
            files_uploaded: vec![StoredFile {
                filename: "a.png".into(),
                handle: "h".into(),
                mimetype: "image/png".into(),
                original_path: "/a.png".into(),
                size: 3,
                source: "local_file_system".into(),
                url: "file:///s/a.png".into(),
                key: "a.png".into(),
                container: "/s".into(),
                status: "Stored".into(),
                upload_id: "u".into(),
                hash: Some(crate::item::ContentHash::new(
                    crate::drives::hashes::HashKind::Sha256,
                    "ab",
                )),
                reused: false,
                cropped: None,
                rotated: None,
                resized: None,
                converted: false,
            }],
            files_failed: vec![FailedFile {
                filename: "b".into(),
                original_path: "/b".into(),
                source: "local_file_system".into(),
                error: "gone".into(),
            }],
            files_taken: Vec::new(),
        };
        let json = serde_json::to_value(&result).unwrap();
        let stored = &json["filesUploaded"][0];
        for key in [
            "filename",
            "handle",
            "mimetype",
            "originalPath",
            "size",
            "source",
            "url",
            "key",
            "container",
            "status",
            "uploadId",
            "hash",
            "reused",
        ] {
            assert!(stored.get(key).is_some(), "missing {key}");
        }
        assert_eq!(stored.as_object().unwrap().len(), 13);
        assert_eq!(
            stored["hash"],
            serde_json::json!({"algorithm": "sha256", "value": "ab"})
        );
        let failed = &json["filesFailed"][0];
        for key in ["filename", "originalPath", "source", "error"] {
            assert!(failed.get(key).is_some(), "missing {key}");
        }
        // Filestack's two lists and nothing else, while no name is taken.
        assert_eq!(json.as_object().unwrap().len(), 2);
    }
}
