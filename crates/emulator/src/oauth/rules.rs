//! How each provider's OAuth server behaves, as far as a client can tell.

use std::time::Duration;

/// When the token endpoint insists on the client secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretRule {
    /// Every token request (Box).
    Always,
    /// Unless the code was issued with PKCE (Dropbox, Microsoft public clients, Keycloak).
    UnlessPkce,
    /// On refresh only (Login with Amazon).
    OnRefresh,
}

/// How a redirect URI is matched against the registered one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectRule {
    /// Exactly, port included (Dropbox).
    Exact,
    /// Loopback hosts match on any port (Microsoft, Box, RFC 8252 §7.3).
    AnyLoopbackPort,
}

/// What the provider's token endpoint answers besides the access token, as
/// each documents it: SDKs read these fields and fail without them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenReply {
    /// `scope`, `uid`, `account_id` (the Python SDK reads both ids unconditionally).
    Dropbox { account_id: String, uid: String },
    /// Microsoft identity platform v2: `token_type: "Bearer"`, `scope`, `ext_expires_in`.
    Microsoft,
    /// `restricted_to: []`, `issued_token_type`.
    Box,
    /// Keycloak: `token_type: "Bearer"`, `scope`, `refresh_expires_in`, `not-before-policy`, `session_state`.
    Keycloak,
    /// Login with Amazon: the four standard fields only.
    Amazon,
}

#[derive(Debug, Clone)]
pub struct OAuthRules {
    /// Path segment: `/oauth/{provider}/...`.
    pub provider: &'static str,
    /// What the consent page calls the provider.
    pub provider_name: &'static str,
    /// The demo app registered with the emulated provider.
    pub app_name: &'static str,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub secret: SecretRule,
    pub redirect: RedirectRule,
    /// The code exchange must repeat the authorize request's `redirect_uri`
    /// (RFC 6749 §4.1.3). Box's token request has no such field.
    pub redirect_at_token: bool,
    pub reply: TokenReply,
    pub pkce: bool,
    /// A refresh gives a new refresh token.
    pub refresh_rotates: bool,
    /// A refresh token stops working once used (Box).
    pub refresh_single_use: bool,
    pub revocable: bool,
    pub access_ttl: Duration,
    pub code_ttl: Duration,
    pub default_scopes: &'static str,
}
