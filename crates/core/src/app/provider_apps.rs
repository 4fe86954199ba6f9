//! Settings' "Cloud drive apps": the user's own OAuth app per provider, as
//! shown (with the how-to) and as saved: ids and ports to the settings file,
//! the client secret to the keyring.

use crate::app::Cloudpick;
use crate::connect::apps::{self, AppSettings};
use crate::connect::guide::{AppField, AppGuide};
use crate::connect::keyring;
use crate::drives::registry::{self, name_of as drive_name};
use crate::drives::remote::Secret;
use crate::drives::row::SignInRules;
use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One provider's app as Settings shows it. The values are the settings
/// file's; `overriddenBy` names the environment variables that win over them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "ProviderApp.ts")]
pub struct ProviderApp {
    pub provider: String,
    pub name: String,
    pub fields: Vec<AppField>,
    pub client_id: String,
    pub tenant: String,
    pub redirect_port: Option<u16>,
    pub server_url: String,
    /// A client secret is kept in the keyring (it is never shown).
    pub secret_saved: bool,
    pub overridden_by: Vec<String>,
    pub guide: AppGuide,
    /// The demo signs in with the emulator's app instead; these are for real drives.
    pub demo: bool,
    /// A user name and password also sign in (Alfresco), so the app is only
    /// for the Identity Service and the server is what matters.
    pub password_sign_in: bool,
}

/// What the user entered for one provider's app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, export_to = "ProviderAppInput.ts")]
pub struct ProviderAppInput {
    pub client_id: String,
    pub tenant: String,
    pub redirect_port: Option<u16>,
    pub server_url: String,
    /// A new client secret; empty keeps the one in the keyring.
    pub client_secret: String,
}

impl Cloudpick {
    /// Every provider's app, in the chooser's order.
    pub fn provider_apps(&self) -> Vec<ProviderApp> {
        let settings = self.settings();
        let demo = self.setups.read().map(|s| s.clone()).unwrap_or_default();
        registry::clouds()
            .map(|row| ProviderApp {
                demo: demo.contains_key(row.kind),
                ..view(row.kind, settings.apps.get(row.kind), &apps::process_env)
            })
            .collect()
    }

    /// Checks and saves one provider's app: the secret to the keyring first,
    /// so a keyring failure changes nothing; then the rest to the file.
    pub fn save_provider_app(
        &self,
        provider: &str,
        input: &ProviderAppInput,
    ) -> Result<Vec<ProviderApp>> {
        let rules = rules(provider)?;
        let app = checked(provider, input)?;
        let secret = input.client_secret.trim();
        if !secret.is_empty() {
            if !rules.needs_secret() {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!("{} signs in without a client secret", drive_name(provider)),
                ));
            }
            keyring::save_app_secret(provider, &Secret::new(secret.to_owned()))?;
        }
        self.update_settings_with(|settings| {
            if app == AppSettings::default() {
                settings.apps.remove(provider);
            } else {
                settings.apps.insert(provider.to_owned(), app);
            }
        })?;
        Ok(self.provider_apps())
    }
}

/// How `provider` signs in, if it is a cloud drive.
fn rules(provider: &str) -> Result<&'static SignInRules> {
    registry::row(provider)
        .and_then(|r| r.sign_in)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("{provider} is not a cloud drive Cloudpick knows"),
            )
        })
}

fn view(provider: &str, file: Option<&AppSettings>, env: apps::Env<'_>) -> ProviderApp {
    let file = file.cloned().unwrap_or_default();
    let rules = rules(provider).ok();
    let fields = rules.map(|r| r.fields.to_vec()).unwrap_or_default();
    let mut overridden_by: Vec<String> = fields
        .iter()
        .map(|f| apps::env_name(provider, *f))
        .filter(|name| env(name).is_some())
        .collect();
    overridden_by.sort();
    let secret_saved = fields.contains(&AppField::ClientSecret)
        && keyring::app_secret(provider).is_ok_and(|s| s.is_some());
    let port = file
        .redirect_port
        .or(rules.and_then(|r| r.fixed_port))
        .unwrap_or(0);
    ProviderApp {
        provider: provider.to_owned(),
        name: drive_name(provider).to_owned(),
        fields,
        client_id: file.client_id.unwrap_or_default(),
        tenant: file.tenant.unwrap_or_default(),
        redirect_port: file.redirect_port,
        server_url: file.server_url.unwrap_or_default(),
        secret_saved,
        overridden_by,
        guide: rules.map(|r| (r.guide)(port)).unwrap_or_default(),
        demo: false,
        password_sign_in: rules.is_some_and(|r| r.password),
    }
}

/// The input as the settings file keeps it, or what is wrong with it.
fn checked(provider: &str, input: &ProviderAppInput) -> Result<AppSettings> {
    let invalid = |message: String| Err(Error::new(ErrorKind::InvalidInput, message));
    let fields = rules(provider)?.fields;
    let text = |value: &str, field: AppField| {
        let value = value.trim();
        (fields.contains(&field) && !value.is_empty()).then(|| value.to_owned())
    };
    let client_id = text(&input.client_id, AppField::ClientId);
    if let Some(id) = &client_id {
        if id.chars().any(|c| c.is_whitespace() || c.is_control()) || id.len() > 200 {
            return invalid(format!(
                "That {} client id cannot be right: a client id is one word, with no spaces",
                drive_name(provider)
            ));
        }
    }
    let tenant = text(&input.tenant, AppField::Tenant);
    if let Some(tenant) = &tenant {
        if !tenant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        {
            return invalid(
                "A tenant is common, consumers, organizations, a tenant id or a domain name"
                    .to_owned(),
            );
        }
    }
    let redirect_port = input
        .redirect_port
        .filter(|_| fields.contains(&AppField::RedirectPort));
    if let Some(port) = redirect_port {
        if port < 1024 {
            return invalid(format!(
                "Port {port} needs administrator rights on this computer: register a redirect URI \
                 with a port from 1024 to 65535"
            ));
        }
    }
    let server_url = match text(&input.server_url, AppField::ServerUrl) {
        None => None,
        Some(raw) => Some(server_url(&raw)?),
    };
    Ok(AppSettings {
        client_id,
        tenant,
        redirect_port,
        server_url,
    })
}

/// An Alfresco server's address: http(s), a host, nothing after the path.
pub(crate) fn server_url(raw: &str) -> Result<String> {
    let bad = || {
        Error::new(
            ErrorKind::InvalidInput,
            format!("{raw:?} is not a server address: enter one like https://alfresco.example.com"),
        )
    };
    let url = url::Url::parse(raw).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host_str().is_none()
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
    {
        return Err(bad());
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(client_id: &str) -> ProviderAppInput {
        ProviderAppInput {
            client_id: client_id.into(),
            ..ProviderAppInput::default()
        }
    }

    #[test]
    fn keeps_only_the_fields_a_provider_takes_trimmed() {
        let got = checked(
            "dropbox",
            &ProviderAppInput {
                client_id: "  abc123 ".into(),
                tenant: "ignored".into(),
                redirect_port: Some(8123),
                server_url: "https://ignored.example".into(),
                client_secret: String::new(),
            },
        )
        .unwrap();
        assert_eq!(
            got,
            AppSettings {
                client_id: Some("abc123".into()),
                tenant: None,
                redirect_port: Some(8123),
                server_url: None,
            }
        );
    }

    #[test]
    fn refuses_what_cannot_work_and_says_why() {
        let err = checked("box", &input("two words")).unwrap_err();
        assert!(err.message().contains("no spaces"), "{}", err.message());
        let low = ProviderAppInput {
            redirect_port: Some(80),
            ..input("key")
        };
        assert!(checked("dropbox", &low)
            .unwrap_err()
            .message()
            .contains("administrator rights"));
        let tenant = ProviderAppInput {
            tenant: "common/../x".into(),
            ..input("id")
        };
        assert!(checked("onedrive", &tenant).is_err());
        for bad in [
            "alfresco.example.com",
            "ftp://a.example",
            "https://a.example/?q=1",
            "https://me@a.example",
        ] {
            let server = ProviderAppInput {
                server_url: bad.into(),
                ..ProviderAppInput::default()
            };
            let err = checked("alfresco", &server).unwrap_err();
            assert!(err.message().contains("is not a server address"), "{bad}");
        }
        let good = ProviderAppInput {
            server_url: "https://alfresco.example.com/".into(),
            ..ProviderAppInput::default()
        };
        assert_eq!(
            checked("alfresco", &good).unwrap().server_url.as_deref(),
            Some("https://alfresco.example.com")
        );
    }

    #[test]
    fn names_the_environment_variables_that_win() {
        let env = |name: &str| (name == "CLOUDPICK_ONEDRIVE_TENANT").then(|| "x".to_owned());
        let shown = view("onedrive", None, &env);
        assert_eq!(shown.overridden_by, ["CLOUDPICK_ONEDRIVE_TENANT"]);
        assert_eq!(shown.fields, [AppField::ClientId, AppField::Tenant]);
        assert!(shown.guide.scopes.contains(&"Files.ReadWrite".to_owned()));
        let dropbox = view(
            "dropbox",
            Some(&AppSettings {
                redirect_port: Some(8123),
                ..AppSettings::default()
            }),
            &|_: &str| None,
        );
        assert_eq!(dropbox.guide.redirect_uri, "http://127.0.0.1:8123/callback");
    }
}
