//! Connecting and disconnecting accounts from the app: the sign-in settings
//! (the user's apps, or the demo's), the browser flow, the keyring, and the
//! list of accounts in the settings file that is opened again at start-up.

use crate::app::Cloudpick;
use crate::connect::account::{self, AccountRecord, ProviderSetup, SignIn};
use crate::connect::apps;
use crate::connect::flow::{Present, DEFAULT_TIMEOUT};
use crate::connect::keyring;
use crate::connect::keys::{self, Keys};
use crate::connect::ticket;
use crate::drives::row::ApiHosts;
use crate::error::poisoned;
use crate::error::{Error, ErrorKind, Result};
use crate::item::Account;
use crate::settings::Settings;
use crate::sources::{self, CloudAccount, Source};
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// The chooser's sources after a connect or a disconnect, and the one to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "SourcesUpdate.ts")]
pub struct SourcesUpdate {
    pub sources: Vec<Source>,
    /// The source id to open: the new account, or what took the old one's place.
    pub current: String,
}

/// The chooser's line for a connected account.
fn status(account: &Account) -> String {
    match &account.email {
        Some(email) if *email != account.display_name => {
            format!("{} · {email}", account.display_name)
        }
        _ => account.display_name.clone(),
    }
}

impl Cloudpick {
    /// Uses `setup` to sign in to its provider instead of the user's app (the demo).
    pub fn use_setup(&self, setup: ProviderSetup) {
        if let Ok(mut setups) = self.setups.write() {
            setups.insert(setup.id.clone(), setup);
        }
    }

    /// How to sign in to `provider`: the demo's setup, or the user's app from
    /// the settings file and the environment, with its secret from the keyring.
    fn setup(&self, provider: &str) -> Result<ProviderSetup> {
        if let Some(setup) = self
            .setups
            .read()
            .ok()
            .and_then(|s| s.get(provider).cloned())
        {
            return Ok(setup);
        }
        let settings = self.settings();
        let env = apps::process_env;
        let app = apps::effective(provider, settings.apps.get(provider), &env)?;
        let needs_secret = crate::drives::registry::row(provider)
            .and_then(|r| r.sign_in)
            .is_some_and(|r| r.needs_secret());
        let secret = if needs_secret {
            keyring::app_secret(provider)?
        } else {
            None
        };
        let (oauth, registration) =
            crate::connect::registration::resolve(provider, &app, secret, &env)?;
        Ok(ProviderSetup {
            id: provider.to_owned(),
            oauth,
            app: registration,
            settings: app,
            hosts: ApiHosts::default(),
        })
    }

    /// Signs in to `provider` in the browser; `present` shows the sign-in URL.
    /// One sign-in waits at a time; `cancel_connect` stops it. Signing in to
    /// another account of the same provider adds it beside the first.
    pub async fn connect_account(
        &self,
        provider: &str,
        present: Present<'_>,
    ) -> Result<SourcesUpdate> {
        let setup = self.setup(provider)?;
        let cancel = CancellationToken::new();
        {
            let mut waiting = self.connecting.lock().map_err(|_| poisoned())?;
            if let Some(previous) = waiting.replace(cancel.clone()) {
                previous.cancel();
            }
        }
        let signed_in = account::sign_in(
            &setup,
            &self.http,
            present,
            DEFAULT_TIMEOUT,
            &cancel,
            &self.keeping(),
        )
        .await;
        if let Ok(mut waiting) = self.connecting.lock() {
            *waiting = None;
        }
        self.keep_connected(signed_in?)
    }

    /// Lists a signed-in account and keeps it for the next run.
    pub(crate) fn keep_connected(&self, connected: account::Connected) -> Result<SourcesUpdate> {
        let line = status(&connected.account);
        let current = self.connect(connected.drive, connected.account, line);
        // The demo's accounts live on its emulator: they are not kept for the next run.
        if !self.is_demo() {
            let mut record = connected.record;
            if record.provider == crate::drives::alfresco::KIND {
                record.server = self.alfresco_server();
            }
            self.update_accounts(|accounts| {
                accounts.retain(|a| a.provider != record.provider || a.key != record.key);
                accounts.push(record);
            })?;
        }
        Ok(SourcesUpdate {
            sources: self.sources(),
            current,
        })
    }

    /// Connects an object store (`s3`, `azblob`) with keys from Settings:
    /// they are tried before anything is kept.
    pub async fn connect_store(&self, kind: &str, keys: Keys) -> Result<SourcesUpdate> {
        let connected = keys::sign_in(kind, keys, &self.http).await?;
        self.keep_connected(connected)
    }

    /// Stops a sign-in that waits for the browser.
    pub fn cancel_connect(&self) {
        if let Ok(waiting) = self.connecting.lock() {
            if let Some(token) = waiting.as_ref() {
                token.cancel();
            }
        }
    }

    /// Disconnects the account `source` (a source id; a bare kind means its
    /// first account): revokes where the provider can, forgets the tokens
    /// and the account.
    pub async fn disconnect_account(&self, source: &str) -> Result<SourcesUpdate> {
        let (provider, key) = sources::parse_id(source);
        let key = match key {
            Some(key) => Some(key.to_owned()),
            None => self.cloud.read().ok().and_then(|c| {
                c.iter()
                    .find(|a| a.provider == provider)
                    .map(|a| a.key.clone())
            }),
        };
        let Some(key) = key else {
            return Ok(self.update(provider));
        };
        let kept = self
            .settings()
            .accounts
            .into_iter()
            .find(|a| a.provider == provider && a.key == key);
        if let Some(record) = &kept {
            if record.sign_in == Some(SignIn::Ticket) {
                ticket::sign_out(&self.required_alfresco_server()?, record, &self.http).await?;
            } else if record.sign_in == Some(SignIn::Keys) {
                keys::sign_out(record)?;
            } else {
                let setup = self.setup(provider)?;
                account::sign_out(&setup, record, &self.http).await?;
            }
            self.update_accounts(|accounts| accounts.retain(|a| a != record))?;
        }
        let record = AccountRecord {
            provider: provider.to_owned(),
            key,
            sign_in: None,
            store: None,
            server: None,
        };
        self.forget(&sources::account_id(provider, &record.key));
        Ok(self.update(provider))
    }

    /// The sources, showing `provider`'s first remaining account (or the drive).
    fn update(&self, provider: &str) -> SourcesUpdate {
        let sources = self.sources();
        let current = sources
            .iter()
            .find(|s| s.provider == provider)
            .map_or_else(|| provider.to_owned(), |s| s.id.clone());
        SourcesUpdate { sources, current }
    }

    /// Lists the accounts of the settings file as being reconnected, so the
    /// chooser shows them at once; `restore_accounts` then opens them.
    pub fn list_kept_accounts(&self) {
        for record in self.settings().accounts {
            self.put(CloudAccount {
                provider: record.provider,
                key: record.key,
                drive: None,
                account: None,
                status: "Reconnecting…".to_owned(),
                problem: None,
            });
        }
    }

    /// Opens the accounts of the settings file again (the shell lists them
    /// first with `list_kept_accounts`). Each one that cannot be opened stays
    /// listed with the reason, and is returned with it.
    pub async fn restore_accounts(&self) -> Vec<(String, Error)> {
        let mut problems = Vec::new();
        for record in self.settings().accounts {
            match self.reopen(&record).await {
                Ok(()) => {}
                Err(e) => {
                    self.put(CloudAccount {
                        provider: record.provider.clone(),
                        key: record.key.clone(),
                        drive: None,
                        account: None,
                        status: "Needs a new sign-in".to_owned(),
                        problem: Some(e.message().to_owned()),
                    });
                    problems.push((sources::account_id(&record.provider, &record.key), e));
                }
            }
        }
        problems
    }

    async fn reopen(&self, record: &AccountRecord) -> Result<()> {
        if record.provider == crate::drives::alfresco::KIND {
            self.same_alfresco_server(record)?;
        }
        let drive = if record.sign_in == Some(SignIn::Ticket) {
            ticket::restore(&self.required_alfresco_server()?, record, &self.http)?
        } else if record.sign_in == Some(SignIn::Keys) {
            keys::restore(record, &self.http)?
        } else {
            account::restore(
                &self.setup(&record.provider)?,
                record,
                &self.http,
                &self.keeping(),
            )?
        };
        let account = drive.account().await?;
        if record.provider == crate::drives::alfresco::KIND && record.server.is_none() {
            self.pin_alfresco_server(record)?;
        }
        let line = status(&account);
        self.put(CloudAccount {
            provider: record.provider.clone(),
            key: record.key.clone(),
            drive: Some(drive),
            account: Some(account),
            status: line,
            problem: None,
        });
        Ok(())
    }

    fn update_accounts(&self, change: impl FnOnce(&mut Vec<AccountRecord>)) -> Result<()> {
        self.update_settings_with(|settings| change(&mut settings.accounts))
    }

    /// Changes the settings, saves them, and only then uses them.
    pub(crate) fn update_settings_with(&self, change: impl FnOnce(&mut Settings)) -> Result<()> {
        let mut settings = self.settings.write().map_err(|_| poisoned())?;
        let mut next = settings.clone();
        change(&mut next);
        next.save(&self.paths)?;
        *settings = next;
        Ok(())
    }
}

impl Cloudpick {
    /// How this app keeps the sign-ins it refreshes: lock files in the data
    /// folder (shared with `cloudpick` in a terminal), and a warning for the
    /// user when the keyring will not take fresh tokens.
    pub(crate) fn keeping(&self) -> crate::connect::keyring::Keeping {
        let events = self.events.clone();
        crate::connect::keyring::Keeping {
            locks: Some(self.paths.data_dir.join("locks")),
            warn: Some(std::sync::Arc::new(move |message: &str| {
                events.send(crate::events::Event::SignInNotSaved(message.to_owned()));
            })),
        }
    }
}

impl Cloudpick {
    /// An Alfresco account kept before accounts remembered their server:
    /// the server it has just opened at becomes its own, so that a later
    /// change of server asks for a new sign-in too.
    fn pin_alfresco_server(&self, record: &AccountRecord) -> Result<()> {
        let Some(server) = self.alfresco_server().filter(|_| !self.is_demo()) else {
            return Ok(());
        };
        self.update_accounts(|accounts| {
            for kept in accounts.iter_mut() {
                if kept.provider == record.provider && kept.key == record.key {
                    kept.server = Some(server.clone());
                }
            }
        })
    }

    /// An Alfresco account's sign-in goes only to the server it was made
    /// on: after the server in Settings changes, the user signs in again.
    fn same_alfresco_server(&self, record: &AccountRecord) -> Result<()> {
        let now = self.alfresco_server();
        match &record.server {
            Some(then) if now.as_deref() != Some(then.as_str()) => Err(Error::new(
                ErrorKind::Unauthorized,
                format!(
                    "Alfresco's server is now {}, not {then}, where this account signed in. Sign in again: \
                     Cloudpick does not send a sign-in to another server",
                    now.as_deref().unwrap_or("not set")
                ),
            )
            .with_drive("Alfresco")),
            _ => Ok(()),
        }
    }
}
