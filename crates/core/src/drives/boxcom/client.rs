//! Box requests: bearer auth with one refresh after a 401, retries, and
//! `parse_error` for Box's `{"type": "error", "code", "message"}` replies.

use crate::drives::remote::retry::retry_after;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::error::{Error, ErrorKind, Result};
use reqwest::{RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Arc;

pub const NAME: &str = "Box";

#[derive(Debug, Clone)]
pub struct Endpoints {
    pub api: String,
    pub upload: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            api: "https://api.box.com/2.0".into(),
            upload: "https://upload.box.com/api/2.0".into(),
        }
    }
}

pub struct Client {
    pub http: reqwest::Client,
    pub endpoints: Endpoints,
    pub tokens: Arc<dyn TokenSource>,
    pub retry: RetryPolicy,
}

impl Client {
    pub fn api(&self, path: &str) -> String {
        format!("{}{path}", self.endpoints.api)
    }

    pub fn upload(&self, path: &str) -> String {
        format!("{}{path}", self.endpoints.upload)
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

/// The id of the item holding a name, from a 409's `context_info`.
pub fn conflicting_id(error: &Error) -> Option<String> {
    error.message().strip_prefix("conflict:").map(str::to_owned)
}

pub async fn parse_error(response: Response) -> Error {
    let status = response.status();
    let delay = retry_after(response.headers());
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let code = body["code"].as_str().unwrap_or_default();
    let error = match (status.as_u16(), code) {
        (404, _) => Error::new(ErrorKind::NotFound, "That item is no longer in Box"),
        (409, _) => {
            let conflict = &body["context_info"]["conflicts"];
            let id = conflict[0]["id"]
                .as_str()
                .or_else(|| conflict["id"].as_str())
                .unwrap_or_default();
            // The id rides along for Replace and Rename; the UI shows the kind's message.
            Error::new(ErrorKind::Conflict, format!("conflict:{id}"))
        }
        (_, "storage_limit_exceeded") => Error::new(
            ErrorKind::QuotaExceeded,
            "Your Box is full. Free some space, then try again",
        ),
        (429, _) => Error::new(
            ErrorKind::RateLimited { retry_after: delay },
            "Box asked Cloudpick to slow down",
        ),
        (412, _) => Error::new(
            ErrorKind::Transient,
            "Box received different bytes than were sent; sending again",
        ),
        (401, _) => Error::new(
            ErrorKind::Unauthorized,
            "Box no longer accepts this sign-in. Connect the account again",
        ),
        (403, _) => Error::new(
            ErrorKind::PermissionDenied,
            "Box does not allow this for your account",
        ),
        (500..=599, _) => Error::new(
            ErrorKind::Transient,
            format!("Box had a problem ({status}); trying again may work"),
        ),
        _ => Error::new(
            ErrorKind::InvalidInput,
            format!("Box refused: {}", body["message"].as_str().unwrap_or(code)),
        ),
    };
    error.with_drive(NAME)
}
