//! The user's own OAuth app per provider, from `[apps.<provider>]` in the
//! settings file, overridden by environment variables
//! (`CLOUDPICK_<PROVIDER>_CLIENT_ID`, `_TENANT`, `_REDIRECT_PORT`,
//! `_SERVER_URL`, `_CLIENT_SECRET`). A client secret never goes in the file:
//! it comes from the keyring or the environment.

use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};

/// One provider's registration, as the settings file holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppSettings {
    pub client_id: Option<String>,
    /// Microsoft: `common`, `consumers`, `organizations` or a tenant id.
    pub tenant: Option<String>,
    /// Dropbox: the port of the registered redirect URI.
    pub redirect_port: Option<u16>,
    /// Alfresco: the server (and its Identity Service).
    pub server_url: Option<String>,
}

/// The environment variable that sets `field` of `provider`'s app.
pub fn env_name(provider: &str, field: super::guide::AppField) -> String {
    use super::guide::AppField::*;
    let key = match field {
        ClientId => "CLIENT_ID",
        ClientSecret => "CLIENT_SECRET",
        Tenant => "TENANT",
        RedirectPort => "REDIRECT_PORT",
        ServerUrl => "SERVER_URL",
    };
    format!("CLOUDPICK_{}_{key}", provider.to_uppercase())
}

/// Reads an environment variable; a function, so tests can pass their own.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process's environment.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The settings file's values with the environment's on top.
pub fn effective(provider: &str, file: Option<&AppSettings>, env: Env<'_>) -> Result<AppSettings> {
    let var = |key: &str| env(&format!("CLOUDPICK_{}_{key}", provider.to_uppercase()));
    let file = file.cloned().unwrap_or_default();
    let redirect_port = match var("REDIRECT_PORT") {
        Some(port) => Some(port.parse::<u16>().map_err(|_| {
            Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "CLOUDPICK_{}_REDIRECT_PORT must be a port number, not {port:?}",
                    provider.to_uppercase()
                ),
            )
        })?),
        None => file.redirect_port,
    };
    Ok(AppSettings {
        client_id: var("CLIENT_ID").or(file.client_id),
        tenant: var("TENANT").or(file.tenant),
        redirect_port,
        server_url: var("SERVER_URL").or(file.server_url),
    })
}
