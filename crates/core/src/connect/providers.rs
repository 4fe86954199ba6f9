//! How each provider signs in, at its real hosts: `providers.md` and the
//! providers' documentation. Tests and the demo swap in the emulator's URLs.

use super::flow::{OAuthProvider, Revoke};

fn provider(name: &str, authorize: &str, token: &str, scopes: &str, pkce: bool) -> OAuthProvider {
    OAuthProvider {
        name: name.to_owned(),
        authorize_url: authorize.to_owned(),
        token_url: token.to_owned(),
        scopes: scopes.split(' ').map(str::to_owned).collect(),
        pkce,
        extra: Vec::new(),
        revoke: None,
    }
}

/// Dropbox: PKCE, and `token_access_type=offline` for a refresh token.
pub fn dropbox() -> OAuthProvider {
    OAuthProvider {
        extra: vec![("token_access_type".into(), "offline".into())],
        revoke: Some(Revoke::Bearer(
            "https://api.dropboxapi.com/2/auth/token/revoke".into(),
        )),
        ..provider(
            "Dropbox",
            "https://www.dropbox.com/oauth2/authorize",
            "https://api.dropboxapi.com/oauth2/token",
            "account_info.read files.metadata.read files.metadata.write files.content.read \
             files.content.write sharing.write",
            true,
        )
    }
}

/// OneDrive through the Microsoft identity platform; `tenant` is `common`,
/// `consumers`, `organizations` or a tenant id.
pub fn onedrive(tenant: &str) -> OAuthProvider {
    let base = format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0");
    provider(
        "OneDrive",
        &format!("{base}/authorize"),
        &format!("{base}/token"),
        "Files.ReadWrite offline_access User.Read",
        true,
    )
}

/// Box: a client secret, and no PKCE.
pub fn boxcom() -> OAuthProvider {
    OAuthProvider {
        revoke: Some(Revoke::Rfc7009("https://api.box.com/oauth2/revoke".into())),
        ..provider(
            "Box",
            "https://account.box.com/api/oauth2/authorize",
            "https://api.box.com/oauth2/token",
            "root_readwrite",
            false,
        )
    }
}

/// Login with Amazon, for the legacy Cloud Drive API.
pub fn amazon() -> OAuthProvider {
    provider(
        "Amazon Cloud Drive",
        "https://www.amazon.com/ap/oa",
        "https://api.amazon.com/auth/o2/token",
        "clouddrive:read_all clouddrive:write",
        false,
    )
}

/// Alfresco's Identity Service (Keycloak) at `identity`, realm `alfresco`.
pub fn alfresco_oidc(identity: &str) -> OAuthProvider {
    let base = format!(
        "{}/auth/realms/alfresco/protocol/openid-connect",
        identity.trim_end_matches('/')
    );
    provider(
        "Alfresco",
        &format!("{base}/auth"),
        &format!("{base}/token"),
        "openid profile email",
        true,
    )
}
