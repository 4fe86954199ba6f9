//! An object-store account: where it is and who it is (kept in the settings
//! file) and its secret (kept only in the keyring, entry `{kind}:{account}`).

use crate::connect::keyring::{keyring_error as refused, SERVICE};
use crate::drives::remote::Secret;
use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// S3 caps a presigned link at seven days (SigV4's limit).
pub const MAX_LINK_DAYS: u32 = 7;

/// What the settings file keeps of an S3 or Azure Blob account: no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
#[ts(export, export_to = "ObjectStore.ts")]
pub struct ObjectStore {
    /// The service's address: empty for AWS itself (S3) or
    /// `https://{account}.blob.core.windows.net` (Azure); a URL for
    /// S3-compatible services, MinIO, moto or Azurite.
    pub endpoint: String,
    /// S3's region (`us-east-1` when empty).
    pub region: String,
    /// S3: bucket names go in the path (`endpoint/bucket/key`), as most
    /// S3-compatible services want, rather than in the host name.
    pub path_style: bool,
    /// The access key ID (S3) or the storage account's name (Azure). Not a
    /// secret: it names the account.
    pub identity: String,
    /// Links are the objects' own URLs, for buckets the public can read
    /// (Filestack's `access: 'public'`), instead of presigned ones.
    pub public: bool,
    /// How long a presigned link works, in days (1 to 7).
    pub link_days: u32,
    /// The buckets (containers) to show, for keys that may not list them;
    /// empty: every one the keys can list.
    pub buckets: Vec<String>,
}

impl Default for ObjectStore {
    fn default() -> Self {
        ObjectStore {
            endpoint: String::new(),
            region: String::new(),
            path_style: false,
            identity: String::new(),
            public: false,
            link_days: MAX_LINK_DAYS,
            buckets: Vec::new(),
        }
    }
}

impl ObjectStore {
    /// The account's key in the settings file and the keyring:
    /// `identity@host` (`AKIA…@s3.amazonaws.com`, `devstoreaccount1@127.0.0.1:10000`).
    pub fn account_key(&self, default_host: &str) -> String {
        let host = url::Url::parse(&self.endpoint)
            .ok()
            .and_then(|u| {
                u.host_str()
                    .map(|h| u.port().map_or(h.to_owned(), |p| format!("{h}:{p}")))
            })
            .unwrap_or_else(|| default_host.to_owned());
        format!("{}@{host}", self.identity)
    }

    /// How long links work.
    pub fn link_life(&self) -> std::time::Duration {
        let days = self.link_days.clamp(1, MAX_LINK_DAYS);
        std::time::Duration::from_secs(u64::from(days) * 24 * 3600)
    }

    /// Checks what the form sent before anything is tried with it.
    pub fn checked(mut self, drive: &str) -> Result<Self> {
        self.endpoint = self.endpoint.trim().trim_end_matches('/').to_owned();
        self.region = self.region.trim().to_owned();
        self.identity = self.identity.trim().to_owned();
        self.buckets = self
            .buckets
            .iter()
            .map(|b| b.trim().trim_matches('/').to_owned())
            .filter(|b| !b.is_empty())
            .collect();
        if self.identity.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("Enter the {drive} account's name or access key ID"),
            ));
        }
        if !self.endpoint.is_empty() {
            let url = url::Url::parse(&self.endpoint).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "{:?} is not an address: write it like https://s3.example.com",
                        self.endpoint
                    ),
                )
            })?;
            if !matches!(url.scheme(), "https" | "http") {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    "The address must start with https:// (or http:// on this computer)",
                ));
            }
            let loopback = url.host_str().is_some_and(|h| {
                h == "localhost"
                    || h.parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            });
            if url.scheme() == "http" && !loopback {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    "Keys are sent only over https://, except to this computer",
                ));
            }
        }
        if !(1..=MAX_LINK_DAYS).contains(&self.link_days) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("Links can work for 1 to {MAX_LINK_DAYS} days"),
            ));
        }
        Ok(self)
    }
}

/// The account's secret: an S3 secret access key, an Azure account key, or
/// an Azure SAS token.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoreSecret {
    secret: String,
    /// The secret is a SAS token (Azure), not an account key.
    #[serde(default)]
    pub sas: bool,
}

impl StoreSecret {
    pub fn new(secret: Secret, sas: bool) -> Self {
        StoreSecret {
            secret: secret.expose().trim().trim_start_matches('?').to_owned(),
            sas,
        }
    }

    pub fn expose(&self) -> &str {
        &self.secret
    }

    fn entry(kind: &str, name: &str, account: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(SERVICE, &format!("{kind}:{account}")).map_err(|e| refused(e, name))
    }

    /// Keeps the secret for `kind`'s (`name`'s) `account`.
    pub fn save(&self, kind: &str, name: &str, account: &str) -> Result<()> {
        let text = serde_json::to_string(self)
            .map_err(|e| Error::new(ErrorKind::Io, format!("Could not encode the keys: {e}")))?;
        Self::entry(kind, name, account)?
            .set_password(&text)
            .map_err(|e| refused(e, name))
    }

    pub fn load(kind: &str, name: &str, account: &str) -> Result<StoreSecret> {
        let text = match Self::entry(kind, name, account)?.get_password() {
            Ok(text) => text,
            Err(keyring::Error::NoEntry) => {
                return Err(Error::new(
                    ErrorKind::Unauthorized,
                    format!(
                        "The {name} keys for {account} are no longer in the keyring. Connect again"
                    ),
                ))
            }
            Err(e) => return Err(refused(e, name)),
        };
        serde_json::from_str(&text).map_err(|_| {
            Error::new(
                ErrorKind::Io,
                format!("The keyring entry for {name} cannot be read. Connect the account again"),
            )
        })
    }

    pub fn delete(kind: &str, name: &str, account: &str) -> Result<()> {
        match Self::entry(kind, name, account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(refused(e, name)),
        }
    }
}

impl std::fmt::Debug for StoreSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreSecret(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_accounts_by_identity_and_host_and_checks_the_form() {
        let store = ObjectStore {
            endpoint: "http://127.0.0.1:9000/".into(),
            identity: " key ".into(),
            ..ObjectStore::default()
        }
        .checked("S3")
        .unwrap();
        assert_eq!(store.account_key("s3.amazonaws.com"), "key@127.0.0.1:9000");
        let aws = ObjectStore {
            identity: "AKIA".into(),
            ..ObjectStore::default()
        };
        assert_eq!(aws.account_key("s3.amazonaws.com"), "AKIA@s3.amazonaws.com");
        let plain = ObjectStore {
            endpoint: "http://s3.example.com".into(),
            identity: "k".into(),
            ..ObjectStore::default()
        };
        assert!(
            plain.checked("S3").is_err(),
            "keys never go over plain http"
        );
        let long = ObjectStore {
            identity: "k".into(),
            link_days: 30,
            ..ObjectStore::default()
        };
        assert!(long.checked("S3").is_err());
    }
}
