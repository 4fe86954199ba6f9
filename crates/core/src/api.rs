//! The one API surface: plain async functions and serde DTOs that the Tauri
//! commands (and later the command line) call. Errors leave as `ApiError`.

use crate::drive::{Drive, ListOptions};
use crate::error::{ApiError, Error, ErrorKind, Result};
use crate::item::Account;
use crate::item::{DriveItem, ItemId};
use crate::local::LocalDrive;
use crate::pick::{self, PickResult, ProgressSink, Storage};
use crate::settings::{AppPaths, Settings, SettingsView};
use crate::sources::{self, CloudAccount, Source};
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex, RwLock};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// A folder's contents and the way back up to the root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Listing.ts")]
pub struct Listing {
    pub folder: DriveItem,
    /// From the root down to `folder`, both included.
    pub breadcrumbs: Vec<DriveItem>,
    pub items: Vec<DriveItem>,
}

/// What the user chose to pick: files from any of the connected drives.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "PickRequest.ts")]
pub struct PickRequest {
    pub items: Vec<PickItem>,
    /// Where to store them; the Settings' location when absent.
    #[serde(default)]
    #[ts(optional)]
    pub store_to: Option<crate::storage::StoreTo>,
    /// No copy: each file's link is its own drive's share link.
    #[serde(default)]
    #[ts(optional)]
    pub link_only: Option<bool>,
    /// A file whose content is in the storage folder already is not copied again.
    #[serde(default)]
    #[ts(optional)]
    pub reuse_duplicates: Option<bool>,
}

/// One chosen file, the source it is on, and the edit made of it in the
/// picker's editor (an image's conversion), if any.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "PickItem.ts")]
pub struct PickItem {
    pub source: String,
    pub id: ItemId,
    #[serde(default)]
    #[ts(optional)]
    pub transform: Option<crate::transform::Transform>,
}

impl PickRequest {
    /// Files from one source.
    pub fn from(source: &str, ids: impl IntoIterator<Item = ItemId>) -> Self {
        PickRequest {
            items: ids
                .into_iter()
                .map(|id| PickItem {
                    source: source.to_owned(),
                    id,
                    transform: None,
                })
                .collect(),
            store_to: None,
            link_only: None,
            reuse_duplicates: None,
        }
    }

    fn options(&self) -> pick::PickOptions {
        pick::PickOptions {
            link_only: self.link_only.unwrap_or(false),
            reuse_duplicates: self.reuse_duplicates.unwrap_or(false),
        }
    }
}

pub struct Cloudpick {
    pub(crate) paths: AppPaths,
    /// The cloud accounts the chooser lists: open, being opened, or failing.
    pub(crate) cloud: RwLock<Vec<CloudAccount>>,
    demo: bool,
    pub(crate) settings: RwLock<Settings>,
    /// Counts saves to a drive running now.
    pub(crate) exporting: std::sync::atomic::AtomicUsize,
    /// The running pick: its token, and one per file.
    pub(crate) running_pick: Mutex<Option<(CancellationToken, Vec<CancellationToken>)>>,
    /// The files of the running pick that the user paused, by position.
    paused: Mutex<std::collections::BTreeSet<usize>>,
    /// Sign-in settings that replace the user's (the demo's emulator).
    pub(crate) setups:
        RwLock<std::collections::BTreeMap<String, crate::connect::account::ProviderSetup>>,
    /// The sign-in waiting in the browser, if any.
    pub(crate) connecting: Mutex<Option<CancellationToken>>,
    pub(crate) http: reqwest::Client,
    /// Folder listings the picker is still scrolling through.
    pub(crate) listings: crate::browse::Listings,
    /// Restrictions given on the command line: they replace the Settings'
    /// ones for this run, and are not saved.
    run_rules: RwLock<Option<crate::restrictions::Restrictions>>,
    /// Every pick, in the data folder's database.
    pub(crate) history: crate::history::History,
    /// Work done, for the shell and the webhooks to hear of.
    pub(crate) events: crate::events::Events,
    /// The webhook worker's clock and wake-up.
    pub(crate) webhooks: crate::webhooks::worker::Worker,
}

impl Cloudpick {
    /// Loads the settings; a broken settings file is an error the user must see.
    pub fn open(paths: AppPaths) -> Result<Self> {
        let settings = Settings::load(&paths)?;
        let history = crate::history::History::open(&paths.database_file())?;
        Ok(Cloudpick {
            history,
            paths,
            cloud: RwLock::default(),
            demo: false,
            settings: RwLock::new(settings),
            running_pick: Mutex::new(None),
            exporting: std::sync::atomic::AtomicUsize::new(0),
            paused: Mutex::default(),
            setups: RwLock::default(),
            connecting: Mutex::new(None),
            http: crate::remote::http_client()?,
            listings: crate::browse::Listings::default(),
            run_rules: RwLock::new(None),
            events: crate::events::Events::default(),
            webhooks: crate::webhooks::worker::Worker::default(),
        })
    }

    /// The engine's events: conversions stored, for now.
    pub fn events(&self) -> tokio::sync::broadcast::Receiver<crate::events::Event> {
        self.events.subscribe()
    }

    pub(crate) fn settings(&self) -> Settings {
        self.settings.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Marks the app as running on the drive emulator (`--demo`).
    pub fn into_demo(mut self) -> Self {
        self.demo = true;
        self
    }

    /// Restricts what this run picks (the command line's `--accept`, ...),
    /// whatever Settings says.
    pub fn with_restrictions(mut self, rules: crate::restrictions::Restrictions) -> Self {
        self.run_rules = RwLock::new(Some(rules));
        self
    }

    /// Restrictions for a script's pick while it runs (`None` gives the
    /// Settings' back); returns the ones in force before.
    pub fn set_run_rules(
        &self,
        rules: Option<crate::restrictions::Restrictions>,
    ) -> Option<crate::restrictions::Restrictions> {
        match self.run_rules.write() {
            Ok(mut slot) => std::mem::replace(&mut *slot, rules),
            Err(_) => None,
        }
    }

    fn run_rules(&self) -> Option<crate::restrictions::Restrictions> {
        self.run_rules.read().ok().and_then(|r| r.clone())
    }

    /// The restrictions in force: the command line's, or the Settings'.
    pub(crate) fn rules(&self) -> crate::restrictions::Restrictions {
        self.run_rules()
            .unwrap_or_else(|| self.settings().restrictions)
    }

    /// The data folder: state such as the window's place is kept there.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.paths.data_dir
    }

    pub(crate) fn is_demo(&self) -> bool {
        self.demo
    }

    /// Removes an account (a source id) from the chooser.
    pub(crate) fn forget(&self, id: &str) {
        if let Ok(mut cloud) = self.cloud.write() {
            cloud.retain(|a| a.id() != id);
        }
    }

    /// Adds or replaces a chooser entry for an account, keeping its place.
    pub(crate) fn put(&self, entry: CloudAccount) {
        if let Ok(mut cloud) = self.cloud.write() {
            match cloud.iter_mut().find(|a| a.id() == entry.id()) {
                Some(slot) => *slot = entry,
                None => cloud.push(entry),
            }
        }
    }

    /// Adds a connected cloud drive signed in as `account`; `status` is the
    /// line shown under its name. Returns its source id.
    pub fn connect(
        &self,
        drive: Arc<dyn Drive>,
        account: Account,
        status: impl Into<String>,
    ) -> String {
        let entry = CloudAccount {
            provider: drive.kind().to_owned(),
            key: crate::connect::account::account_key(&account),
            drive: Some(drive),
            account: Some(account),
            status: status.into(),
            problem: None,
        };
        let id = entry.id();
        self.put(entry);
        id
    }

    pub fn sources(&self) -> Vec<Source> {
        let cloud = self.cloud.read().map(|c| c.clone()).unwrap_or_default();
        let mut list = sources::all(&cloud, self.demo);
        let server = self.alfresco_server();
        for source in list.iter_mut().filter(|s| s.provider == "alfresco") {
            source.server.clone_from(&server);
        }
        list
    }

    /// The drive behind a source id. A bare kind (`dropbox`) means that
    /// drive's first open account.
    pub(crate) fn drive(&self, source: &str) -> Result<Arc<dyn Drive>> {
        if source == crate::local::KIND {
            let root = self.settings().local_root(&self.paths);
            return Ok(Arc::new(LocalDrive::new(&root)?));
        }
        let (provider, key) = sources::parse_id(source);
        let cloud = self.cloud.read().map_err(|_| poisoned())?;
        cloud
            .iter()
            .filter(|a| a.provider == provider && key.is_none_or(|k| a.key == k))
            .find_map(|a| a.drive.clone())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Unsupported,
                    match key {
                        Some(key) => {
                            format!("{} ({key}) is not connected", sources::drive_name(provider))
                        }
                        None => format!("{} is not connected", sources::drive_name(provider)),
                    },
                )
            })
    }

    /// Lists a folder (the root when `folder` is `None`).
    pub async fn list(&self, source: &str, folder: Option<ItemId>) -> Result<Listing> {
        let drive = self.drive(source)?;
        let folder_id = folder.unwrap_or_else(|| drive.root());
        let options = ListOptions {
            include_hidden: self.settings().show_hidden,
            ..ListOptions::default()
        };
        let pages: Vec<_> = drive.list(&folder_id, options).try_collect().await?;
        let breadcrumbs = drive.ancestry(&folder_id).await?;
        let folder = breadcrumbs
            .last()
            .cloned()
            .ok_or_else(|| Error::new(ErrorKind::NotFound, "That folder no longer exists"))?;
        Ok(Listing {
            folder,
            breadcrumbs,
            items: pages.into_iter().flat_map(|p| p.items).collect(),
        })
    }

    /// Copies the chosen files to the storage location. One pick runs at a time.
    pub async fn pick(&self, request: PickRequest, sink: ProgressSink) -> Result<PickResult> {
        if request.items.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Select at least one file to upload",
            ));
        }
        let rules = self.rules();
        if let Some(reason) = rules.refuses_count(request.items.len()) {
            return Err(Error::new(ErrorKind::InvalidInput, reason));
        }
        let options = request.options();
        let storage = self.storage_for(request.store_to.as_ref()).await?;
        let edited: Vec<bool> = request
            .items
            .iter()
            .map(|i| i.transform.is_some())
            .collect();
        let mut files = Vec::with_capacity(request.items.len());
        let mut sources = Vec::with_capacity(request.items.len());
        for item in request.items {
            files.push((self.drive(&item.source)?, item.id.clone(), item.transform));
            sources.push((item.source, item.id));
        }
        let cancel = CancellationToken::new();
        let each: Vec<CancellationToken> = files.iter().map(|_| cancel.child_token()).collect();
        {
            let mut running = self.running_pick.lock().map_err(|_| poisoned())?;
            if running.is_some() {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    "An upload is already running. Wait for it to finish or cancel it",
                ));
            }
            *running = Some((cancel.clone(), each.clone()));
        }
        let ended = || {
            if let Ok(mut running) = self.running_pick.lock() {
                *running = None;
            }
        };
        let record = match self.history.start_pick(&storage, &sources) {
            Ok(record) => record,
            Err(err) => {
                ended();
                return Err(err);
            }
        };
        let files = files
            .into_iter()
            .zip(each)
            .map(|((drive, id, transform), cancel)| pick::Pick {
                drive,
                id,
                cancel,
                transform,
            })
            .collect();
        if let Ok(mut paused) = self.paused.lock() {
            paused.clear();
        }
        let log = crate::history::PickLog::new(&self.history, record, &self.paused);
        let outcomes = pick::pick_each(files, &storage, sink, &rules, options, Some(&log)).await;
        ended();
        let each: Vec<_> = outcomes.iter().map(|o| o.result.clone()).collect();
        self.events.converted(&edited, &each);
        let place = storage.place();
        let batch =
            crate::events::Batch::of(crate::events::BatchKind::Upload, place, &outcomes, &edited);
        self.events.finished(batch);
        let result = PickResult::from_outcomes(outcomes.iter().cloned());
        let outgoing = self.pick_events(&outcomes, &edited, storage.location());
        let finished = self
            .history
            .finish_pick(record, &outcomes, &result, &outgoing);
        self.wake_webhooks();
        if let Err(err) = finished {
            // The files are stored; only their record is missing. Say so.
            eprintln!("cloudpick: {}", err.message());
        }
        Ok(result)
    }

    /// Stops one file of the running pick (by its place in the request).
    pub fn cancel_pick_file(&self, index: usize) {
        if let Ok(running) = self.running_pick.lock() {
            if let Some(token) = running.as_ref().and_then(|(_, each)| each.get(index)) {
                token.cancel();
            }
        }
    }

    /// Pauses one file of the running pick: its upload stops, journaled, and
    /// Activity's Resume goes on from where the server stands. A file that
    /// is not a resumable upload stops as if cancelled.
    pub fn pause_pick_file(&self, index: usize) {
        if let Ok(mut paused) = self.paused.lock() {
            paused.insert(index);
        }
        self.cancel_pick_file(index);
    }

    /// Stops the running pick; files already stored stay.
    pub fn cancel_pick(&self) {
        if let Ok(running) = self.running_pick.lock() {
            if let Some((token, _)) = running.as_ref() {
                token.cancel();
            }
        }
    }

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

pub(crate) fn poisoned() -> Error {
    Error::new(ErrorKind::Io, "Cloudpick hit an internal error; restart it")
}

/// Runs an API call and hands the UI `{code, message}` on failure.
pub fn to_api<T>(result: Result<T>) -> std::result::Result<T, ApiError> {
    result.map_err(ApiError::from)
}
