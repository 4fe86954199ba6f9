//! The words of a desktop notification for a finished batch: one per batch,
//! summed up ("12 files saved to Dropbox/Photos"), failures named.

use crate::events::{Batch, BatchKind};
use std::path::Path;

/// A notification's title and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// Some file did not land: shown as urgent, and kept until seen.
    pub failed: bool,
}

/// How many file names a body lists before "and N more".
const NAMES_SHOWN: usize = 3;

impl Notice {
    /// The notification for `batch`; `home` is shortened to `~` in local paths.
    pub fn of(batch: &Batch, home: &Path) -> Notice {
        let place = shorten(&batch.place, home);
        let (done_verb, failed_verb) = match batch.kind {
            BatchKind::Upload => ("uploaded to", "could not be uploaded to"),
            BatchKind::Export => ("saved to", "could not be saved to"),
            BatchKind::Convert => ("converted and saved to", "could not be converted into"),
        };
        let done = batch.done.len();
        let failed = batch.failed.len();
        let reason = batch
            .failed
            .first()
            .map(|(name, why)| format!("{name}: {why}"));
        let more_failed = match failed {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let (title, body) = match (done, failed) {
            (_, 0) => (
                format!("{} {done_verb} {place}", files(&batch.done)),
                names(&batch.done) + &converted(batch),
            ),
            (0, _) => {
                let failed_names: Vec<String> = batch.failed.iter().map(|f| f.0.clone()).collect();
                (
                    format!("{} {failed_verb} {place}", files(&failed_names)),
                    reason.unwrap_or_default() + &more_failed,
                )
            }
            (_, _) => (
                format!("{done} of {} files {done_verb} {place}", done + failed),
                format!(
                    "{failed} could not be. {}{more_failed}",
                    reason.unwrap_or_default()
                ),
            ),
        };
        Notice {
            title: visible(&title),
            body: visible(&body),
            failed: failed > 0,
        }
    }
}

/// `text` with its bidi controls shown as `[U+202E]`: a name such as
/// `photo\u{202E}gpj.exe` cannot pass for `photoexe.jpg`.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("[U+{:04X}]", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as the notification servers' body markup shows it as it is.
pub fn markup_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// "photo.jpg", or "12 files".
fn files(names: &[String]) -> String {
    match names {
        [one] => one.clone(),
        many => format!("{} files", many.len()),
    }
}

/// "a.jpg, b.png, c.gif and 9 more"; nothing for one file (the title names it).
fn names(names: &[String]) -> String {
    if names.len() < 2 {
        return String::new();
    }
    let shown = names[..names.len().min(NAMES_SHOWN)].join(", ");
    match names.len().saturating_sub(NAMES_SHOWN) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

fn converted(batch: &Batch) -> String {
    let lead = if batch.done.len() < 2 { "" } else { ". " };
    match (batch.kind, batch.converted) {
        (BatchKind::Upload, 1) if batch.done.len() == 1 => "Converted on the way".to_owned(),
        (BatchKind::Upload, n) if n > 0 => format!("{lead}{n} converted on the way"),
        _ => String::new(),
    }
}

fn shorten(place: &str, home: &Path) -> String {
    let home = home.display().to_string();
    match place.strip_prefix(&home) {
        Some(rest) if !home.is_empty() && (rest.is_empty() || rest.starts_with('/')) => {
            format!("~{rest}")
        }
        _ => place.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(kind: BatchKind, done: &[&str], failed: &[(&str, &str)]) -> Batch {
        Batch {
            kind,
            place: "Dropbox/Photos".into(),
            done: done.iter().map(|s| (*s).to_owned()).collect(),
            converted: 0,
            failed: failed
                .iter()
                .map(|(n, e)| ((*n).to_owned(), (*e).to_owned()))
                .collect(),
        }
    }

    fn text(b: &Batch) -> (String, String, bool) {
        let n = Notice::of(b, Path::new("/home/ann"));
        (n.title, n.body, n.failed)
    }

    #[test]
    fn names_cannot_hide_behind_bidi_controls_or_markup() {
        let (title, _, _) = text(&batch(BatchKind::Export, &["invoice\u{202E}fdp.exe"], &[]));
        assert_eq!(title, "invoice[U+202E]fdp.exe saved to Dropbox/Photos");
        let (_, body, _) = text(&batch(
            BatchKind::Export,
            &["a\u{2067}.jpg", "<b>x</b>.png"],
            &[],
        ));
        assert_eq!(body, "a[U+2067].jpg, <b>x</b>.png");
        assert_eq!(
            markup_escaped(&body),
            "a[U+2067].jpg, &lt;b&gt;x&lt;/b&gt;.png"
        );
        assert_eq!(markup_escaped("Tom & Jerry"), "Tom &amp; Jerry");
    }

    #[test]
    fn a_batch_is_summed_up_in_one_line() {
        let names: Vec<String> = (1..=12).map(|i| format!("p{i}.jpg")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let (title, body, failed) = text(&batch(BatchKind::Export, &refs, &[]));
        assert_eq!(title, "12 files saved to Dropbox/Photos");
        assert_eq!(body, "p1.jpg, p2.jpg, p3.jpg and 9 more");
        assert!(!failed);
    }

    #[test]
    fn one_file_is_named() {
        let (title, body, _) = text(&batch(BatchKind::Export, &["a.pdf"], &[]));
        assert_eq!(
            (title.as_str(), body.as_str()),
            ("a.pdf saved to Dropbox/Photos", "")
        );
        let mut upload = batch(BatchKind::Upload, &["cat.webp"], &[]);
        upload.place = "/home/ann/.local/share/Cloudpick/picked".into();
        upload.converted = 1;
        let (title, body, _) = text(&upload);
        assert_eq!(
            title,
            "cat.webp uploaded to ~/.local/share/Cloudpick/picked"
        );
        assert_eq!(body, "Converted on the way");
    }

    #[test]
    fn failures_say_which_and_why() {
        let b = batch(BatchKind::Export, &[], &[("a.jpg", "The drive is full")]);
        assert_eq!(
            text(&b),
            (
                "a.jpg could not be saved to Dropbox/Photos".into(),
                "a.jpg: The drive is full".into(),
                true
            )
        );
        let b = batch(
            BatchKind::Upload,
            &["ok.png", "ok2.png"],
            &[("x.gif", "Too large"), ("y.gif", "Too large")],
        );
        let (title, body, failed) = text(&b);
        assert_eq!(title, "2 of 4 files uploaded to Dropbox/Photos");
        assert_eq!(body, "2 could not be. x.gif: Too large (and 1 more)");
        assert!(failed);
    }

    #[test]
    fn conversions_and_home_paths() {
        let mut b = batch(BatchKind::Convert, &["cat (edited).jpg"], &[]);
        b.place = "/home/ann".into();
        assert_eq!(text(&b).0, "cat (edited).jpg converted and saved to ~");
        b.place = "/home/annex/x".into();
        assert_eq!(
            text(&b).0,
            "cat (edited).jpg converted and saved to /home/annex/x"
        );
    }
}
