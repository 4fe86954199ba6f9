//! Access tokens that refresh themselves: shortly before they expire, and once
//! when a drive answers 401. A rotated refresh token is saved through the
//! `TokenStore` before the new access token is used.

use super::Secret;
use crate::error::{Error, ErrorKind, Result};
use async_trait::async_trait;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Refresh this long before the access token expires.
const EARLY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    pub access: Secret,
    pub refresh: Option<Secret>,
    pub expires_at: Option<SystemTime>,
}

/// Where tokens are kept between runs (the OS keyring in the app).
pub trait TokenStore: Send + Sync {
    fn save(&self, tokens: &Tokens) -> Result<()>;
}

/// Gives a drive client the access token to send.
#[async_trait]
pub trait TokenSource: Send + Sync {
    async fn access_token(&self) -> Result<Secret>;
    /// Called once after a 401: refresh if possible, or fail with `Unauthorized`.
    async fn after_unauthorized(&self) -> Result<Secret>;
}

/// A fixed token, for tests and for servers that take no OAuth.
pub struct StaticTokens(pub Secret);

#[async_trait]
impl TokenSource for StaticTokens {
    async fn access_token(&self) -> Result<Secret> {
        Ok(self.0.clone())
    }

    async fn after_unauthorized(&self) -> Result<Secret> {
        Err(Error::new(
            ErrorKind::Unauthorized,
            "The access token was refused. Connect the account again",
        ))
    }
}

/// The OAuth app a token belongs to, for refreshing it.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: Option<Secret>,
}

pub struct RefreshingTokens {
    app: OAuthApp,
    http: reqwest::Client,
    tokens: tokio::sync::Mutex<Tokens>,
    store: Arc<dyn TokenStore>,
    drive: String,
}

impl RefreshingTokens {
    pub fn new(
        app: OAuthApp,
        tokens: Tokens,
        store: Arc<dyn TokenStore>,
        http: reqwest::Client,
        drive: &str,
    ) -> Self {
        RefreshingTokens {
            app,
            http,
            tokens: tokio::sync::Mutex::new(tokens),
            store,
            drive: drive.to_owned(),
        }
    }

    async fn refresh(&self, tokens: &mut Tokens) -> Result<()> {
        let Some(refresh) = tokens.refresh.clone() else {
            return Err(Error::new(
                ErrorKind::Unauthorized,
                format!("{} signed you out. Connect the account again", self.drive),
            ));
        };
        let mut form = vec![
            ("grant_type", "refresh_token".to_owned()),
            ("refresh_token", refresh.expose().to_owned()),
            ("client_id", self.app.client_id.clone()),
        ];
        if let Some(secret) = &self.app.client_secret {
            form.push(("client_secret", secret.expose().to_owned()));
        }
        let response = self
            .http
            .post(&self.app.token_url)
            .form(&form)
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .map_err(|e| super::http::transport_error(&self.drive, e))?;
        let status = response.status();
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        if !status.is_success() {
            let kind = if status.is_server_error() {
                ErrorKind::Transient
            } else {
                ErrorKind::Unauthorized
            };
            let reason = body["error"].as_str().unwrap_or("refused");
            return Err(Error::new(
                kind,
                format!(
                    "{} refused to renew the sign-in ({reason}). Connect the account again",
                    self.drive
                ),
            ));
        }
        let access = body["access_token"].as_str().ok_or_else(|| {
            Error::new(ErrorKind::Transient, "The token reply had no access_token")
        })?;
        let fresh = Tokens {
            access: Secret::new(access),
            // Providers that do not rotate keep the old refresh token valid.
            refresh: body["refresh_token"]
                .as_str()
                .map(Secret::new)
                .or(Some(refresh)),
            expires_at: body["expires_in"]
                .as_u64()
                .map(|s| SystemTime::now() + Duration::from_secs(s)),
        };
        // Saved first: a rotated refresh token lost here would lose the account.
        self.store.save(&fresh)?;
        *tokens = fresh;
        Ok(())
    }
}

#[async_trait]
impl TokenSource for RefreshingTokens {
    async fn access_token(&self) -> Result<Secret> {
        let mut tokens = self.tokens.lock().await;
        let due = tokens
            .expires_at
            .is_some_and(|at| at <= SystemTime::now() + EARLY);
        if due {
            self.refresh(&mut tokens).await?;
        }
        Ok(tokens.access.clone())
    }

    async fn after_unauthorized(&self) -> Result<Secret> {
        let mut tokens = self.tokens.lock().await;
        self.refresh(&mut tokens).await?;
        Ok(tokens.access.clone())
    }
}
