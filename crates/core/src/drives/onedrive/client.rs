//! Graph requests: bearer auth with one refresh after a 401, retries, and
//! `parse_error` for Graph's `{"error": {"code", "message"}}` replies.

use crate::drives::remote::retry::retry_after;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::error::{Error, ErrorKind, Result};
use crate::item::ItemId;
use reqwest::{RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Arc;

pub const NAME: &str = "OneDrive";
/// Microsoft Graph's real base URL.
pub const REAL_API: &str = "https://graph.microsoft.com/v1.0";

pub struct Client {
    pub http: reqwest::Client,
    /// `https://graph.microsoft.com/v1.0`; tests point it at the emulator.
    pub api: String,
    pub tokens: Arc<dyn TokenSource>,
    pub retry: RetryPolicy,
}

impl Client {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api)
    }

    /// Sends a request with the bearer token, refreshing it once on 401.
    pub async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Response> {
        crate::drives::remote::bearer::send(&self.http, &*self.tokens, NAME, build, parse_error)
            .await
    }

    /// A JSON call, retried as the policy allows.
    pub async fn json<T: DeserializeOwned>(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<T> {
        crate::drives::remote::bearer::json(&self.retry, NAME, || self.send(&build)).await
    }
}

pub async fn parse_error(response: Response) -> Error {
    let status = response.status();
    let delay = retry_after(response.headers());
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let code = body["error"]["code"].as_str().unwrap_or_default();
    let error = match (status.as_u16(), code) {
        (404, _) | (_, "itemNotFound") => {
            Error::new(ErrorKind::NotFound, "That item is no longer in OneDrive")
        }
        (409, _) | (_, "nameAlreadyExists") => Error::new(
            ErrorKind::Conflict,
            "An item with that name already exists in OneDrive",
        ),
        (507, _) | (_, "quotaLimitReached") => Error::new(
            ErrorKind::QuotaExceeded,
            "Your OneDrive is full. Free some space, then try again",
        ),
        (429, _) => Error::new(
            ErrorKind::RateLimited { retry_after: delay },
            "OneDrive asked Cloudpick to slow down",
        ),
        (503, _) => Error::new(
            ErrorKind::RateLimited { retry_after: delay },
            "OneDrive is busy; trying again shortly",
        ),
        (401, _) => Error::new(
            ErrorKind::Unauthorized,
            "OneDrive no longer accepts this sign-in. Connect the account again",
        ),
        (403, _) => Error::new(
            ErrorKind::PermissionDenied,
            "OneDrive does not allow this for your account",
        ),
        (416, _) => Error::new(ErrorKind::Conflict, "range_not_satisfiable"),
        (500..=599, _) => Error::new(
            ErrorKind::Transient,
            format!("OneDrive had a problem ({status}); trying again may work"),
        ),
        _ => {
            let message = body["error"]["message"]
                .as_str()
                .unwrap_or("refused the request");
            Error::new(ErrorKind::InvalidInput, format!("OneDrive {message}"))
        }
    };
    error.with_drive(NAME)
}

/// The root's id here: Graph's `root` alias.
pub const ROOT: &str = "root";

/// The request path of an item: `/me/drive/root` or `/me/drive/items/{id}`.
pub fn address(id: &ItemId) -> String {
    if id.as_str() == ROOT || id.as_str().is_empty() {
        "/me/drive/root".into()
    } else {
        format!("/me/drive/items/{}", id.as_str())
    }
}
