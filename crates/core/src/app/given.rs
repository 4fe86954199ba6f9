//! The window's files of this computer: tokens for the paths the shell was
//! given (`crate::given`), and a save that names them by token.

use super::export::ExportRequest;
use super::export_plan::PATH_SOURCE;
use super::Cloudpick;
use crate::error::{Error, ErrorKind, Result};
use crate::given::GivenPath;
use crate::item::ItemId;
use std::path::Path;

impl Cloudpick {
    /// Tokens for `paths`, which the shell had from the user.
    pub fn give_paths(&self, paths: &[impl AsRef<Path>]) -> Vec<GivenPath> {
        self.given.give(paths)
    }

    /// A save the window asked for, its files of this computer named by
    /// their tokens: each becomes its path, and anything else is refused.
    pub fn export_from_window(&self, mut request: ExportRequest) -> Result<ExportRequest> {
        for item in request.items.iter_mut().filter(|i| i.source == PATH_SOURCE) {
            let path = self.given.path(item.id.as_str()).ok_or_else(|| {
                Error::new(
                    ErrorKind::PermissionDenied,
                    "Only files dropped on the window or given to `cloudpick save` are saved from this computer",
                )
            })?;
            item.id = ItemId::new(path.display().to_string());
        }
        Ok(request)
    }
}
