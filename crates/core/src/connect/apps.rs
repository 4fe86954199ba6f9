//! The user's own OAuth app per provider, from `[apps.<provider>]` in the
//! settings file, overridden by environment variables
//! (`CLOUDPICK_<PROVIDER>_CLIENT_ID`, `_TENANT`, `_REDIRECT_PORT`,
//! `_SERVER_URL`, `_CLIENT_SECRET`). A client secret never goes in the file:
//! it comes from the keyring or the environment.

use super::flow::{AppRegistration, OAuthProvider};
use super::providers;
use crate::error::{Error, ErrorKind, Result};
use crate::remote::Secret;
use serde::{Deserialize, Serialize};

/// The providers that sign in with OAuth, by the chooser's ids.
pub const PROVIDERS: [&str; 5] = ["onedrive", "dropbox", "box", "alfresco", "clouddrive"];

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

/// Dropbox's redirect port when none is set: the one the how-to registers.
pub const DROPBOX_PORT: u16 = 53682;

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

/// How to sign in to `provider` with the user's app, and the registration
/// to sign in with. `secret` is the client secret from the keyring, if any;
/// the environment's wins.
pub fn resolve(
    provider: &str,
    settings: &AppSettings,
    secret: Option<Secret>,
    env: Env<'_>,
) -> Result<(OAuthProvider, AppRegistration)> {
    let missing = |what: &str| {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "To connect {}, enter your app's {what} in Settings",
                name(provider)
            ),
        )
    };
    let client_id = settings
        .client_id
        .clone()
        .ok_or_else(|| missing("client id"))?;
    let secret = env(&format!(
        "CLOUDPICK_{}_CLIENT_SECRET",
        provider.to_uppercase()
    ))
    .map(Secret::new)
    .or(secret);
    let oauth = match provider {
        "dropbox" => providers::dropbox(),
        "onedrive" => providers::onedrive(settings.tenant.as_deref().unwrap_or("common")),
        "box" => providers::boxcom(),
        "clouddrive" => providers::amazon(),
        "alfresco" => providers::alfresco_oidc(
            settings
                .server_url
                .as_deref()
                .ok_or_else(|| missing("server URL"))?,
        ),
        other => {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{other} does not sign in with OAuth"),
            ))
        }
    };
    if matches!(provider, "box" | "clouddrive") && secret.is_none() {
        return Err(missing("client secret"));
    }
    let port = match provider {
        // Dropbox matches the redirect URI exactly: the port must be the registered one.
        "dropbox" => Some(settings.redirect_port.unwrap_or(DROPBOX_PORT)),
        _ => settings.redirect_port,
    };
    Ok((
        oauth,
        AppRegistration {
            client_id,
            client_secret: secret,
            port,
        },
    ))
}

fn name(provider: &str) -> &str {
    crate::sources::CLOUD_DRIVES
        .iter()
        .find(|(id, _)| *id == provider)
        .map_or(provider, |(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let file = AppSettings {
            client_id: Some("from-file".into()),
            tenant: Some("consumers".into()),
            ..AppSettings::default()
        };
        let env = env_of(&[("CLOUDPICK_ONEDRIVE_CLIENT_ID", "from-env")]);
        let got = effective("onedrive", Some(&file), &env).unwrap();
        assert_eq!(got.client_id.as_deref(), Some("from-env"));
        assert_eq!(got.tenant.as_deref(), Some("consumers"));
        let (oauth, app) = resolve("onedrive", &got, None, &env).unwrap();
        assert_eq!(app.client_id, "from-env");
        assert!(oauth
            .authorize_url
            .contains("/consumers/oauth2/v2.0/authorize"));
        assert_eq!(app.port, None, "any loopback port");
    }

    #[test]
    fn dropbox_keeps_its_registered_port() {
        let file = AppSettings {
            client_id: Some("key".into()),
            ..AppSettings::default()
        };
        let none = env_of(&[]);
        assert_eq!(
            resolve("dropbox", &file, None, &none).unwrap().1.port,
            Some(53682)
        );
        let env = env_of(&[("CLOUDPICK_DROPBOX_REDIRECT_PORT", "8123")]);
        let set = effective("dropbox", Some(&file), &env).unwrap();
        assert_eq!(
            resolve("dropbox", &set, None, &env).unwrap().1.port,
            Some(8123)
        );
        let bad = env_of(&[("CLOUDPICK_DROPBOX_REDIRECT_PORT", "eighty")]);
        assert!(effective("dropbox", Some(&file), &bad)
            .unwrap_err()
            .message()
            .contains("must be a port number"));
    }

    #[test]
    fn says_what_is_missing() {
        let none = env_of(&[]);
        let err = resolve("box", &AppSettings::default(), None, &none).unwrap_err();
        assert_eq!(
            err.message(),
            "To connect Box, enter your app's client id in Settings"
        );
        let with_id = AppSettings {
            client_id: Some("id".into()),
            ..AppSettings::default()
        };
        let err = resolve("box", &with_id, None, &none).unwrap_err();
        assert!(err.message().contains("client secret"));
        let env = env_of(&[("CLOUDPICK_BOX_CLIENT_SECRET", "s3")]);
        let (_, app) = resolve("box", &with_id, None, &env).unwrap();
        assert_eq!(app.client_secret.unwrap().expose(), "s3");
        let err = resolve("alfresco", &with_id, None, &none).unwrap_err();
        assert!(err.message().contains("server URL"));
    }
}
