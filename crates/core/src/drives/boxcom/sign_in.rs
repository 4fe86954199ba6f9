//! How Box signs in: a client secret and no PKCE; Disconnect revokes the
//! tokens (RFC 7009).

use crate::connect::apps::AppSettings;
use crate::connect::flow::OAuthProvider;
use crate::connect::flow::Revoke;
use crate::connect::guide::{AppField, AppGuide};
use crate::drives::row::SignInRules;

pub const RULES: SignInRules = SignInRules {
    fields: &[AppField::ClientId, AppField::ClientSecret],
    oauth,
    guide,
    fixed_port: None,
    password: false,
};

fn oauth(_: &AppSettings) -> Result<OAuthProvider, &'static str> {
    Ok(OAuthProvider {
        revoke: Some(Revoke::Rfc7009("https://api.box.com/oauth2/revoke".into())),
        ..OAuthProvider::new(
            super::client::NAME,
            "https://account.box.com/api/oauth2/authorize",
            "https://api.box.com/oauth2/token",
            "root_readwrite",
            false,
        )
    })
}

fn guide(_port: u16) -> AppGuide {
    AppGuide {
        register_at: "Box Developer Console".into(),
        register_url: Some("https://app.box.com/developers/console".into()),
        steps: AppGuide::steps(&[
            "Create New App: Custom App, User Authentication (OAuth 2.0).",
            "Under Configuration, add the redirect URI below (Box accepts any port on loopback).",
            "Tick Read and write all files and folders stored in Box.",
            "Copy the Client ID and the Client Secret here. Box has no PKCE, so it needs the secret: Cloudpick keeps it in the system keyring.",
        ]),
        redirect_uri: "http://127.0.0.1/callback".into(),
        scopes: oauth(&AppSettings::default()).map(|o| o.scopes).unwrap_or_default(),
    }
}
