//! The providers' official specs, read at run time from a folder laid out as
//! `../shared/specs` is (`dropbox/*.stone`, `box/openapi.json`,
//! `msgraph/cleanMetadata-v1.0.xml`, `alfresco/*.yaml`), and checks of JSON
//! values against them. Strict mode checks requests with them; the fidelity
//! suite checks the emulator's responses with them.

pub mod csdl;
pub mod openapi;
pub mod schema;
pub mod stone;

use std::path::{Path, PathBuf};

/// The file whose presence says a folder holds the specs.
const MARKER: &str = "box/openapi.json";

/// Where the specs are: `$CLOUDPICK_SPECS`, else `../shared/specs` beside
/// the project (found from this crate's folder at compile time), when that
/// folder holds them.
pub fn dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CLOUDPICK_SPECS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs"));
    dir.join(MARKER).is_file().then_some(dir)
}

/// A spec file that cannot be read or parsed, named in the error.
pub(crate) fn unreadable(file: &Path, err: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("spec {}: {err}", file.display()))
}

pub(crate) fn read(file: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(file).map_err(|e| unreadable(file, e))
}

/// Alfresco's Swagger 2 file `file` (in `dir/alfresco`) as JSON.
pub fn swagger(dir: &Path, file: &str) -> std::io::Result<serde_json::Value> {
    let path = dir.join("alfresco").join(file);
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&read(&path)?).map_err(|e| unreadable(&path, e))?;
    serde_json::to_value(yaml).map_err(|e| unreadable(&path, e))
}

/// Box's OpenAPI file in `dir` as JSON.
pub fn box_openapi(dir: &Path) -> std::io::Result<serde_json::Value> {
    let path = dir.join(MARKER);
    serde_json::from_str(&read(&path)?).map_err(|e| unreadable(&path, e))
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

    /// The problems found, in the order found.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.borrow_mut())
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
