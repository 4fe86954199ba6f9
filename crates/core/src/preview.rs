//! Quick Look: what a file shows when previewed, decided from its name and
//! first bytes. Images, text and code (the first 256 KiB, as plain text),
//! and videos and sounds (played by the window from a loopback stream of
//! byte ranges, `media::serve`); documents with pages are counted by
//! `app/preview.rs`. Previewing stores nothing.

use crate::drive::Drive;
use crate::error::Result;
use crate::item::{ByteRange, DriveItem};
use futures::TryStreamExt;
use serde::Serialize;
use ts_rs::TS;

/// The most text shown.
pub const MAX_TEXT: u64 = 256 * 1024;

/// How a file is previewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum PreviewKind {
    Image,
    Pdf,
    Text,
    Video,
    Audio,
    /// Nothing to show but its icon and details.
    None,
}

/// What the preview shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Preview {
    pub kind: PreviewKind,
    /// A PDF's pages.
    pub pages: Option<u32>,
    /// Text and code: the start of the file, never rendered as HTML.
    pub text: Option<String>,
    /// The text is the first `MAX_TEXT` bytes of a longer file.
    pub truncated: bool,
}

impl Preview {
    /// A document of `pages` pages, shown page by page.
    pub fn pages(pages: u32) -> Self {
        Preview {
            pages: Some(pages),
            ..Preview::of(PreviewKind::Pdf)
        }
    }

    fn of(kind: PreviewKind) -> Self {
        Preview {
            kind,
            pages: None,
            text: None,
            truncated: false,
        }
    }
}

/// Names of code and text files whose type the system may not call text.
const TEXT: [&str; 24] = [
    "txt", "md", "csv", "tsv", "json", "xml", "yaml", "yml", "toml", "ini", "log", "rs", "py",
    "js", "ts", "c", "h", "cpp", "java", "go", "sh", "html", "css", "svg",
];

/// What `item` shows when previewed. Documents with pages (PDFs, office
/// documents) are the app's to count (`app/preview.rs`), from the PDF their
/// pages are drawn from.
pub async fn preview(drive: &dyn Drive, item: &DriveItem) -> Result<Preview> {
    let name = &item.name;
    if crate::thumbnails::is_image(name) {
        return Ok(Preview::of(PreviewKind::Image));
    }
    if crate::media::is_video(name) {
        return Ok(Preview::of(PreviewKind::Video));
    }
    if crate::media::is_audio(name) {
        return Ok(Preview::of(PreviewKind::Audio));
    }
    let texty = TEXT.contains(&crate::names::extension(name).as_str())
        || item
            .mime_type
            .as_deref()
            .is_some_and(|m| m.starts_with("text/"));
    if !texty {
        return Ok(Preview::of(PreviewKind::None));
    }
    let range = ByteRange {
        start: 0,
        len: Some(MAX_TEXT + 1),
    };
    let mut body = drive.read(&item.id, Some(range)).await?;
    let mut bytes = Vec::new();
    while let Some(chunk) = body.try_next().await? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() as u64 > MAX_TEXT {
            break;
        }
    }
    let truncated = bytes.len() as u64 > MAX_TEXT;
    bytes.truncate(MAX_TEXT as usize);
    if bytes.contains(&0) {
        // Not text, whatever its name says.
        return Ok(Preview::of(PreviewKind::None));
    }
    Ok(Preview {
        text: Some(text_of(&bytes, truncated)),
        truncated,
        ..Preview::of(PreviewKind::Text)
    })
}

/// UTF-8 text, a character cut at the end dropped; other bytes shown as �.
fn text_of(bytes: &[u8], truncated: bool) -> String {
    let end = match std::str::from_utf8(bytes) {
        Err(e) if truncated && e.error_len().is_none() => e.valid_up_to(),
        _ => bytes.len(),
    };
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::text_of;

    #[test]
    fn a_character_cut_by_the_limit_is_dropped_and_bad_bytes_are_marked() {
        let text = "naïve".as_bytes();
        assert_eq!(text_of(&text[..3], true), "na");
        assert_eq!(text_of(b"a\xffb", false), "a\u{fffd}b");
    }
}
