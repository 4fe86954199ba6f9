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
    /// The window's folders stay as they are: they change only through
    /// the folder dialog (`choose_folder`). The settings are read, changed
    /// and written under the one lock that account changes take.
    pub fn update_settings(&self, view: &SettingsView) -> Result<SettingsView> {
        let mut slot = self.settings.write().map_err(|_| poisoned())?;
        let current = slot.clone();
        let now = current.view(&self.paths);
        if view.storage_folder.trim() != now.storage_folder
            || view.local_root.trim() != now.local_root
        {
            return Err(Error::new(
                ErrorKind::PermissionDenied,
                "Folders are changed with Choose…, in the folder dialog",
            ));
        }
        let mut settings = current.from_view(view, &self.paths)?;
        if self.run_rules().is_some() {
            settings.restrictions = current.restrictions;
        }
        settings.save(&self.paths)?;
        let shown = self.view_of(&settings);
        *slot = settings;
        Ok(shown)
    }

    /// Makes `chosen` (from the folder dialog) the folder for `purpose`,
    /// unless it is the whole disk, a system folder or a hidden one.
    pub fn choose_folder(
        &self,
        purpose: crate::folders::FolderPurpose,
        chosen: &std::path::Path,
    ) -> Result<SettingsView> {
        let default = self.paths.default_storage();
        let folder = match chosen.canonicalize() {
            // The default storage folder is inside `~/.local`: taking it back is fine.
            Ok(back) if back == default && purpose == crate::folders::FolderPurpose::Storage => {
                back
            }
            _ => crate::folders::checked(chosen, &self.paths.home_dir)?,
        };
        let paths = &self.paths;
        self.update_settings_with(|settings| match purpose {
            crate::folders::FolderPurpose::LocalRoot => {
                settings.local_root = (folder != paths.home_dir).then_some(folder);
            }
            crate::folders::FolderPurpose::Storage => {
                settings.storage_folder = (folder != paths.default_storage()).then_some(folder);
            }
        })?;
        Ok(self.view_of(&self.settings()))
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
    /// and `key` (its path there), for Open: only a file that a finished
    /// pick stored there, as the history shows, still inside that folder,
    /// and never a program.
    pub fn stored_file(&self, container: &str, key: &str) -> Result<std::path::PathBuf> {
        let known = self.history.stored_locally_as(container, key)?;
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
        if !(path.starts_with(&root) && path.is_file()) {
            return Err(gone());
        }
        match crate::opening::program(&path) {
            Some(why) => Err(Error::new(
                ErrorKind::PermissionDenied,
                format!("{key} is {why}: Cloudpick does not run programs. Use Open folder instead"),
            )),
            None => Ok(path),
        }
    }
}
