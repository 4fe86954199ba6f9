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
