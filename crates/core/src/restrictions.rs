//! What the picker accepts: file types (MIME types, with wildcards,
//! extensions, and name patterns such as `*.png`, which the desktop's file
//! dialog filters use), how many files, how large. Set in Settings (and on the
//! command line); the picker greys out what does not match, and a pick
//! refuses it too. The UI's `restrictions.ts` applies the same rules.

use crate::error::{Error, ErrorKind, Result};
use crate::item::DriveItem;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The rules, as the settings file keeps them (`[restrictions]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export, export_to = "Restrictions.ts")]
pub struct Restrictions {
    /// `image/*`, `application/pdf`, `.pdf`, `*.png`, `IMG_*.[jJ][pP][gG]`;
    /// empty accepts everything.
    pub accept: Vec<String>,
    pub min_files: Option<u32>,
    pub max_files: Option<u32>,
    /// Bytes.
    #[ts(type = "number | null")]
    pub max_size: Option<u64>,
    /// Images at least this many pixels wide and high.
    pub min_image: Option<Dimensions>,
    /// Images at most this many pixels wide and high.
    pub max_image: Option<Dimensions>,
    /// Images larger than this are resized to fit inside it on their way to
    /// storage (Filestack's `imageMax`).
    pub image_max: Option<Dimensions>,
    /// Images smaller than this are enlarged to the smallest size that
    /// covers it (Filestack's `imageMin`).
    pub image_min: Option<Dimensions>,
    /// Images are resized to exactly this, cropped to fill, centred
    /// (Filestack's `imageDim`).
    pub image_dim: Option<Dimensions>,
    /// `image_min` and `image_max` refuse images outside them instead of
    /// resizing them (as `min_image` and `max_image` do).
    pub refuse_images_outside: bool,
    /// The drives the picker offers, by kind (Filestack's `fromSources`,
    /// whose names are read too: `local_file_system`); empty offers all.
    pub from_sources: Vec<String>,
}

/// An image's size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, export_to = "Dimensions.ts")]
pub struct Dimensions {
    pub width: u32,
    pub height: u32,
}

impl Restrictions {
    /// Why `item` cannot be picked, if it cannot.
    pub fn refuses(&self, item: &DriveItem) -> Option<String> {
        if item.is_folder() {
            return None;
        }
        if !self.accept.is_empty() && !self.accept.iter().any(|rule| accepts(rule, item)) {
            return Some(format!("Only {} can be picked", self.accept.join(", ")));
        }
        match (self.max_size, item.size) {
            (Some(max), Some(size)) if size > max => Some(format!(
                "Larger than {}, the most a file may be",
                human_size(max)
            )),
            _ => None,
        }
    }

    /// Whether images must be measured before they are picked.
    pub fn limits_images(&self) -> bool {
        self.min_image.is_some() || self.max_image.is_some()
    }

    /// Whether picked images may be resized on their way to storage.
    pub fn resizes_images(&self) -> bool {
        self.image_max.is_some() || self.image_min.is_some() || self.image_dim.is_some()
    }

    /// The resize an image of `size` gets, and the rule that asks for it:
    /// `image_dim` first, then `image_max` for one too large, then
    /// `image_min` for one too small; `None` when it fits as it is.
    pub fn resize_for(
        &self,
        size: Dimensions,
    ) -> Option<(&'static str, crate::transform::Transform)> {
        use crate::transform::{Fit, Transform};
        let Dimensions { width, height } = size;
        if let Some(dim) = self.image_dim {
            if (width, height) == (dim.width, dim.height) {
                return None;
            }
            let exact = Transform {
                width: Some(dim.width),
                height: Some(dim.height),
                fit: Fit::Crop,
                ..Transform::default()
            };
            return Some(("image_dim", exact));
        }
        if let Some(max) = self.image_max {
            if width > max.width || height > max.height {
                let inside = Transform {
                    width: Some(max.width),
                    height: Some(max.height),
                    fit: Fit::Max,
                    ..Transform::default()
                };
                return Some(("image_max", inside));
            }
        }
        if let Some(min) = self.image_min {
            if (width < min.width || height < min.height) && width > 0 && height > 0 {
                let scale = f64::max(
                    f64::from(min.width) / f64::from(width),
                    f64::from(min.height) / f64::from(height),
                );
                let covering = Transform {
                    width: Some((f64::from(width) * scale).ceil() as u32),
                    height: Some((f64::from(height) * scale).ceil() as u32),
                    fit: Fit::Clip,
                    ..Transform::default()
                };
                return Some(("image_min", covering));
            }
        }
        None
    }

    /// Why an image of `size` cannot be picked, if it cannot.
    pub fn refuses_image(&self, size: Dimensions) -> Option<String> {
        if let Some(min) = self.min_image {
            if size.width < min.width || size.height < min.height {
                return Some(format!(
                    "{}×{} pixels, smaller than the {}×{} an image must have",
                    size.width, size.height, min.width, min.height
                ));
            }
        }
        if let Some(max) = self.max_image {
            if size.width > max.width || size.height > max.height {
                return Some(format!(
                    "{}×{} pixels, larger than the {}×{} an image may have",
                    size.width, size.height, max.width, max.height
                ));
            }
        }
        None
    }

    /// Why a file from drive `kind` cannot be picked, if it cannot.
    pub fn refuses_source(&self, kind: &str) -> Option<String> {
        (!self.from_sources.is_empty() && !self.from_sources.iter().any(|k| k == kind)).then(|| {
            format!(
                "Files can be picked only from {}",
                self.from_sources
                    .iter()
                    .map(|k| crate::drives::registry::name_of(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }

    /// Why `count` files cannot be picked together, if they cannot.
    pub fn refuses_count(&self, count: usize) -> Option<String> {
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        match (self.min_files, self.max_files) {
            (Some(min), _) if count < min => Some(format!(
                "Pick at least {min} {}",
                if min == 1 { "file" } else { "files" }
            )),
            (_, Some(max)) if count > max => Some(format!(
                "Pick at most {max} {}",
                if max == 1 { "file" } else { "files" }
            )),
            _ => None,
        }
    }

    /// Checks the rules themselves: each type is a MIME type or an
    /// extension, and the counts make sense.
    pub fn checked(self) -> Result<Self> {
        let invalid = |message: String| Err(Error::new(ErrorKind::InvalidInput, message));
        let mut accept: Vec<String> = self
            .accept
            .iter()
            .map(|r| r.trim().to_ascii_lowercase())
            .filter(|r| !r.is_empty())
            .collect();
        // `*/*` (Filestack's samples write it) accepts everything, as no rule does.
        if accept.iter().any(|r| r == "*/*" || r == "*") {
            accept.clear();
        }
        let mut from_sources = Vec::new();
        for name in self
            .from_sources
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        {
            let Some(row) = crate::drives::registry::named(name) else {
                return invalid(format!(
                    "{name:?} is not a drive: use {}",
                    crate::drives::registry::typed_names()
                ));
            };
            if !from_sources.iter().any(|k| k == row.kind) {
                from_sources.push(row.kind.to_owned());
            }
        }
        for rule in &accept {
            let ok = match (Rule::of(rule), rule.strip_prefix('.')) {
                (Rule::Pattern, _) => true,
                (Rule::Extension, Some(ext)) => {
                    !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric())
                }
                _ => rule
                    .split_once('/')
                    .is_some_and(|(t, s)| !t.is_empty() && !s.is_empty() && !t.contains('*')),
            };
            if !ok {
                return invalid(format!(
                    "{rule:?} is not a file type: use a MIME type such as image/* or application/pdf, an extension such as .pdf, or a name pattern such as *.png"
                ));
            }
        }
        if let (Some(min), Some(max)) = (self.min_files, self.max_files) {
            if min > max {
                return invalid(format!(
                    "At least {min} and at most {max} files cannot both hold"
                ));
            }
        }
        if let (Some(min), Some(max)) = (self.min_image, self.max_image) {
            if min.width > max.width || min.height > max.height {
                return invalid(format!(
                    "Images of at least {}×{} and at most {}×{} pixels cannot both hold",
                    min.width, min.height, max.width, max.height
                ));
            }
        }
        if self.max_files == Some(0) {
            return invalid("At most 0 files would allow no pick at all".to_owned());
        }
        if let (Some(min), Some(max)) = (self.image_min, self.image_max) {
            if min.width > max.width || min.height > max.height {
                return invalid(format!(
                    "Images cannot be made at least {}×{} and at most {}×{} pixels",
                    min.width, min.height, max.width, max.height
                ));
            }
        }
        if [self.image_max, self.image_min, self.image_dim]
            .iter()
            .flatten()
            .any(|d| d.width == 0 || d.height == 0)
        {
            return invalid(
                "An image size needs a width and a height of at least 1 pixel".to_owned(),
            );
        }
        let mut rules = Restrictions {
            accept,
            from_sources,
            ..self
        };
        // Refusing instead of resizing: the limits become `min_image` and `max_image`.
        if rules.refuse_images_outside {
            rules.min_image = rules.min_image.or(rules.image_min.take());
            rules.max_image = rules.max_image.or(rules.image_max.take());
            rules.refuse_images_outside = false;
        }
        Ok(rules)
    }
}

/// The restrictions as the command line gives them (`--accept 'image/*,.pdf'
/// --max-size 20MB --min-image 400x300`), checked like the Settings' ones.
#[derive(Debug, Clone, Default)]
pub struct CommandLineRules<'a> {
    pub accept: Option<&'a str>,
    pub min_files: Option<u32>,
    pub max_files: Option<u32>,
    pub max_size: Option<&'a str>,
    pub min_image: Option<&'a str>,
    pub max_image: Option<&'a str>,
    pub image_max: Option<&'a str>,
    pub image_min: Option<&'a str>,
    pub image_dim: Option<&'a str>,
}

impl CommandLineRules<'_> {
    /// Whether any restriction was given at all.
    pub fn any(&self) -> bool {
        self.accept.is_some()
            || self.min_files.is_some()
            || self.max_files.is_some()
            || self.max_size.is_some()
            || self.min_image.is_some()
            || self.max_image.is_some()
            || self.image_max.is_some()
            || self.image_min.is_some()
            || self.image_dim.is_some()
    }

    pub fn parse(&self) -> Result<Restrictions> {
        Restrictions {
            accept: self
                .accept
                .map(|a| a.split(',').map(str::to_owned).collect())
                .unwrap_or_default(),
            min_files: self.min_files,
            max_files: self.max_files,
            max_size: self.max_size.map(parse_size).transpose()?,
            min_image: self.min_image.map(parse_dimensions).transpose()?,
            max_image: self.max_image.map(parse_dimensions).transpose()?,
            image_max: self.image_max.map(parse_dimensions).transpose()?,
            image_min: self.image_min.map(parse_dimensions).transpose()?,
            image_dim: self.image_dim.map(parse_dimensions).transpose()?,
            refuse_images_outside: false,
            from_sources: Vec::new(),
        }
        .checked()
    }
}

/// Parses `800x600` (or `800×600`) as pixels.
pub fn parse_dimensions(text: &str) -> Result<Dimensions> {
    let bad = || {
        Error::new(
            ErrorKind::InvalidInput,
            format!("{text:?} is not an image size: write it like 800x600"),
        )
    };
    let (width, height) = text.trim().split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let number = |n: &str| n.trim().parse::<u32>().ok().filter(|n| *n > 0);
    Ok(Dimensions {
        width: number(width).ok_or_else(bad)?,
        height: number(height).ok_or_else(bad)?,
    })
}

/// One rule against one file: an extension, `type/*` or an exact MIME type.
/// The kinds of accept rule.
#[derive(Debug, PartialEq, Eq)]
enum Rule {
    /// `image/png`, `image/*`: a `/` (never in a file's name).
    Mime,
    /// `.pdf`.
    Extension,
    /// `*.png`, `report-??.txt`, `*.[jJ][pP][gG]`: a shell pattern on the name.
    Pattern,
}

impl Rule {
    fn of(rule: &str) -> Rule {
        if rule.contains('/') {
            Rule::Mime
        } else if rule.contains(['*', '?', '[']) {
            Rule::Pattern
        } else if rule.starts_with('.') {
            Rule::Extension
        } else {
            Rule::Mime
        }
    }
}

fn accepts(rule: &str, item: &DriveItem) -> bool {
    let rule = rule.to_lowercase();
    match Rule::of(&rule) {
        Rule::Pattern => return matches_pattern(&rule, &item.name.to_lowercase()),
        Rule::Extension => {
            let ext = &rule[1..];
            return item
                .name
                .rsplit_once('.')
                .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext));
        }
        Rule::Mime => {}
    }
    let mime = item
        .mime_type
        .clone()
        .unwrap_or_else(|| crate::mime::from_name(&item.name))
        .to_ascii_lowercase();
    match rule.strip_suffix("/*") {
        Some(kind) => mime.split('/').next() == Some(kind),
        None => mime == rule,
    }
}

/// Whether `name` matches the shell pattern `pattern`: `*` any run of
/// characters, `?` one, `[abc]`, `[a-z]` and `[!a]` one of (or none of) a
/// set; anything else itself, and a `[` that is never closed itself too.
/// Both are lower-cased by the caller, so `*.png` takes `SHOT.PNG` (a
/// filter is a help to find files, and a name's case is the camera's).
fn matches_pattern(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    // The last `*` seen, and where in the name it was tried up to.
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        let step = match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
                continue;
            }
            Some('?') => Some(1),
            Some('[') => match class(&p[pi..], n[ni]) {
                Some((len, true)) => Some(len),
                Some((_, false)) => None,
                None => (n[ni] == '[').then_some(1),
            },
            Some(c) => (*c == n[ni]).then_some(1),
            None => None,
        };
        match (step, star) {
            (Some(len), _) => {
                pi += len;
                ni += 1;
            }
            // Give the last `*` one more character, and try again from there.
            (None, Some((at, tried))) => {
                star = Some((at, tried + 1));
                pi = at + 1;
                ni = tried + 1;
            }
            (None, None) => return false,
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// The set at the start of `p` (`[...]`): its length in the pattern and
/// whether `c` is in it (not in it, for `[!...]`); `None` when never closed.
fn class(p: &[char], c: char) -> Option<(usize, bool)> {
    let negated = matches!(p.get(1), Some('!' | '^'));
    let mut i = if negated { 2 } else { 1 };
    let first = i;
    let mut hit = false;
    while i < p.len() {
        if p[i] == ']' && i > first {
            return Some((i + 1, hit != negated));
        }
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            hit |= p[i] <= c && c <= p[i + 2];
            i += 3;
        } else {
            hit |= p[i] == c;
            i += 1;
        }
    }
    None
}

/// Parses a size as people write it: `20MB`, `1.5 GB`, `300 KiB`, `4096`.
pub fn parse_size(text: &str) -> Result<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().map_err(|_| bad_size(text))?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(bad_size(text)),
    };
    Ok((value * factor).round() as u64)
}

fn bad_size(text: &str) -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        format!("{text:?} is not a size: write it like 20 MB, 1.5 GB or 300 KiB"),
    )
}

/// 20000000 → "20 MB" (decimal units, as the UI shows sizes).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::{ItemId, ItemKind};

    fn file(name: &str, size: u64, mime: Option<&str>) -> DriveItem {
        DriveItem {
            id: ItemId::new(format!("/{name}")),
            name: name.into(),
            kind: ItemKind::File,
            size: Some(size),
            modified: None,
            display_path: format!("/{name}"),
            mime_type: mime.map(str::to_owned),
            hash: None,
        }
    }

    fn rules(accept: &[&str], max_size: Option<u64>) -> Restrictions {
        Restrictions {
            accept: accept.iter().map(|s| (*s).to_owned()).collect(),
            max_size,
            ..Restrictions::default()
        }
    }

    #[test]
    fn accepts_by_wildcard_exact_type_and_extension() {
        let r = rules(&["image/*", ".PDF", "text/csv"], None);
        assert_eq!(r.refuses(&file("a.jpg", 1, Some("image/jpeg"))), None);
        assert_eq!(r.refuses(&file("scan.pdf", 1, None)), None);
        assert_eq!(
            r.refuses(&file("t.csv", 1, None)),
            None,
            "the type guessed from the name"
        );
        assert_eq!(
            r.refuses(&file("notes.txt", 1, Some("text/plain")))
                .as_deref(),
            Some("Only image/*, .PDF, text/csv can be picked")
        );
        assert!(r
            .refuses(&file("noext", 1, Some("application/octet-stream")))
            .is_some());
    }

    /// The cases the window's `restrictions.ts` is tested with too.
    #[test]
    fn name_patterns_extensions_and_types_take_the_files_the_window_takes() {
        #[derive(serde::Deserialize)]
        struct Case {
            rule: String,
            name: String,
            mime: Option<String>,
            accepts: bool,
        }
        let cases: Vec<Case> =
            serde_json::from_str(include_str!("../../../ui/src/lib/restrictions.cases.json"))
                .unwrap();
        for case in cases {
            let r = rules(&[&case.rule], None).checked().unwrap();
            let item = file(&case.name, 1, case.mime.as_deref());
            assert_eq!(
                r.refuses(&item).is_none(),
                case.accepts,
                "{:?} on {:?}",
                case.rule,
                case.name
            );
        }
        assert!(rules(&["*.png/x"], None).checked().is_err());
    }

    #[test]
    fn refuses_files_over_the_size_and_counts_out_of_range() {
        let r = Restrictions {
            min_files: Some(2),
            max_files: Some(3),
            ..rules(&[], Some(20_000_000))
        };
        assert_eq!(
            r.refuses(&file("big.bin", 20_000_001, None)).as_deref(),
            Some("Larger than 20 MB, the most a file may be")
        );
        assert_eq!(r.refuses(&file("ok.bin", 20_000_000, None)), None);
        assert_eq!(r.refuses_count(1).as_deref(), Some("Pick at least 2 files"));
        assert_eq!(r.refuses_count(3), None);
        assert_eq!(r.refuses_count(4).as_deref(), Some("Pick at most 3 files"));
    }

    #[test]
    fn measures_images_against_their_limits() {
        let r = Restrictions {
            min_image: Some(Dimensions {
                width: 400,
                height: 300,
            }),
            max_image: Some(Dimensions {
                width: 4000,
                height: 3000,
            }),
            ..Restrictions::default()
        };
        assert!(r.limits_images());
        let at = |width, height| r.refuses_image(Dimensions { width, height });
        assert_eq!(at(400, 300), None);
        assert_eq!(
            at(399, 300).as_deref(),
            Some("399×300 pixels, smaller than the 400×300 an image must have")
        );
        assert_eq!(
            at(4001, 10).as_deref(),
            Some("4001×10 pixels, smaller than the 400×300 an image must have")
        );
        assert_eq!(
            at(4001, 3000).as_deref(),
            Some("4001×3000 pixels, larger than the 4000×3000 an image may have")
        );
    }

    #[test]
    fn reads_the_command_lines_rules() {
        let given = CommandLineRules {
            accept: Some("image/*, .PDF"),
            max_files: Some(3),
            max_size: Some("20MB"),
            min_image: Some("400x300"),
            max_image: Some("4000×3000"),
            ..CommandLineRules::default()
        };
        assert!(given.any());
        let rules = given.parse().unwrap();
        assert_eq!(rules.accept, ["image/*", ".pdf"]);
        assert_eq!(rules.max_files, Some(3));
        assert_eq!(rules.max_size, Some(20_000_000));
        assert_eq!(
            rules.min_image,
            Some(Dimensions {
                width: 400,
                height: 300
            })
        );
        assert_eq!(rules.max_image.map(|d| d.width), Some(4000));
        assert!(!CommandLineRules::default().any());
        for (bad, says) in [
            (
                CommandLineRules {
                    max_size: Some("big"),
                    ..CommandLineRules::default()
                },
                "is not a size",
            ),
            (
                CommandLineRules {
                    min_image: Some("400"),
                    ..CommandLineRules::default()
                },
                "is not an image size",
            ),
            (
                CommandLineRules {
                    accept: Some("images"),
                    ..CommandLineRules::default()
                },
                "is not a file type",
            ),
            (
                CommandLineRules {
                    min_files: Some(4),
                    max_files: Some(2),
                    ..CommandLineRules::default()
                },
                "cannot both hold",
            ),
        ] {
            let message = bad.parse().unwrap_err().message().to_owned();
            assert!(message.contains(says), "{message}");
        }
    }

    #[test]
    fn checks_the_rules_themselves() {
        assert!(rules(&["image"], None).checked().is_err());
        assert!(rules(&["*/png"], None).checked().is_err());
        assert!(rules(&[".p df"], None).checked().is_err());
        assert_eq!(
            rules(&[" IMAGE/* ", ""], None).checked().unwrap().accept,
            ["image/*"]
        );
        let crossed = Restrictions {
            min_files: Some(3),
            max_files: Some(2),
            ..Restrictions::default()
        };
        assert!(crossed
            .checked()
            .unwrap_err()
            .message()
            .contains("cannot both hold"));
    }

    #[test]
    fn resizes_images_as_filestacks_image_rules_say() {
        let d = |width, height| Dimensions { width, height };
        let rules = Restrictions {
            image_max: Some(d(1000, 1000)),
            image_min: Some(d(200, 100)),
            ..Restrictions::default()
        }
        .checked()
        .unwrap();
        let (rule, t) = rules.resize_for(d(4000, 3000)).unwrap();
        assert_eq!(
            (rule, t.width, t.height, t.fit),
            (
                "image_max",
                Some(1000),
                Some(1000),
                crate::transform::Fit::Max
            )
        );
        assert!(rules.resize_for(d(800, 600)).is_none(), "fits as it is");
        let (rule, t) = rules.resize_for(d(100, 100)).unwrap();
        assert_eq!(
            (rule, t.width, t.height),
            ("image_min", Some(200), Some(200))
        );
        let exact = Restrictions {
            image_dim: Some(d(400, 300)),
            ..Restrictions::default()
        };
        let (rule, t) = exact.resize_for(d(4000, 4000)).unwrap();
        assert_eq!(
            (rule, t.width, t.height, t.fit),
            (
                "image_dim",
                Some(400),
                Some(300),
                crate::transform::Fit::Crop
            )
        );
        assert!(exact.resize_for(d(400, 300)).is_none());
        // Refusing instead: the limits become min_image and max_image.
        let refusing = Restrictions {
            image_max: Some(d(1000, 1000)),
            refuse_images_outside: true,
            ..Restrictions::default()
        }
        .checked()
        .unwrap();
        assert_eq!(
            (refusing.max_image, refusing.image_max),
            (Some(d(1000, 1000)), None)
        );
        assert!(refusing.refuses_image(d(2000, 10)).is_some());
        let crossed = Restrictions {
            image_max: Some(d(10, 10)),
            image_min: Some(d(20, 20)),
            ..Restrictions::default()
        };
        assert!(crossed.checked().is_err());
    }

    #[test]
    fn reads_filestacks_everything_and_source_names() {
        // `mimetype: '*/*'` in Filestack's samples: everything.
        let all = rules(&["*/*"], None).checked().unwrap();
        assert!(all.accept.is_empty());
        let typed = CommandLineRules {
            accept: Some("*/*"),
            ..CommandLineRules::default()
        };
        assert!(
            typed.parse().unwrap().accept.is_empty(),
            "--accept '*/*' is fine"
        );
        assert_eq!(all.refuses(&file("any.bin", 1, None)), None);
        let from = Restrictions {
            from_sources: vec![
                "local_file_system".into(),
                "Dropbox".into(),
                "s3".into(),
                "azure".into(),
                "dropbox".into(),
            ],
            ..Restrictions::default()
        }
        .checked()
        .unwrap();
        assert_eq!(from.from_sources, ["local", "dropbox", "s3", "azblob"]);
        assert_eq!(from.refuses_source("dropbox"), None);
        assert_eq!(
            from.refuses_source("box").as_deref(),
            Some("Files can be picked only from This computer, Dropbox, Amazon S3, Azure Blob")
        );
        let unknown = Restrictions {
            from_sources: vec!["gdrive".into()],
            ..Restrictions::default()
        };
        assert!(unknown
            .checked()
            .unwrap_err()
            .message()
            .contains("\"gdrive\" is not a drive"));
    }

    #[test]
    fn reads_sizes_as_people_write_them() {
        assert_eq!(parse_size("20MB").unwrap(), 20_000_000);
        assert_eq!(parse_size("1.5 GB").unwrap(), 1_500_000_000);
        assert_eq!(parse_size("300 KiB").unwrap(), 307_200);
        assert_eq!(parse_size("4096").unwrap(), 4096);
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert_eq!(human_size(20_000_000), "20 MB");
        assert_eq!(human_size(1_500_000_000), "1.5 GB");
    }
}
