//! How Amazon Cloud Drive signs in: Login with Amazon, with a client secret.

use crate::connect::apps::AppSettings;
use crate::connect::flow::OAuthProvider;
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
    Ok(OAuthProvider::new(
        super::client::NAME,
        "https://www.amazon.com/ap/oa",
        "https://api.amazon.com/auth/o2/token",
        "clouddrive:read_all clouddrive:write",
        false,
    ))
}

fn guide(_port: u16) -> AppGuide {
    AppGuide {
        register_at: "Login with Amazon, Security Profiles".into(),
        register_url: Some("https://developer.amazon.com/loginwithamazon/console/site/lwa/overview.html".into()),
        steps: AppGuide::steps(&[
            "Amazon closed Cloud Drive at the end of 2023: only archives that still answer its API can be reached.",
            "Create a security profile, add the redirect URI below under Web Settings, and copy its Client ID and Client Secret here. The secret goes to the system keyring.",
        ]),
        redirect_uri: "http://127.0.0.1/callback".into(),
        scopes: oauth(&AppSettings::default()).map(|o| o.scopes).unwrap_or_default(),
    }
}
