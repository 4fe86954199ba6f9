//! File names that are safe to create on any disk, and the ` (1)`, ` (2)` names
//! given to a copy when its name is taken.

/// The longest name most filesystems accept, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

const WINDOWS_RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Turns any name a drive reports into one that is safe to create in a folder:
/// separators and control characters become `_`, `.` and `..` cannot escape,
/// Windows-reserved device names get a `_` prefix, and the result fits in 255 bytes
/// with its extension kept.
pub fn sanitize(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = replaced.trim();
    let mut safe = if trimmed.is_empty() {
        "untitled".to_owned()
    } else if trimmed.chars().all(|c| c == '.' || c == ' ') {
        // Only dots and spaces (`..`, `. .`): each dot shown as `_`.
        trimmed.replace('.', "_")
    } else {
        // Windows drops trailing dots and spaces, which would merge two names.
        trimmed.trim_end_matches(['.', ' ']).to_owned()
    };
    let (stem, _) = split_extension(&safe);
    if WINDOWS_RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(stem.trim_end()))
    {
        safe.insert(0, '_');
    }
    fit(&safe, "")
}

/// `name` with ` (n)` before its extension: `photo.jpg` → `photo (2).jpg`,
/// `backup.tar.gz` → `backup (2).tar.gz`. Still at most 255 bytes.
pub fn numbered(name: &str, n: u32) -> String {
    fit(name, &format!(" ({n})"))
}

/// The last extension of `name`, lowercase and without its dot: `Clip.MP4` → `mp4`.
pub fn extension(name: &str) -> String {
    std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Splits `archive.tar.gz` into (`archive`, `.tar.gz`) and `photo.jpg` into (`photo`, `.jpg`).
/// A leading dot is part of the stem: `.bashrc` has no extension.
pub fn split_extension(name: &str) -> (&str, &str) {
    let Some(dot) = name.rfind('.').filter(|&i| i > 0) else {
        return (name, "");
    };
    let (stem, ext) = name.split_at(dot);
    if ext.len() > 16 {
        return (name, "");
    }
    if let Some(inner) = stem.rfind('.').filter(|&i| i > 0) {
        if stem[inner..].eq_ignore_ascii_case(".tar") {
            return name.split_at(inner);
        }
    }
    (stem, ext)
}

/// `stem + suffix + extension`, shortening the stem (on a character boundary) to fit.
fn fit(name: &str, suffix: &str) -> String {
    let (stem, ext) = split_extension(name);
    let budget = MAX_NAME_BYTES.saturating_sub(suffix.len() + ext.len());
    let mut end = stem.len().min(budget);
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{suffix}{ext}", &stem[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizing_twice_gives_what_sanitizing_once_gave() {
        let mut names: Vec<String> = [
            ". .",
            "..",
            ".",
            " . ",
            "a. .",
            "CON .txt",
            "con. ",
            "./..",
            "a\\b/c",
            " x ",
            "...txt.",
            "\u{202e}gpj.exe",
            "",
            "   ",
            "nul",
            "com1.tar.gz",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // And names made of the characters that matter, every way.
        let parts = [".", " ", "a", "/", "CON", "\\", "\u{0}", "é"];
        for i in 0..4096usize {
            let mut name = String::new();
            let mut n = i;
            for _ in 0..4 {
                name.push_str(parts[n % parts.len()]);
                n /= parts.len();
            }
            names.push(name);
        }
        for name in names {
            let once = sanitize(&name);
            assert!(!once.is_empty(), "{name:?}");
            assert_eq!(sanitize(&once), once, "{name:?} → {once:?}");
        }
        assert_eq!(sanitize(". ."), "_ _");
    }

    #[test]
    fn separators_and_controls_become_underscores() {
        assert_eq!(sanitize("../../etc/passwd"), ".._.._etc_passwd");
        assert_eq!(sanitize("a\\b\u{0}c\nd.txt"), "a_b_c_d.txt");
    }

    #[test]
    fn dot_names_cannot_escape() {
        assert_eq!(sanitize(".."), "__");
        assert_eq!(sanitize("."), "_");
        assert_eq!(sanitize("   "), "untitled");
        assert_eq!(sanitize("report. . ."), "report");
    }

    #[test]
    fn windows_reserved_names_are_prefixed() {
        assert_eq!(sanitize("CON"), "_CON");
        assert_eq!(sanitize("nul.txt"), "_nul.txt");
        assert_eq!(sanitize("com1.tar.gz"), "_com1.tar.gz");
        assert_eq!(sanitize("console.txt"), "console.txt");
    }

    #[test]
    fn long_names_keep_their_extension_and_fit() {
        let long = format!("{}.jpeg", "é".repeat(200));
        let safe = sanitize(&long);
        assert!(safe.len() <= MAX_NAME_BYTES, "{}", safe.len());
        assert!(safe.ends_with(".jpeg"));
        let again = numbered(&safe, 12);
        assert!(again.len() <= MAX_NAME_BYTES);
        assert!(again.ends_with(" (12).jpeg"), "{again}");
    }

    #[test]
    fn numbered_names_go_before_the_extension() {
        assert_eq!(numbered("photo.jpg", 1), "photo (1).jpg");
        assert_eq!(numbered("backup.tar.gz", 2), "backup (2).tar.gz");
        assert_eq!(numbered(".bashrc", 1), ".bashrc (1)");
        assert_eq!(numbered("README", 3), "README (3)");
    }

    #[test]
    fn unicode_names_are_kept() {
        assert_eq!(sanitize("Привет мир 🌍.pdf"), "Привет мир 🌍.pdf");
    }
}
