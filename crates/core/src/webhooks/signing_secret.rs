//! The webhook signing secret: made on first use, kept in the keyring (one
//! per profile, by its data folder), shown in Settings, and rotated there.

use crate::connect::keyring::SERVICE;
use crate::error::{Error, ErrorKind, Result};
use rand::RngCore;
use std::path::Path;

static FIRST_USE: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub struct SigningSecret {
    entry: keyring::Entry,
}

impl SigningSecret {
    pub fn for_profile(data_dir: &Path) -> Result<Self> {
        let entry = keyring::Entry::new(SERVICE, &format!("webhooks:{}", data_dir.display()))
            .map_err(refused)?;
        Ok(SigningSecret { entry })
    }

    /// The secret, made now if there is none yet. One at a time: Settings
    /// and the worker asking at once must not make two.
    pub fn get_or_create(&self) -> Result<String> {
        let _one = FIRST_USE.lock().unwrap_or_else(|e| e.into_inner());
        match self.entry.get_password() {
            Ok(secret) => Ok(secret),
            Err(keyring::Error::NoEntry) => self.rotate(),
            Err(e) => Err(refused(e)),
        }
    }

    /// A new secret replaces the old one: receivers need the new one.
    pub fn rotate(&self) -> Result<String> {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.entry.set_password(&secret).map_err(refused)?;
        Ok(secret)
    }
}

fn refused(error: keyring::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!(
            "The keyring keeps the webhook signing secret and could not be used ({error}). \
             Start or unlock the keyring (GNOME Keyring or KWallet), then try again"
        ),
    )
}
