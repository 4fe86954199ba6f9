//! An OAuth 2.0 authorization server per provider: a consent page, single-use
//! codes that expire, PKCE S256, refresh tokens that rotate or not as the
//! provider's do, revocation, and bearer-token checks for the APIs.

mod consent;
pub mod discovery;
mod pkce;
mod rules;
mod token;

pub use pkce::s256;
pub use rules::{OAuthRules, RedirectRule, SecretRule, TokenReply};
pub use token::TokenPair;

use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerError {
    Missing,
    Invalid,
    Expired,
}

pub struct OAuthServer {
    pub rules: OAuthRules,
    auto_approve: bool,
    /// With a run token, the consent page opens only for an authorize
    /// request that carries it (`run_token`): the app's demo puts it in the
    /// URL it opens, and no other local process has it.
    run_token: Option<String>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Consent pages shown and not yet answered, by request id.
    pending: HashMap<String, AuthRequest>,
    codes: HashMap<String, IssuedCode>,
    /// Access token → when it stops working.
    access: HashMap<String, Instant>,
    /// Refresh tokens that still work.
    refresh: HashMap<String, ()>,
}

#[derive(Clone)]
struct AuthRequest {
    redirect_uri: String,
    state: Option<String>,
    challenge: Option<String>,
    /// What the app asked for; the app's registered scopes when it named none.
    scope: String,
}

struct IssuedCode {
    redirect_uri: String,
    challenge: Option<String>,
    scope: String,
    expires: Instant,
}

impl OAuthServer {
    pub fn new(rules: OAuthRules, auto_approve: bool, run_token: Option<String>) -> Arc<Self> {
        Arc::new(OAuthServer {
            rules,
            auto_approve,
            run_token,
            state: Mutex::default(),
        })
    }

    /// Both halves under one prefix: the emulator's own `/oauth/{provider}/...`.
    pub fn router(self: &Arc<Self>) -> Router {
        self.authorize_router().merge(self.token_router())
    }

    /// What the provider's web host serves: `/authorize` (and Keycloak's
    /// `/auth`) with the consent page's `/decide` beside it.
    pub fn authorize_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/authorize", get(consent::show))
            .route("/auth", get(consent::show))
            .route("/decide", post(consent::decide))
            .with_state(self.clone())
    }

    /// What the provider's API host serves: `/token` and, where the provider
    /// has it, `/revoke`.
    pub fn token_router(self: &Arc<Self>) -> Router {
        let mut router = Router::new().route("/token", post(token::exchange));
        if self.rules.revocable {
            router = router.route("/revoke", post(token::revoke));
        }
        router.with_state(self.clone())
    }

    /// Checks an `Authorization: Bearer` header.
    pub fn check_bearer(&self, headers: &axum::http::HeaderMap) -> Result<(), BearerError> {
        let token = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(BearerError::Missing)?;
        let state = self.state.lock().map_err(|_| BearerError::Invalid)?;
        match state.access.get(token) {
            None => Err(BearerError::Invalid),
            Some(expires) if *expires <= Instant::now() => Err(BearerError::Expired),
            Some(_) => Ok(()),
        }
    }

    /// Fault injection: every access token issued so far expires now.
    pub fn expire_access_tokens(&self) {
        if let Ok(mut state) = self.state.lock() {
            let now = Instant::now();
            state.access.values_mut().for_each(|t| *t = now);
        }
    }

    /// Fault injection: every authorization code issued so far expires now.
    pub fn expire_codes(&self) {
        if let Ok(mut state) = self.state.lock() {
            let now = Instant::now();
            state.codes.values_mut().for_each(|c| c.expires = now);
        }
    }

    /// Fault injection: every token is revoked, as when the user removes the app.
    pub fn revoke_everything(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.access.clear();
            state.refresh.clear();
        }
    }

    /// Revokes the token in an `Authorization: Bearer` header.
    pub fn revoke_bearer(&self, headers: &axum::http::HeaderMap) {
        let token = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if let (Some(token), Ok(mut state)) = (token, self.state.lock()) {
            state.access.remove(token);
        }
    }

    /// Issues a token pair directly, for tests that do not need the browser flow.
    pub fn issue_tokens(&self) -> token::TokenPair {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        token::issue(&self.rules, &mut state)
    }
}

pub(crate) fn random_token(prefix: &str) -> String {
    use rand::distr::{Alphanumeric, SampleString};
    format!(
        "{prefix}{}",
        Alphanumeric.sample_string(&mut rand::rng(), 40)
    )
}
