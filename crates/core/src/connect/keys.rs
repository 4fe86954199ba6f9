//! Connecting an object store (S3, Azure Blob) with keys typed into
//! Settings: the keys are tried (the buckets are listed) before anything is
//! kept; the secret goes to the keyring and the rest to the settings file.

use super::account::{AccountRecord, Connected, SignIn};
use crate::drive::Drive;
use crate::drives::objects::{ObjectStore, StoreSecret};
use crate::drives::registry;
use crate::drives::remote::Secret;
use crate::error::{Error, ErrorKind, Result};
use std::sync::Arc;

/// The keys the user typed for `kind`'s account.
pub struct Keys {
    pub store: ObjectStore,
    pub secret: Secret,
    /// The secret is an Azure SAS token, not an account key.
    pub sas: bool,
}

/// Tries the keys, then keeps the secret in the keyring.
pub async fn sign_in(kind: &str, keys: Keys, http: &reqwest::Client) -> Result<Connected> {
    let (row, rules) = rules(kind)?;
    let store = keys.store.checked(row.name)?;
    if keys.secret.expose().trim().is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("Enter the {}", rules.secret.to_lowercase()),
        ));
    }
    if keys.sas && !rules.sas {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{} takes a secret key, not a SAS token", row.name),
        ));
    }
    let secret = StoreSecret::new(keys.secret, keys.sas);
    let drive = (rules.open)(store.clone(), secret.clone(), http.clone())?;
    let account = drive.account().await?;
    let key = store.account_key(rules.default_host);
    secret.save(kind, row.name, &key)?;
    Ok(Connected {
        drive,
        account,
        record: AccountRecord {
            provider: kind.to_owned(),
            key,
            sign_in: Some(SignIn::Keys),
            store: Some(store),
            server: None,
        },
    })
}

/// Opens the account again with the secret in the keyring.
pub fn restore(record: &AccountRecord, http: &reqwest::Client) -> Result<Arc<dyn Drive>> {
    let (row, rules) = rules(&record.provider)?;
    let store = record.store.clone().unwrap_or_default();
    let secret = StoreSecret::load(&record.provider, row.name, &record.key)?;
    (rules.open)(store, secret, http.clone())
}

/// Forgets the secret. The keys themselves stay valid: the service has no
/// sign-out, so the how-to says to delete them there when done.
pub fn sign_out(record: &AccountRecord) -> Result<()> {
    let (row, _) = rules(&record.provider)?;
    StoreSecret::delete(&record.provider, row.name, &record.key)
}

fn rules(
    kind: &str,
) -> Result<(
    &'static crate::drives::row::DriveRow,
    &'static crate::drives::row::KeyRules,
)> {
    registry::row(kind)
        .and_then(|row| row.keys.map(|rules| (row, rules)))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("{kind} is not an object store"),
            )
        })
}
