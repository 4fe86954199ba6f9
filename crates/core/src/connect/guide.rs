//! What Settings shows for each provider's app: the fields it takes and a
//! short how-to for registering the app (where, which redirect URI, which
//! scopes). The README's table says the same.

use super::providers;
use serde::Serialize;
use ts_rs::TS;

/// A value a provider's app registration takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "AppField.ts")]
pub enum AppField {
    ClientId,
    ClientSecret,
    Tenant,
    RedirectPort,
    ServerUrl,
}

/// How to register the app for one provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "AppGuide.ts")]
pub struct AppGuide {
    /// Where to register: a page of the provider's, or "your server".
    pub register_at: String,
    pub register_url: Option<String>,
    /// The steps there, in order.
    pub steps: Vec<String>,
    /// The redirect URI to enter.
    pub redirect_uri: String,
    pub scopes: Vec<String>,
}

/// The fields `provider`'s app takes, in the order Settings shows them.
pub fn fields(provider: &str) -> &'static [AppField] {
    use AppField::*;
    match provider {
        "onedrive" => &[ClientId, Tenant],
        "dropbox" => &[ClientId, RedirectPort],
        "box" | "clouddrive" => &[ClientId, ClientSecret],
        "alfresco" => &[ServerUrl, ClientId],
        _ => &[],
    }
}

/// The how-to for `provider`; `port` is Dropbox's registered redirect port.
pub fn guide(provider: &str, port: u16) -> AppGuide {
    let steps = |s: &[&str]| s.iter().map(|s| (*s).to_owned()).collect();
    match provider {
        "dropbox" => AppGuide {
            register_at: "Dropbox App Console".into(),
            register_url: Some("https://www.dropbox.com/developers/apps".into()),
            steps: steps(&[
                "Create app, with Scoped access and Full Dropbox (or App folder).",
                "Under Permissions, tick the scopes below and submit.",
                "Under OAuth 2, add the redirect URI below. Dropbox matches its port exactly: if that port is taken on this computer, register another and enter it here.",
                "Copy the App key into Client id. Cloudpick signs in with PKCE, so it needs no secret.",
            ]),
            redirect_uri: format!("http://127.0.0.1:{port}/callback"),
            scopes: providers::dropbox().scopes,
        },
        "onedrive" => AppGuide {
            register_at: "Microsoft Entra admin center, App registrations".into(),
            register_url: Some("https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade".into()),
            steps: steps(&[
                "New registration: accounts in any organizational directory and personal Microsoft accounts.",
                "Add a platform, Mobile and desktop applications, with the redirect URI below (Microsoft accepts any port on loopback).",
                "Under Authentication, turn on Allow public client flows.",
                "Under API permissions, add the delegated Microsoft Graph permissions below.",
                "Copy the Application (client) ID into Client id. Leave the tenant as common unless your organisation gives you one.",
            ]),
            redirect_uri: "http://localhost".into(),
            scopes: providers::onedrive("common").scopes,
        },
        "box" => AppGuide {
            register_at: "Box Developer Console".into(),
            register_url: Some("https://app.box.com/developers/console".into()),
            steps: steps(&[
                "Create New App: Custom App, User Authentication (OAuth 2.0).",
                "Under Configuration, add the redirect URI below (Box accepts any port on loopback).",
                "Tick Read and write all files and folders stored in Box.",
                "Copy the Client ID and the Client Secret here. Box has no PKCE, so it needs the secret: Cloudpick keeps it in the system keyring.",
            ]),
            redirect_uri: "http://127.0.0.1/callback".into(),
            scopes: providers::boxcom().scopes,
        },
        "alfresco" => AppGuide {
            register_at: "your Alfresco server".into(),
            register_url: None,
            steps: steps(&[
                "Enter the server's address. With a user name and password, that is all: Cloudpick gets a ticket and forgets the password.",
                "To sign in through the Identity Service (Keycloak) instead, create a public OpenID Connect client in the realm alfresco, with PKCE S256 and the redirect URI below, and enter its client id.",
            ]),
            redirect_uri: "http://127.0.0.1/*".into(),
            scopes: providers::alfresco_oidc("https://alfresco.invalid").scopes,
        },
        _ => AppGuide {
            register_at: "Login with Amazon, Security Profiles".into(),
            register_url: Some("https://developer.amazon.com/loginwithamazon/console/site/lwa/overview.html".into()),
            steps: steps(&[
                "Amazon closed Cloud Drive at the end of 2023: only archives that still answer its API can be reached.",
                "Create a security profile, add the redirect URI below under Web Settings, and copy its Client ID and Client Secret here. The secret goes to the system keyring.",
            ]),
            redirect_uri: "http://127.0.0.1/callback".into(),
            scopes: providers::amazon().scopes,
        },
    }
}
