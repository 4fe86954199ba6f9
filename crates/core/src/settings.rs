//! Settings: a TOML file in the user's config folder, written atomically.
//! Secrets never go here.

use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Where Cloudpick keeps its files, from the platform's conventions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    /// `~/.config/Cloudpick`: settings.
    pub config_dir: PathBuf,
    /// `~/.local/share/Cloudpick`: state and, by default, picked files.
    pub data_dir: PathBuf,
    /// The user's home folder: This computer's default root.
    pub home_dir: PathBuf,
    /// `~/.cache/cloudpick`: things that can be made again (the demo files).
    pub cache_dir: PathBuf,
}

impl AppPaths {
    /// The platform's folders for the current user.
    pub fn from_platform() -> Result<Self> {
        let base = directories::BaseDirs::new().ok_or_else(|| {
            Error::new(
                ErrorKind::Io,
                "Could not find your home folder (is $HOME set?)",
            )
        })?;
        Ok(AppPaths {
            config_dir: base.config_dir().join("Cloudpick"),
            data_dir: base.data_dir().join("Cloudpick"),
            home_dir: base.home_dir().to_path_buf(),
            cache_dir: base.cache_dir().join("cloudpick"),
        })
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn default_storage(&self) -> PathBuf {
        self.data_dir.join("picked")
    }

    /// The database of history and transfers.
    pub fn database_file(&self) -> PathBuf {
        self.data_dir.join("cloudpick.db")
    }
}

/// What the user set. `None` means the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub storage_folder: Option<PathBuf>,
    pub local_root: Option<PathBuf>,
    pub show_hidden: bool,
    /// The user's OAuth app per provider (`[apps.dropbox]`, ...): ids, ports,
    /// servers. Client secrets are not allowed here.
    pub apps: std::collections::BTreeMap<String, crate::connect::apps::AppSettings>,
    /// The connected accounts; their tokens are in the keyring.
    pub accounts: Vec<crate::connect::account::AccountRecord>,
    /// What the picker accepts (`[restrictions]`).
    pub restrictions: crate::restrictions::Restrictions,
    /// Picked files go to this drive and folder instead of the storage
    /// folder (`[store_to] location = "dropbox", path = "/Uploads"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_to: Option<crate::storage::StoreTo>,
    /// Desktop notifications when uploads, saves and conversions end
    /// (`notifications = false` turns them off; on by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notifications: Option<bool>,
    /// Where events are posted (`[[webhooks]] url = "...", events = ["all"]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<crate::webhooks::Webhook>,
}

/// The settings as the UI shows and edits them, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "SettingsView.ts")]
pub struct SettingsView {
    pub storage_folder: String,
    pub local_root: String,
    pub show_hidden: bool,
    pub restrictions: crate::restrictions::Restrictions,
    /// The restrictions came from the command line, for this run only:
    /// Settings shows them and cannot change them.
    #[serde(default)]
    pub restrictions_from_command_line: bool,
    /// A cloud drive and folder that picked files go to instead of the
    /// storage folder; none for the storage folder.
    #[serde(default)]
    pub store_to: Option<crate::storage::StoreTo>,
    /// Desktop notifications when uploads, saves and conversions end.
    #[serde(default = "on")]
    pub notifications: bool,
    /// Where events are posted, and which.
    #[serde(default)]
    pub webhooks: Vec<crate::webhooks::Webhook>,
}

fn on() -> bool {
    true
}

impl Settings {
    /// Reads the settings file. A missing file means defaults; a broken one is
    /// reported, never silently replaced.
    pub fn load(paths: &AppPaths) -> Result<Self> {
        let file = paths.settings_file();
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => return Err(Error::from_io(e, "read", &file.display().to_string())),
        };
        let mut settings: Settings = toml::from_str(&text).map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "The settings file {} is not valid ({}). Fix or delete it, then restart Cloudpick",
                    file.display(),
                    e.message()
                ),
            )
        })?;
        // An older spelling of a drive (`[apps.amazon]`) reads as its kind.
        let mut apps = std::collections::BTreeMap::new();
        for (name, app) in std::mem::take(&mut settings.apps) {
            match crate::drives::registry::named(&name).filter(|r| r.sign_in.is_some()) {
                Some(row) => apps.insert(row.kind.to_owned(), app),
                None => {
                    let known: Vec<&str> =
                        crate::drives::registry::clouds().map(|r| r.kind).collect();
                    return Err(Error::new(
                        ErrorKind::InvalidInput,
                        format!(
                            "The settings file {} names an unknown provider [apps.{name}]: use one of {}",
                            file.display(),
                            known.join(", ")
                        ),
                    ));
                }
            };
        }
        settings.apps = apps;
        if let Some(to) = settings.store_to.as_mut() {
            if let Some(row) = crate::drives::registry::named(&to.location) {
                to.location = row.kind.to_owned();
            }
        }
        Ok(settings)
    }

    /// Writes the settings file atomically.
    pub fn save(&self, paths: &AppPaths) -> Result<()> {
        let text = toml::to_string_pretty(self)
            .map_err(|e| Error::new(ErrorKind::Io, format!("Could not encode settings: {e}")))?;
        write_atomic(&paths.settings_file(), text.as_bytes())
    }

    /// Whether finished batches are notified on the desktop.
    pub fn notifies(&self) -> bool {
        self.notifications.unwrap_or(true)
    }

    pub fn storage_folder(&self, paths: &AppPaths) -> PathBuf {
        self.storage_folder
            .clone()
            .unwrap_or_else(|| paths.default_storage())
    }

    pub fn local_root(&self, paths: &AppPaths) -> PathBuf {
        self.local_root
            .clone()
            .unwrap_or_else(|| paths.home_dir.clone())
    }

    pub fn view(&self, paths: &AppPaths) -> SettingsView {
        SettingsView {
            storage_folder: self.storage_folder(paths).display().to_string(),
            local_root: self.local_root(paths).display().to_string(),
            show_hidden: self.show_hidden,
            restrictions: self.restrictions.clone(),
            restrictions_from_command_line: false,
            store_to: self.store_to.clone(),
            notifications: self.notifies(),
            webhooks: self.webhooks.clone(),
        }
    }

    /// Checks what the user entered and turns it into settings. Defaults are
    /// stored as `None`, so a later change of the default applies.
    /// Provider apps are not part of the view: they are kept from `self`.
    pub fn from_view(&self, view: &SettingsView, paths: &AppPaths) -> Result<Self> {
        let storage = absolute(&view.storage_folder, "The storage folder")?;
        let root = absolute(&view.local_root, "This computer's folder")?;
        if !root.is_dir() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("This computer's folder {} does not exist", root.display()),
            ));
        }
        if storage.exists() && !storage.is_dir() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "The storage folder {} is a file, not a folder",
                    storage.display()
                ),
            ));
        }
        Ok(Settings {
            storage_folder: (storage != paths.default_storage()).then_some(storage),
            local_root: (root != paths.home_dir).then_some(root),
            show_hidden: view.show_hidden,
            apps: self.apps.clone(),
            accounts: self.accounts.clone(),
            restrictions: view.restrictions.clone().checked()?,
            store_to: view.store_to.clone().filter(|to| !to.is_local()),
            notifications: (!view.notifications).then_some(false),
            webhooks: view
                .webhooks
                .iter()
                // A row added and left empty is no webhook.
                .filter(|hook| !hook.url.trim().is_empty())
                .cloned()
                .map(crate::webhooks::Webhook::checked)
                .collect::<Result<_>>()?,
        })
    }
}

fn absolute(text: &str, what: &str) -> Result<PathBuf> {
    let path = PathBuf::from(text.trim());
    if path.is_absolute() {
        Ok(path)
    } else {
        Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{what} must be a full path, such as /home/you/Pictures"),
        ))
    }
}

/// Writes `bytes` to `path` through a temp file, fsync and rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let shown = path.display().to_string();
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::from_io(e, "create", &dir.display().to_string()))?;
    let mut temp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::from_io(e, "write", &shown))?;
    temp.write_all(bytes)
        .map_err(|e| Error::from_io(e, "write", &shown))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| Error::from_io(e, "write", &shown))?;
    temp.persist(path)
        .map_err(|e| Error::from_io(e.error, "write", &shown))?;
    Ok(())
}

/// Makes `folder` (and its parents) if missing, and leaves it to its owner
/// alone (0700): the history, the outbox and staged downloads live there.
pub fn private_folder(folder: &Path) -> Result<()> {
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::from_io(e, "create", &folder.display().to_string()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::from_io(e, "protect", &folder.display().to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(dir: &Path) -> AppPaths {
        AppPaths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
            home_dir: dir.to_path_buf(),
            cache_dir: dir.join("cache"),
        }
    }

    #[test]
    fn missing_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        let s = Settings::load(&p).unwrap();
        assert_eq!(s.storage_folder(&p), dir.path().join("data/picked"));
        assert_eq!(s.local_root(&p), dir.path());
    }

    #[test]
    fn saved_settings_load_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        let s = Settings {
            storage_folder: Some(dir.path().join("elsewhere")),
            local_root: None,
            show_hidden: true,
            apps: [(
                "dropbox".to_owned(),
                crate::connect::apps::AppSettings {
                    client_id: Some("app-key".into()),
                    redirect_port: Some(8123),
                    ..Default::default()
                },
            )]
            .into(),
            accounts: vec![crate::connect::account::AccountRecord {
                provider: "box".into(),
                key: "ada@example.test".into(),
                sign_in: None,
                store: None,
                server: None,
            }],
            notifications: Some(false),
            webhooks: vec![crate::webhooks::Webhook {
                url: "https://example.test/hooks".into(),
                events: vec!["fp.upload".into()],
            }],
            restrictions: crate::restrictions::Restrictions {
                accept: vec!["image/*".into(), ".pdf".into()],
                max_files: Some(3),
                max_size: Some(20_000_000),
                ..Default::default()
            },
            store_to: Some(crate::storage::StoreTo {
                location: "dropbox".into(),
                path: "/Uploads".into(),
            }),
        };
        s.save(&p).unwrap();
        let text = std::fs::read_to_string(p.settings_file()).unwrap();
        assert!(
            text.contains("[restrictions]") && text.contains("max_files = 3"),
            "{text}"
        );
        assert!(
            text.contains("[store_to]") && text.contains(r#"location = "dropbox""#),
            "{text}"
        );
        assert_eq!(Settings::load(&p).unwrap(), s);
    }

    #[test]
    fn a_broken_file_is_reported_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        std::fs::create_dir_all(&p.config_dir).unwrap();
        std::fs::write(p.settings_file(), "storage_folder = [").unwrap();
        let err = Settings::load(&p).unwrap_err();
        assert!(err.message().contains("not valid"), "{}", err.message());
        assert_eq!(
            std::fs::read_to_string(p.settings_file()).unwrap(),
            "storage_folder = ["
        );
    }

    #[test]
    fn relative_or_missing_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        let mut view = Settings::default().view(&p);
        view.storage_folder = "relative/path".into();
        assert!(Settings::default()
            .from_view(&view, &p)
            .unwrap_err()
            .message()
            .contains("full path"));
        let mut view = Settings::default().view(&p);
        view.local_root = dir.path().join("nope").display().to_string();
        assert!(Settings::default()
            .from_view(&view, &p)
            .unwrap_err()
            .message()
            .contains("does not exist"));
    }

    #[test]
    fn webhooks_are_checked_and_an_empty_row_dropped() {
        use crate::webhooks::Webhook;
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        let hook = |url: &str, events: &[&str]| Webhook {
            url: url.into(),
            events: events.iter().map(|e| (*e).to_owned()).collect(),
        };
        let mut view = Settings::default().view(&p);
        view.webhooks = vec![
            hook(" https://hooks.example/in ", &["all"]),
            hook("  ", &["all"]),
            hook("http://127.0.0.1:9/x", &["fp.export"]),
        ];
        let saved = Settings::default().from_view(&view, &p).unwrap();
        assert_eq!(
            saved.webhooks,
            [
                hook("https://hooks.example/in", &["all"]),
                hook("http://127.0.0.1:9/x", &["fp.export"])
            ]
        );
        for (bad, says) in [
            (
                hook("ftp://hooks.example/in", &["all"]),
                "not an http or https",
            ),
            (hook("hooks.example", &["all"]), "not a web address"),
            (
                hook("https://hooks.example", &["fp.delete"]),
                "not an event",
            ),
            (hook("https://hooks.example", &[]), "Choose the events"),
        ] {
            view.webhooks = vec![bad];
            let err = Settings::default().from_view(&view, &p).unwrap_err();
            assert!(err.message().contains(says), "{}", err.message());
        }
    }

    #[test]
    fn a_secret_in_the_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        std::fs::create_dir_all(&p.config_dir).unwrap();
        std::fs::write(
            p.settings_file(),
            "[apps.box]\nclient_id = \"id\"\nclient_secret = \"s3cret\"\n",
        )
        .unwrap();
        let err = Settings::load(&p).unwrap_err();
        assert!(err.message().contains("client_secret"), "{}", err.message());
        assert!(
            !err.message().contains("s3cret"),
            "the secret is not repeated"
        );
        std::fs::write(p.settings_file(), "[apps.gdrive]\nclient_id = \"id\"\n").unwrap();
        let err = Settings::load(&p).unwrap_err();
        assert!(err.message().contains("unknown provider [apps.gdrive]"));
    }

    #[test]
    fn reads_older_spellings_of_a_drive_as_its_kind() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        std::fs::create_dir_all(&p.config_dir).unwrap();
        std::fs::write(
            p.settings_file(),
            "[apps.amazon]\nclient_id = \"amzn\"\n\n[store_to]\nlocation = \"amazon\"\npath = \"/Uploads\"\n",
        )
        .unwrap();
        let settings = Settings::load(&p).unwrap();
        assert_eq!(
            settings.apps["clouddrive"].client_id.as_deref(),
            Some("amzn")
        );
        assert!(!settings.apps.contains_key("amazon"));
        assert_eq!(settings.store_to.unwrap().location, "clouddrive");
    }
}
