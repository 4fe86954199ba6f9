//! The sign-in for a user's own app: the drive's OAuth endpoints (from the
//! registry) and the registration (client id, secret, redirect port) that
//! Settings and the environment give.

use super::apps::{AppSettings, Env};
use super::flow::{AppRegistration, OAuthProvider};
use crate::drives::registry;
use crate::drives::remote::Secret;
use crate::error::{Error, ErrorKind, Result};

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
                registry::name_of(provider)
            ),
        )
    };
    let rules = registry::row(provider)
        .and_then(|r| r.sign_in)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("{provider} does not sign in with OAuth"),
            )
        })?;
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
    let oauth = (rules.oauth)(settings).map_err(missing)?;
    if rules.needs_secret() && secret.is_none() {
        return Err(missing("client secret"));
    }
    // A provider that matches the redirect URI exactly needs the registered port.
    let port = settings.redirect_port.or(rules.fixed_port);
    Ok((
        oauth,
        AppRegistration {
            client_id,
            client_secret: secret,
            port,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::apps::effective;

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
