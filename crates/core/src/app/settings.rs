//! Settings as the window shows them, and where picks are stored.

use super::Cloudpick;
use crate::error::{poisoned, Error, ErrorKind, Result};
use crate::pick::Storage;
use crate::settings::{Settings, SettingsView};

impl Cloudpick {
    pub fn settings_view(&self) -> SettingsView {
        self.view_of(&self.settings())
    }

    /// The desktop notification for a finished batch, unless Settings turned
    /// them off.
    pub fn notice(&self, batch: &crate::events::Batch) -> Option<crate::notices::Notice> {
        self.settings()
            .notifies()
            .then(|| crate::notices::Notice::of(batch, &self.paths.home_dir))
    }

    /// Saves what Settings shows. While the command line sets the
    /// restrictions, the file keeps its own.
    pub fn update_settings(&self, view: &SettingsView) -> Result<SettingsView> {
        let current = self.settings();
        let mut settings = current.from_view(view, &self.paths)?;
        if self.run_rules().is_some() {
            settings.restrictions = current.restrictions;
        }
        settings.save(&self.paths)?;
        let shown = self.view_of(&settings);
        *self.settings.write().map_err(|_| poisoned())? = settings;
        Ok(shown)
    }

    fn view_of(&self, settings: &Settings) -> SettingsView {
        let mut view = settings.view(&self.paths);
        if let Some(rules) = self.run_rules() {
            view.restrictions = rules;
            view.restrictions_from_command_line = true;
        }
        view
    }

    /// The folder picked files are stored in, created if missing.
    pub fn storage_folder(&self) -> Result<std::path::PathBuf> {
        let folder = self.settings().storage_folder(&self.paths);
        std::fs::create_dir_all(&folder)
            .map_err(|e| Error::from_io(e, "create", &folder.display().to_string()))?;
        Ok(folder)
    }

    /// Opens where a pick stores its files: `store_to`, else the Settings'
    /// location, else the local storage folder.
    pub async fn storage_for(&self, store_to: Option<&crate::storage::StoreTo>) -> Result<Storage> {
        let settings = self.settings();
        match store_to.or(settings.store_to.as_ref()) {
            Some(to) if !to.is_local() => {
                Storage::on_drive(&to.location, self.drive(&to.location)?, &to.path).await
            }
            Some(to) if !to.path.trim_matches('/').is_empty() => {
                Storage::local(std::path::Path::new(&to.path))
            }
            _ => Storage::local(&settings.storage_folder(&self.paths)),
        }
    }

    /// A stored file by its `container` (a local folder that picks store in)
    /// and `key` (its path there), for Open: only a file inside the current
    /// storage folder or a folder the history shows picks stored in,
    /// whatever the key says.
    pub fn stored_file(&self, container: &str, key: &str) -> Result<std::path::PathBuf> {
        let current = self.storage_folder()?;
        let known = std::path::Path::new(container) == current
            || self.history.stored_locally_in(container)?;
        let gone = || {
            Error::new(
                ErrorKind::NotFound,
                format!("{key} is no longer in {container}"),
            )
        };
        if !known {
            return Err(gone());
        }
        let folder = std::path::Path::new(container);
        let root = folder.canonicalize().map_err(|_| gone())?;
        let path = root.join(key).canonicalize().map_err(|_| gone())?;
        if path.starts_with(&root) && path.is_file() {
            Ok(path)
        } else {
            Err(gone())
        }
    }
}
