//! How Alfresco signs in: a user name and password for a ticket, or its
//! Identity Service (Keycloak, realm `alfresco`) with PKCE, on the server
//! the app names.

use crate::connect::apps::AppSettings;
use crate::connect::flow::OAuthProvider;
use crate::connect::guide::{AppField, AppGuide};
use crate::drives::row::SignInRules;

pub const RULES: SignInRules = SignInRules {
    fields: &[AppField::ServerUrl, AppField::ClientId],
    oauth,
    guide,
    fixed_port: None,
    password: true,
};

fn oauth(app: &AppSettings) -> Result<OAuthProvider, &'static str> {
    let identity = app.server_url.as_deref().ok_or("server URL")?;
    Ok(identity_service(identity))
}

/// The Identity Service's endpoints at `identity`.
pub fn identity_service(identity: &str) -> OAuthProvider {
    let base = format!(
        "{}/auth/realms/alfresco/protocol/openid-connect",
        identity.trim_end_matches('/')
    );
    OAuthProvider::new(
        super::client::NAME,
        &format!("{base}/auth"),
        &format!("{base}/token"),
        "openid profile email",
        true,
    )
}

fn guide(_port: u16) -> AppGuide {
    AppGuide {
        register_at: "your Alfresco server".into(),
        register_url: None,
        steps: AppGuide::steps(&[
            "Enter the server's address. With a user name and password, that is all: Cloudpick gets a ticket and forgets the password.",
            "To sign in through the Identity Service (Keycloak) instead, create a public OpenID Connect client in the realm alfresco, with PKCE S256 and the redirect URI below, and enter its client id.",
        ]),
        redirect_uri: "http://127.0.0.1/*".into(),
        scopes: identity_service("https://alfresco.invalid").scopes,
    }
}
