//! The facade: `Cloudpick`, the one API surface that the Tauri commands and
//! the command line call, as plain async functions and serde DTOs. Only this
//! folder writes `impl Cloudpick`, and nothing below it imports it. Errors
//! leave as `ApiError` (`error::to_api`).

pub mod accounts;
pub mod activity;
mod after_copy;
pub mod alfresco_accounts;
pub mod browse;
mod document_pages;
mod documents;
pub mod drag_out;
pub mod edit_stored;
pub mod export;
pub mod export_plan;
pub mod given;
pub mod open_for_app;
pub mod picking;
mod preview;
pub mod provider_apps;
mod resume;
pub mod save_for_app;
pub mod script;
mod settings;
pub mod thumbnails;
pub mod webhook_delivery;
pub mod webhooks;

pub use crate::error::to_api;

use crate::drive::{Drive, ListOptions};
use crate::drives::local::LocalDrive;
use crate::error::{poisoned, Error, ErrorKind, Result};
use crate::item::Account;
use crate::item::{DriveItem, ItemId};
use crate::settings::{AppPaths, Settings};
use crate::sources::{self, CloudAccount, Source};
use futures::TryStreamExt;
use serde::Serialize;
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

pub struct Cloudpick {
    pub(crate) paths: AppPaths,
    /// The cloud accounts the chooser lists: open, being opened, or failing.
    pub(crate) cloud: RwLock<Vec<CloudAccount>>,
    demo: bool,
    pub(crate) settings: RwLock<Settings>,
    /// Counts saves to a drive running now.
    pub(crate) exporting: std::sync::atomic::AtomicUsize,
    /// The window's saves running now, by the window's id for each: Cancel stops them.
    pub(crate) stoppable_saves: Mutex<std::collections::HashMap<String, CancellationToken>>,
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
    pub(crate) listings: crate::listings::Listings,
    /// Folders being opened, by the window's request number, for Cancel.
    pub(crate) opening: Mutex<std::collections::HashMap<u64, CancellationToken>>,
    /// Restrictions given on the command line: they replace the Settings'
    /// ones for this run, and are not saved.
    run_rules: RwLock<Option<crate::restrictions::Restrictions>>,
    /// Every pick, in the data folder's database.
    pub(crate) history: crate::history::History,
    /// Work done, for the shell and the webhooks to hear of.
    pub(crate) events: crate::events::Events,
    /// The webhook worker's clock and wake-up.
    pub(crate) webhooks: crate::webhooks::worker::Worker,
    /// Thumbnails that could not be made, by file version: not tried again.
    pub(crate) thumbnail_failures: crate::thumbnails::Failures,
    /// Quick Look's player's stream, while one plays.
    pub(crate) media_stream: std::sync::Mutex<Option<crate::media::Served>>,
    /// The cloud PDFs brought over last, for their pages.
    pub(crate) recent_pdfs: crate::documents::recent::RecentPdfs,
    /// Paths the user gave (drops, `cloudpick save`), by the window's tokens.
    pub(crate) given: crate::given::Given,
}

impl Cloudpick {
    /// Loads the settings; a broken settings file is an error the user must see.
    pub fn open(paths: AppPaths) -> Result<Self> {
        let settings = Settings::load(&paths)?;
        // Other users of the machine see nothing of the data and the cache.
        crate::settings::private_folder(&paths.data_dir)?;
        crate::settings::private_folder(&paths.cache_dir)?;
        let history = crate::history::History::open(&paths.database_file())?;
        Ok(Cloudpick {
            history,
            paths,
            cloud: RwLock::default(),
            demo: false,
            settings: RwLock::new(settings),
            running_pick: Mutex::new(None),
            exporting: std::sync::atomic::AtomicUsize::new(0),
            stoppable_saves: Mutex::default(),
            paused: Mutex::default(),
            setups: RwLock::default(),
            connecting: Mutex::new(None),
            http: crate::drives::remote::http_client()?,
            listings: crate::listings::Listings::default(),
            opening: Mutex::default(),
            run_rules: RwLock::new(None),
            events: crate::events::Events::default(),
            webhooks: crate::webhooks::worker::Worker::default(),
            thumbnail_failures: crate::thumbnails::Failures::default(),
            media_stream: std::sync::Mutex::default(),
            recent_pdfs: crate::documents::recent::RecentPdfs::default(),
            given: crate::given::Given::default(),
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
        for source in list
            .iter_mut()
            .filter(|s| s.provider == crate::drives::alfresco::KIND)
        {
            source.server.clone_from(&server);
        }
        list
    }

    /// The drive behind a source id. A bare kind (`dropbox`) means that
    /// drive's first open account.
    pub(crate) fn drive(&self, source: &str) -> Result<Arc<dyn Drive>> {
        if source == crate::drives::local::KIND {
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
                            format!(
                                "{} ({key}) is not connected",
                                crate::drives::registry::name_of(provider)
                            )
                        }
                        None => format!(
                            "{} is not connected",
                            crate::drives::registry::name_of(provider)
                        ),
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
}
