//! How OneDrive signs in: the Microsoft identity platform, with PKCE, for
//! the app's tenant (`common`, `consumers`, `organizations` or an id).

use crate::connect::apps::AppSettings;
use crate::connect::flow::OAuthProvider;
use crate::connect::guide::{AppField, AppGuide};
use crate::drives::row::SignInRules;

pub const RULES: SignInRules = SignInRules {
    fields: &[AppField::ClientId, AppField::Tenant],
    oauth,
    guide,
    fixed_port: None,
    password: false,
};

fn oauth(app: &AppSettings) -> Result<OAuthProvider, &'static str> {
    let tenant = app.tenant.as_deref().unwrap_or("common");
    let base = format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0");
    Ok(OAuthProvider::new(
        super::client::NAME,
        &format!("{base}/authorize"),
        &format!("{base}/token"),
        "Files.ReadWrite offline_access User.Read",
        true,
    ))
}

fn guide(_port: u16) -> AppGuide {
    AppGuide {
        register_at: "Microsoft Entra admin center, App registrations".into(),
        register_url: Some("https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade".into()),
        steps: AppGuide::steps(&[
            "New registration: accounts in any organizational directory and personal Microsoft accounts.",
            "Add a platform, Mobile and desktop applications, with the redirect URI below (Microsoft accepts any port on loopback).",
            "Under Authentication, turn on Allow public client flows.",
            "Under API permissions, add the delegated Microsoft Graph permissions below.",
            "Copy the Application (client) ID into Client id. Leave the tenant as common unless your organisation gives you one.",
        ]),
        redirect_uri: "http://localhost".into(),
        scopes: oauth(&AppSettings::default()).map(|o| o.scopes).unwrap_or_default(),
    }
}
