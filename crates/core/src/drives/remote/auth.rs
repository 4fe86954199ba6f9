//! Access tokens that refresh themselves: shortly before they expire, and once
//! when a drive answers 401. A rotated refresh token is saved through the
//! `TokenStore` before the new access token is used.
//!
//! Another process (`cloudpick ls` beside the app) may refresh the same
//! account: a refresh runs under the store's lock, after reading the store
//! again, so that a refresh token another process already used up is never
//! sent. A store that cannot save (a locked keyring) keeps the new tokens
//! in memory, tries again at each use, and warns the user.

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

    /// The tokens as kept now, which another process may have refreshed.
    fn load(&self) -> Result<Option<Tokens>> {
        Ok(None)
    }

    /// Holds every other process off refreshing these tokens until the
    /// guard is dropped (blocking: called off the async threads).
    fn lock(&self) -> Result<Option<Box<dyn Send>>> {
        Ok(None)
    }

    /// Tells the user that fresh tokens could not be saved.
    fn warn(&self, _message: &str) {}
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
    tokens: tokio::sync::Mutex<Held>,
    store: Arc<dyn TokenStore>,
    drive: String,
}

/// The tokens in use, and whether the store has them yet.
struct Held {
    tokens: Tokens,
    unsaved: bool,
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
            tokens: tokio::sync::Mutex::new(Held {
                tokens,
                unsaved: false,
            }),
            store,
            drive: drive.to_owned(),
        }
    }

    /// Refreshes `held` under the store's lock: the store is read first
    /// (another process may have refreshed already: then its tokens are
    /// taken, when `usable` says they will do), and again after a refusal.
    async fn refresh(&self, held: &mut Held, usable: impl Fn(&Tokens) -> bool) -> Result<()> {
        let store = self.store.clone();
        let _lock = tokio::task::spawn_blocking(move || store.lock())
            .await
            .map_err(|_| Error::new(ErrorKind::Io, "The sign-in lock could not be taken"))??;
        if let Some(kept) = self.kept_elsewhere(held) {
            if usable(&kept) {
                held.tokens = kept;
                return Ok(());
            }
            // Newer than ours, but due too: refresh from the newer ones.
            held.tokens = kept;
        }
        let refresh = held.tokens.refresh.clone();
        match self.ask(refresh).await {
            Ok(fresh) => {
                held.tokens = fresh;
                held.unsaved = true;
                self.save(held);
                Ok(())
            }
            Err(err) => match self.kept_elsewhere(held) {
                // Refused because another process used the token up first.
                Some(kept) => {
                    held.tokens = kept;
                    Ok(())
                }
                None => Err(err),
            },
        }
    }

    /// The store's tokens, when another process changed them.
    fn kept_elsewhere(&self, held: &Held) -> Option<Tokens> {
        if held.unsaved {
            // Ours are the newest: the store missed them.
            return None;
        }
        let kept = self.store.load().ok().flatten()?;
        (kept != held.tokens).then_some(kept)
    }

    /// Saves `held` if it is not saved yet; a failure warns, and the tokens
    /// stay in memory to be saved at the next use.
    fn save(&self, held: &mut Held) {
        if !held.unsaved {
            return;
        }
        match self.store.save(&held.tokens) {
            Ok(()) => held.unsaved = false,
            Err(_) => self.store.warn(&format!(
                "Cloudpick could not save your {} sign-in to the keyring: unlock it, or you will need to sign in again",
                self.drive
            )),
        }
    }

    /// The provider's fresh tokens for `refresh`.
    async fn ask(&self, refresh: Option<Secret>) -> Result<Tokens> {
        let Some(refresh) = refresh else {
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
        Ok(Tokens {
            access: Secret::new(access),
            // Providers that do not rotate keep the old refresh token valid.
            refresh: body["refresh_token"]
                .as_str()
                .map(Secret::new)
                .or(Some(refresh)),
            expires_at: body["expires_in"]
                .as_u64()
                .map(|s| SystemTime::now() + Duration::from_secs(s)),
        })
    }
}

/// Whether `tokens` need a refresh now.
fn due(tokens: &Tokens) -> bool {
    tokens
        .expires_at
        .is_some_and(|at| at <= SystemTime::now() + EARLY)
}

#[async_trait]
impl TokenSource for RefreshingTokens {
    async fn access_token(&self) -> Result<Secret> {
        let mut held = self.tokens.lock().await;
        self.save(&mut held);
        if due(&held.tokens) {
            self.refresh(&mut held, |kept| !due(kept)).await?;
        }
        Ok(held.tokens.access.clone())
    }

    async fn after_unauthorized(&self) -> Result<Secret> {
        let mut held = self.tokens.lock().await;
        // The access token was refused, and another process's may be too
        // (a revoked session): always refresh, from the newest tokens.
        self.refresh(&mut held, |_| false).await?;
        Ok(held.tokens.access.clone())
    }
}
