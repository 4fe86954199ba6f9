//! How Dropbox signs in: PKCE, and `token_access_type=offline` for a
//! refresh token; the app is registered in the Dropbox App Console.

use crate::connect::apps::AppSettings;
use crate::connect::flow::OAuthProvider;
use crate::connect::flow::Revoke;
use crate::connect::guide::{AppField, AppGuide};
use crate::drives::row::SignInRules;

/// Dropbox's redirect port when none is set: the one the how-to registers.
pub const DEFAULT_PORT: u16 = 53682;

pub const RULES: SignInRules = SignInRules {
    fields: &[AppField::ClientId, AppField::RedirectPort],
    oauth,
    guide,
    fixed_port: Some(DEFAULT_PORT),
    password: false,
};

fn oauth(_: &AppSettings) -> Result<OAuthProvider, &'static str> {
    Ok(OAuthProvider {
        extra: vec![("token_access_type".into(), "offline".into())],
        revoke: Some(Revoke::Bearer(
            "https://api.dropboxapi.com/2/auth/token/revoke".into(),
        )),
        ..OAuthProvider::new(
            super::client::NAME,
            "https://www.dropbox.com/oauth2/authorize",
            "https://api.dropboxapi.com/oauth2/token",
            "account_info.read files.metadata.read files.metadata.write files.content.read \
             files.content.write sharing.write",
            true,
        )
    })
}

fn guide(port: u16) -> AppGuide {
    AppGuide {
        register_at: "Dropbox App Console".into(),
        register_url: Some("https://www.dropbox.com/developers/apps".into()),
        steps: AppGuide::steps(&[
            "Create app, with Scoped access and Full Dropbox (or App folder).",
            "Under Permissions, tick the scopes below and submit.",
            "Under OAuth 2, add the redirect URI below. Dropbox matches its port exactly: if that port is taken on this computer, register another and enter it here.",
            "Copy the App key into Client id. Cloudpick signs in with PKCE, so it needs no secret.",
        ]),
        redirect_uri: format!("http://127.0.0.1:{port}/callback"),
        scopes: oauth(&AppSettings::default()).map(|o| o.scopes).unwrap_or_default(),
    }
}
