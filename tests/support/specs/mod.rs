//! The providers' official specs, read from `../shared/specs` (or
//! `$CLOUDPICK_SPECS`), and checks of JSON values against them.

pub mod csdl;
pub mod schema;
pub mod stone;

use std::path::PathBuf;

/// Where the specs are, or `None` (with a message) when they are absent.
pub fn dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CLOUDPICK_SPECS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs"));
    if dir.join("box/openapi.json").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: the providers' specs are not at {} (set CLOUDPICK_SPECS to their folder)",
            dir.display()
        );
        None
    }
}

/// A list of problems found, for one assertion that shows them all.
#[derive(Debug, Default)]
pub struct Findings(std::cell::RefCell<Vec<String>>);

impl Findings {
    pub fn push(&self, path: &str, problem: impl std::fmt::Display) {
        self.0.borrow_mut().push(format!("{path}: {problem}"));
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    pub fn assert_none(&self, what: &str) {
        let found = self.0.borrow();
        assert!(
            found.is_empty(),
            "{what} does not match the spec:\n  {}",
            found.join("\n  ")
        );
    }
}
