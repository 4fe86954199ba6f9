//! Alfresco's other sign-in: a server, a user name and a password, through
//! the tickets API. The password is used once and dropped; the keyring keeps
//! the ticket. Disconnect ends the ticket at the server.

use super::account::{account_key, AccountRecord, Connected, SignIn};
use super::keyring::KeyringTokens;
use crate::drive::Drive;
use crate::drives::alfresco::{self, Alfresco, Auth, Client, Server};
use crate::drives::remote::{RetryPolicy, Secret, TokenStore, Tokens};
use crate::error::{Error, ErrorKind, Result};
use std::sync::Arc;

const PROVIDER: &str = alfresco::KIND;

/// Alfresco on `server`, signed in with `ticket`.
pub fn drive(server: &str, ticket: Secret, http: &reqwest::Client) -> Arc<dyn Drive> {
    Arc::new(Alfresco::new(Client::new(
        http.clone(),
        Server(server.to_owned()),
        Auth::Ticket(ticket),
        RetryPolicy::default(),
    )))
}

/// Signs in at `server`; the ticket goes to the keyring before the drive is handed out.
pub async fn sign_in(
    server: &str,
    user: &str,
    password: Secret,
    http: &reqwest::Client,
) -> Result<Connected> {
    if user.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "Enter your Alfresco user name",
        ));
    }
    let ticket = alfresco::login(
        http,
        &Server(server.to_owned()),
        user.trim(),
        password.expose(),
    )
    .await?;
    drop(password);
    let opened = drive(server, ticket.clone(), http);
    let account = opened.account().await?;
    let key = account_key(&account);
    let entry = KeyringTokens::open(PROVIDER, &key, alfresco::client::NAME)?;
    entry.save(&Tokens {
        access: ticket,
        refresh: None,
        expires_at: None,
    })?;
    Ok(Connected {
        drive: opened,
        account,
        record: AccountRecord {
            provider: PROVIDER.to_owned(),
            key,
            sign_in: Some(SignIn::Ticket),
            store: None,
            server: None,
        },
    })
}

/// Opens the account again with the ticket in the keyring.
pub fn restore(
    server: &str,
    record: &AccountRecord,
    http: &reqwest::Client,
) -> Result<Arc<dyn Drive>> {
    let entry = KeyringTokens::open(PROVIDER, &record.key, alfresco::client::NAME)?;
    let tokens = entry.load()?.ok_or_else(|| {
        Error::new(
            ErrorKind::Unauthorized,
            format!(
                "The Alfresco sign-in for {} is no longer in the keyring. Sign in again",
                record.key
            ),
        )
    })?;
    Ok(drive(server, tokens.access, http))
}

/// Ends the ticket at the server, then deletes the keyring entry. A server
/// that cannot be reached keeps the entry, so nothing is left half-done.
pub async fn sign_out(server: &str, record: &AccountRecord, http: &reqwest::Client) -> Result<()> {
    let entry = KeyringTokens::open(PROVIDER, &record.key, alfresco::client::NAME)?;
    if let Some(tokens) = entry.load()? {
        alfresco::logout(http, &Server(server.to_owned()), &tokens.access).await?;
    }
    entry.delete()
}
