//! Paths of this computer that the user gave the app (files dropped on the
//! window, the files of `cloudpick save`), handed to the window as opaque
//! tokens. The window names such a file by its token only: a path it makes
//! up is refused, so even a compromised page cannot send `~/.ssh` anywhere.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use ts_rs::TS;

/// A path the user gave, and the token the window names it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "GivenPath.ts")]
pub struct GivenPath {
    pub token: String,
    /// For the window to show.
    pub path: String,
}

/// The paths given in this run, by token.
#[derive(Default)]
pub struct Given(Mutex<HashMap<String, PathBuf>>);

impl Given {
    /// A token for each of `paths`.
    pub fn give(&self, paths: &[impl AsRef<Path>]) -> Vec<GivenPath> {
        let Ok(mut given) = self.0.lock() else {
            return Vec::new();
        };
        paths
            .iter()
            .map(|path| {
                let token = format!("given:{:032x}", rand::random::<u128>());
                given.insert(token.clone(), path.as_ref().to_path_buf());
                GivenPath {
                    token,
                    path: path.as_ref().display().to_string(),
                }
            })
            .collect()
    }

    /// The path `token` stands for, if this run gave it.
    pub fn path(&self, token: &str) -> Option<PathBuf> {
        self.0.lock().ok()?.get(token).cloned()
    }
}
