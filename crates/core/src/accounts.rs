//! Connecting and disconnecting accounts from the app: the sign-in settings
//! (the user's apps, or the demo's), the browser flow, the keyring, and the
//! list of accounts in the settings file that is opened again at start-up.

use crate::api::{poisoned, Cloudpick};
use crate::connect::account::{self, AccountRecord, ProviderSetup};
use crate::connect::apps;
use crate::connect::flow::{Present, DEFAULT_TIMEOUT};
use crate::connect::keyring;
use crate::connect::open::ApiHosts;
use crate::error::{Error, Result};
use crate::item::Account;
use crate::sources::Source;
use tokio_util::sync::CancellationToken;

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
        let secret = if matches!(provider, "box" | "clouddrive") {
            keyring::app_secret(provider)?
        } else {
            None
        };
        let (oauth, registration) = apps::resolve(provider, &app, secret, &env)?;
        Ok(ProviderSetup {
            id: provider.to_owned(),
            oauth,
            app: registration,
            settings: app,
            hosts: ApiHosts::default(),
        })
    }

    /// Signs in to `provider` in the browser; `present` shows the sign-in URL.
    /// One sign-in waits at a time; `cancel_connect` stops it.
    pub async fn connect_account(
        &self,
        provider: &str,
        present: Present<'_>,
    ) -> Result<Vec<Source>> {
        let setup = self.setup(provider)?;
        let cancel = CancellationToken::new();
        {
            let mut waiting = self.connecting.lock().map_err(|_| poisoned())?;
            if let Some(previous) = waiting.replace(cancel.clone()) {
                previous.cancel();
            }
        }
        let signed_in =
            account::sign_in(&setup, &self.http, present, DEFAULT_TIMEOUT, &cancel).await;
        if let Ok(mut waiting) = self.connecting.lock() {
            *waiting = None;
        }
        let connected = signed_in?;
        self.connect(connected.drive, status(&connected.account));
        // The demo's accounts live on its emulator: they are not kept for the next run.
        if !self.is_demo() {
            self.update_accounts(|accounts| {
                accounts.retain(|a| a.provider != provider);
                accounts.push(connected.record);
            })?;
        }
        Ok(self.sources())
    }

    /// Stops a sign-in that waits for the browser.
    pub fn cancel_connect(&self) {
        if let Ok(waiting) = self.connecting.lock() {
            if let Some(token) = waiting.as_ref() {
                token.cancel();
            }
        }
    }

    /// Revokes where the provider can, forgets the tokens and the account.
    pub async fn disconnect_account(&self, provider: &str) -> Result<Vec<Source>> {
        let record = self
            .settings()
            .accounts
            .into_iter()
            .find(|a| a.provider == provider);
        if let Some(record) = record {
            let setup = self.setup(provider)?;
            account::sign_out(&setup, &record, &self.http).await?;
            self.update_accounts(|accounts| accounts.retain(|a| a.provider != provider))?;
        }
        self.forget(provider);
        Ok(self.sources())
    }

    /// Opens the accounts of the settings file again. Each one that cannot be
    /// opened is returned with the reason, and stays listed.
    pub async fn restore_accounts(&self) -> Vec<(String, Error)> {
        let mut problems = Vec::new();
        for record in self.settings().accounts {
            let opened = match self.setup(&record.provider) {
                Ok(setup) => account::restore(&setup, &record, &self.http),
                Err(e) => Err(e),
            };
            let drive = match opened {
                Ok(drive) => drive,
                Err(e) => {
                    problems.push((record.provider.clone(), e));
                    continue;
                }
            };
            match drive.account().await {
                Ok(account) => self.connect(drive, status(&account)),
                Err(e) => problems.push((record.provider.clone(), e)),
            }
        }
        problems
    }

    fn update_accounts(&self, change: impl FnOnce(&mut Vec<AccountRecord>)) -> Result<()> {
        let mut settings = self.settings.write().map_err(|_| poisoned())?;
        let mut next = settings.clone();
        change(&mut next.accounts);
        next.save(&self.paths)?;
        *settings = next;
        Ok(())
    }
}
