//! A connected account from start to end: signing in (the flow, then the
//! account's name, then its keyring entry), opening it again at start-up
//! from that entry, and disconnecting it.

use super::apps::AppSettings;
use super::disconnect;
use super::flow::{self, AppRegistration, OAuthProvider, Present};
use super::keyring::{Keeping, KeyringTokens};
use crate::drive::Drive;
use crate::drives::registry::open_drive;
use crate::drives::remote::{OAuthApp, RefreshingTokens, StaticTokens, TokenStore, Tokens};
use crate::drives::row::ApiHosts;
use crate::error::{Error, ErrorKind, Result};
use crate::item::Account;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Everything needed to sign in to one provider and open its drive.
#[derive(Debug, Clone)]
pub struct ProviderSetup {
    /// The chooser's id: `dropbox`, `onedrive`, `box`, `alfresco`, `clouddrive`.
    pub id: String,
    pub oauth: OAuthProvider,
    pub app: AppRegistration,
    pub settings: AppSettings,
    pub hosts: ApiHosts,
}

/// A connected account as the settings file lists it: no secret, only
/// where its keyring entry is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountRecord {
    pub provider: String,
    /// The account's email, or its name: the keyring entry is `{provider}:{key}`.
    pub key: String,
    /// How the account signed in, when not through the provider's OAuth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in: Option<SignIn>,
    /// An object store's address and options (its secret is in the keyring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<crate::drives::objects::ObjectStore>,
    /// The server an Alfresco account signed in to: its sign-in is never
    /// sent to another one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
}

/// A sign-in other than OAuth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignIn {
    /// Alfresco's tickets API: the keyring keeps the ticket, not the password.
    Ticket,
    /// An object store's keys (S3, Azure Blob): the keyring keeps the secret.
    Keys,
}

pub struct Connected {
    pub drive: Arc<dyn Drive>,
    pub account: Account,
    pub record: AccountRecord,
}

/// How an account is told apart from the provider's others: its email, or its name.
pub fn account_key(account: &Account) -> String {
    account
        .email
        .clone()
        .unwrap_or_else(|| account.display_name.clone())
}

/// The flow in the browser, then the account behind the tokens, whose
/// tokens go to the keyring before the drive is handed out.
pub async fn sign_in(
    setup: &ProviderSetup,
    http: &reqwest::Client,
    present: Present<'_>,
    timeout: Duration,
    cancel: &CancellationToken,
    keeping: &Keeping,
) -> Result<Connected> {
    let token_http = flow::token_http_client()?;
    let tokens = flow::connect(
        &setup.oauth,
        &setup.app,
        &token_http,
        present,
        timeout,
        cancel,
    )
    .await?;
    let probe = open_drive(
        &setup.id,
        &setup.hosts,
        &setup.settings,
        Arc::new(StaticTokens(tokens.access.clone())),
        http,
    )?;
    let account = probe.account().await?;
    let key = account_key(&account);
    let entry =
        KeyringTokens::open(&setup.id, &key, &setup.oauth.name)?.kept(keeping, &setup.id, &key);
    entry.save(&tokens)?;
    let record = AccountRecord {
        provider: setup.id.clone(),
        key,
        sign_in: None,
        store: None,
        server: None,
    };
    let drive = with_refresh(setup, tokens, entry, http)?;
    Ok(Connected {
        drive,
        account,
        record,
    })
}

/// Opens a connected account again from its keyring entry.
pub fn restore(
    setup: &ProviderSetup,
    record: &AccountRecord,
    http: &reqwest::Client,
    keeping: &Keeping,
) -> Result<Arc<dyn Drive>> {
    let entry = KeyringTokens::open(&setup.id, &record.key, &setup.oauth.name)?.kept(
        keeping,
        &setup.id,
        &record.key,
    );
    let tokens = entry.load()?.ok_or_else(|| {
        Error::new(
            ErrorKind::Unauthorized,
            format!(
                "The {} sign-in for {} is no longer in the keyring. Connect again",
                setup.oauth.name, record.key
            ),
        )
    })?;
    with_refresh(setup, tokens, entry, http)
}

/// Disconnects: revokes where the provider can, then deletes the entry.
pub async fn sign_out(
    setup: &ProviderSetup,
    record: &AccountRecord,
    http: &reqwest::Client,
) -> Result<()> {
    let entry = KeyringTokens::open(&setup.id, &record.key, &setup.oauth.name)?;
    disconnect::disconnect(&setup.oauth, &setup.app, &entry, http).await
}

/// The drive with tokens that refresh themselves, saving rotations to `entry`.
fn with_refresh(
    setup: &ProviderSetup,
    tokens: Tokens,
    entry: KeyringTokens,
    http: &reqwest::Client,
) -> Result<Arc<dyn Drive>> {
    let app = OAuthApp {
        token_url: setup.oauth.token_url.clone(),
        client_id: setup.app.client_id.clone(),
        client_secret: setup.app.client_secret.clone(),
    };
    let source = RefreshingTokens::new(
        app,
        tokens,
        Arc::new(entry),
        http.clone(),
        &setup.oauth.name,
    );
    open_drive(
        &setup.id,
        &setup.hosts,
        &setup.settings,
        Arc::new(source),
        http,
    )
}
