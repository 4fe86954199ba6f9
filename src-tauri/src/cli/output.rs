//! What the script commands print: JSON on stdout for programs, aligned
//! columns for people, and the exit codes (0 done, 1 cancelled, 2 error).

use cloudpick_core::item::DriveItem;
use cloudpick_core::pick::PickResult;
use cloudpick_core::sources::Source;
use serde::Serialize;
use std::io::Write;

pub const DONE: i32 = 0;
pub const CANCELLED: i32 = 1;
pub const FAILED: i32 = 2;

/// Prints `value` as JSON on stdout.
pub fn json<T: Serialize>(value: &T) -> i32 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => print_out(&text),
        Err(err) => error(&format!("could not write the result: {err}")),
    }
}

/// Prints a result; a file that failed, or was not written because its name
/// is taken, makes it an error, each on stderr.
pub fn result(result: &PickResult) -> i32 {
    let code = json(result);
    for failed in result.files_failed.iter().chain(&result.files_taken) {
        eprintln!("cloudpick: {}: {}", failed.filename, failed.error);
    }
    // The engine's words are the dialog's ("choose Replace"); a script has options instead.
    if !result.files_taken.is_empty() {
        eprintln!("cloudpick: add --on-conflict rename to keep both, or --on-conflict replace to replace it");
    }
    if result.files_failed.is_empty() && result.files_taken.is_empty() {
        code
    } else {
        FAILED
    }
}

pub fn error(message: &str) -> i32 {
    eprintln!("cloudpick: {message}");
    FAILED
}

fn print_out(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is the reader's choice, not an error.
    let _ = writeln!(out, "{text}").and_then(|_| out.flush());
    DONE
}

/// `d  -        2026-11-20 10:00  Photos/` per item.
pub fn items(items: &[DriveItem]) -> i32 {
    let lines: Vec<String> = items
        .iter()
        .map(|i| {
            let size = if i.is_folder() {
                "-".to_owned()
            } else {
                human(i.size)
            };
            let modified = i
                .modified
                .as_deref()
                .map(|m| m.get(..16).unwrap_or(m).replace('T', " "))
                .unwrap_or_else(|| "-".to_owned());
            let kind = if i.is_folder() { 'd' } else { '-' };
            let slash = if i.is_folder() { "/" } else { "" };
            format!("{kind}  {size:>9}  {modified:<16}  {}{slash}", i.name)
        })
        .collect();
    print_out(&lines.join("\n"))
}

/// `dropbox  Dropbox  Demo · Demo User` per connected drive.
pub fn sources(sources: &[Source]) -> i32 {
    let width = sources.iter().map(|s| s.id.len()).max().unwrap_or(0);
    let lines: Vec<String> = sources
        .iter()
        .map(|s| format!("{:<width$}  {:<18}  {}", s.id, s.name, s.status))
        .collect();
    print_out(&lines.join("\n"))
}

fn human(bytes: Option<u64>) -> String {
    let Some(bytes) = bytes else {
        return "-".to_owned();
    };
    let units = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_as_the_window_shows_them() {
        assert_eq!(super::human(Some(999)), "999 B");
        assert_eq!(super::human(Some(1_234_567)), "1.2 MB");
        assert_eq!(super::human(None), "-");
    }
}
