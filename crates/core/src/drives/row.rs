//! What the registry knows of each drive (one `DriveRow` per drive, in
//! `registry.rs`): its names, what it can do, how its users sign in and
//! register their own app, and how to open it against given hosts.

use crate::connect::apps::AppSettings;
use crate::connect::flow::OAuthProvider;
use crate::connect::guide::{AppField, AppGuide};
use crate::drive::Drive;
use crate::drives::objects::{ObjectStore, StoreSecret};
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::error::Result;
use crate::item::Capabilities;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One drive of the registry.
pub struct DriveRow {
    /// The one spelling everywhere: sources, config.toml, the CLI, the UI.
    pub kind: &'static str,
    /// What people call it: "Dropbox".
    pub name: &'static str,
    /// Older spellings still accepted where users type a drive (the CLI's `amazon`).
    pub also_called: &'static [&'static str],
    pub capabilities: Capabilities,
    /// Why it can no longer be connected, when the service closed.
    pub closed: Option<&'static str>,
    /// How it signs in; `None` for This computer.
    pub sign_in: Option<&'static SignInRules>,
    /// Opens it for a signed-in account; `None` for This computer and the
    /// object stores.
    pub open: Option<Open>,
    /// How it connects with keys instead (S3, Azure Blob).
    pub keys: Option<&'static KeyRules>,
}

/// How an object store connects: keys typed into Settings, no browser.
pub struct KeyRules {
    pub open: fn(ObjectStore, StoreSecret, reqwest::Client) -> Result<Arc<dyn Drive>>,
    /// How to get the keys.
    pub guide: fn() -> AppGuide,
    /// The service's host when no endpoint is set, in account names.
    pub default_host: &'static str,
    /// The labels of the account's name and of its secret in Settings.
    pub identity: &'static str,
    pub secret: &'static str,
    /// Whether the secret may be a SAS token instead of a key.
    pub sas: bool,
    /// Its line in the demo's sidebar while it has no account.
    pub demo: &'static str,
}

/// Opens a drive at `hosts` (the real ones where absent) with `tokens`,
/// retrying as `retry` says.
pub type Open = fn(
    hosts: &ApiHosts,
    app: &AppSettings,
    tokens: Arc<dyn TokenSource>,
    http: reqwest::Client,
    retry: RetryPolicy,
) -> Result<Arc<dyn Drive>>;

/// How a cloud drive signs in, and the app its users register.
pub struct SignInRules {
    /// The fields its app takes, in the order Settings shows them.
    pub fields: &'static [AppField],
    /// Its OAuth endpoints and scopes for an app's settings; `Err` names
    /// the setting that is missing ("server URL").
    pub oauth: fn(&AppSettings) -> std::result::Result<OAuthProvider, &'static str>,
    /// How to register the app; `port` is the redirect port the app uses.
    pub guide: fn(port: u16) -> AppGuide,
    /// The redirect port when the app sets none, for a provider that
    /// matches the registered one exactly (Dropbox).
    pub fixed_port: Option<u16>,
    /// Whether a user name and password also sign in (Alfresco's tickets).
    pub password: bool,
}

impl SignInRules {
    /// Whether its app needs a client secret (no PKCE).
    pub fn needs_secret(&self) -> bool {
        self.fields.contains(&AppField::ClientSecret)
    }
}

/// Base URLs by the emulator's names (`api`, `content`, `upload`,
/// `discovery`, `server`); an absent one means the real host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiHosts(pub BTreeMap<String, String>);

impl ApiHosts {
    /// The base URL named `key`, or `real`.
    pub fn get(&self, key: &str, real: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| real.to_owned())
    }
}
