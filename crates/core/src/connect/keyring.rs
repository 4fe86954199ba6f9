//! Tokens in the OS keyring (the Secret Service on Linux): one entry per
//! account, so a provider can have several. Nothing falls back to a file:
//! with no keyring, saving fails and says why.

use crate::drives::remote::{Secret, TokenStore, Tokens};
use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use std::time::{Duration, UNIX_EPOCH};

/// The keyring's service name for every Cloudpick entry.
pub const SERVICE: &str = "Cloudpick";

/// One account's tokens: entry `{provider}:{account}`.
pub struct KeyringTokens {
    entry: keyring::Entry,
    drive: String,
    /// The lock file every process refreshing this account takes.
    lock: Option<std::path::PathBuf>,
    warn: Option<Warn>,
}

/// Hears what the user must be told about their sign-ins.
pub type Warn = std::sync::Arc<dyn Fn(&str) + Send + Sync>;

/// How an app keeps the sign-ins it refreshes: the folder of the lock files
/// that keep two processes (the app and `cloudpick ls`) from refreshing the
/// same account at once, and who warns the user when a save fails.
#[derive(Clone, Default)]
pub struct Keeping {
    pub locks: Option<std::path::PathBuf>,
    pub warn: Option<Warn>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    access: String,
    refresh: Option<String>,
    /// Unix seconds.
    expires_at: Option<u64>,
}

impl KeyringTokens {
    /// `drive` names the provider in messages ("Dropbox").
    pub fn open(provider: &str, account: &str, drive: &str) -> Result<Self> {
        let entry = keyring::Entry::new(SERVICE, &format!("{provider}:{account}"))
            .map_err(|e| keyring_error(e, drive))?;
        Ok(KeyringTokens {
            entry,
            drive: drive.to_owned(),
            lock: None,
            warn: None,
        })
    }

    /// The same, refreshed as `keeping` says: under a lock file named for
    /// the entry (its provider and a hash of the account, no name shown).
    pub fn kept(mut self, keeping: &Keeping, provider: &str, account: &str) -> Self {
        use sha2::Digest;
        self.lock = keeping.locks.as_ref().map(|dir| {
            let digest = sha2::Sha256::digest(format!("{provider}:{account}").as_bytes());
            let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            dir.join(format!("{provider}-{hex}.lock"))
        });
        self.warn = keeping.warn.clone();
        self
    }

    /// The saved tokens, or `None` if this account has none.
    pub fn load(&self) -> Result<Option<Tokens>> {
        let text = match self.entry.get_password() {
            Ok(text) => text,
            Err(keyring::Error::NoEntry) => return Ok(None),
            Err(e) => return Err(keyring_error(e, &self.drive)),
        };
        let stored: Stored = serde_json::from_str(&text).map_err(|_| {
            Error::new(
                ErrorKind::Io,
                format!(
                    "The keyring entry for {} cannot be read. Connect the account again",
                    self.drive
                ),
            )
        })?;
        Ok(Some(Tokens {
            access: Secret::new(stored.access),
            refresh: stored.refresh.map(Secret::new),
            expires_at: stored
                .expires_at
                .map(|s| UNIX_EPOCH + Duration::from_secs(s)),
        }))
    }

    /// Removes the entry; an entry already gone is fine.
    pub fn delete(&self) -> Result<()> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e, &self.drive)),
        }
    }
}

impl TokenStore for KeyringTokens {
    fn load(&self) -> Result<Option<Tokens>> {
        KeyringTokens::load(self)
    }

    fn lock(&self) -> Result<Option<Box<dyn Send>>> {
        let Some(path) = &self.lock else {
            return Ok(None);
        };
        let failed = |e: std::io::Error| {
            Error::new(
                ErrorKind::Io,
                format!(
                    "The {} sign-in could not be locked for a refresh: {e}",
                    self.drive
                ),
            )
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(failed)?;
        // Released when the file closes, even if the process dies.
        file.lock().map_err(failed)?;
        Ok(Some(Box::new(file)))
    }

    fn warn(&self, message: &str) {
        if let Some(warn) = &self.warn {
            warn(message);
        }
    }

    fn save(&self, tokens: &Tokens) -> Result<()> {
        let stored = Stored {
            access: tokens.access.expose().to_owned(),
            refresh: tokens.refresh.as_ref().map(|r| r.expose().to_owned()),
            expires_at: tokens
                .expires_at
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_secs()),
        };
        let text = serde_json::to_string(&stored)
            .map_err(|e| Error::new(ErrorKind::Io, format!("Could not encode tokens: {e}")))?;
        self.entry
            .set_password(&text)
            .map_err(|e| keyring_error(e, &self.drive))
    }
}

/// What the user can do about a keyring failure. The error's own text names
/// no secret: the keyring crate reports services and attributes only.
pub(crate) fn keyring_error(error: keyring::Error, drive: &str) -> Error {
    let message = match &error {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => format!(
            "No keyring is available, so Cloudpick cannot keep your {drive} sign-in. Cloudpick \
             keeps sign-ins only in the system keyring (the Secret Service: GNOME Keyring or \
             KWallet), never in a file. Start or unlock the keyring, then connect again. ({error})"
        ),
        _ => format!("The keyring refused the {drive} sign-in: {error}"),
    };
    Error::new(ErrorKind::Io, message).with_drive(drive)
}

/// The client secret of the user's app for `provider`, kept in the keyring
/// (entry `{provider}:app-secret`), if one was entered.
pub fn app_secret(provider: &str) -> Result<Option<Secret>> {
    let entry = keyring::Entry::new(SERVICE, &format!("{provider}:app-secret"))
        .map_err(|e| keyring_error(e, provider))?;
    match entry.get_password() {
        Ok(secret) => Ok(Some(Secret::new(secret))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(e, provider)),
    }
}

/// Keeps the client secret of the user's app for `provider` in the keyring.
pub fn save_app_secret(provider: &str, secret: &Secret) -> Result<()> {
    keyring::Entry::new(SERVICE, &format!("{provider}:app-secret"))
        .and_then(|entry| entry.set_password(secret.expose()))
        .map_err(|e| keyring_error(e, provider))
}
