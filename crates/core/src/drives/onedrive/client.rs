//! Graph requests: bearer auth with one refresh after a 401, retries, and
//! `parse_error` for Graph's `{"error": {"code", "message"}}` replies.

use crate::drives::remote::bearer::{Bearer, Parts};
use crate::drives::remote::failure::Failure;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::error::{Error, ErrorKind};
use crate::item::ItemId;
use reqwest::Response;
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

    /// Whether `url` is on Graph itself, where the bearer token may go, and
    /// not a URL Graph handed out on another host (pre-authenticated
    /// thumbnails and downloads need no token, and must not get one).
    pub fn on_graph(&self, url: &str) -> bool {
        let origin = |u: &str| url::Url::parse(u).ok().map(|u| u.origin());
        origin(url).is_some_and(|o| Some(o) == origin(&self.api))
    }
}

impl Bearer for Client {
    const DRIVE: &'static str = NAME;

    fn parts(&self) -> Parts<'_> {
        (&self.http, &*self.tokens, &self.retry)
    }

    async fn parse_error(response: Response) -> Error {
        parse_error(response).await
    }
}

pub async fn parse_error(response: Response) -> Error {
    let failure = Failure::read(response).await;
    let code = failure.body["error"]["code"].as_str().unwrap_or_default();
    match (failure.status.as_u16(), code) {
        (_, "itemNotFound") => failure.as_if(404).common(NAME, code),
        (_, "nameAlreadyExists") => failure.as_if(409).common(NAME, code),
        (_, "quotaLimitReached") => failure.as_if(507).common(NAME, code),
        (503, _) => Error::new(
            ErrorKind::RateLimited {
                retry_after: failure.retry_after,
            },
            "OneDrive is busy; trying again shortly",
        )
        .with_drive(NAME),
        (416, _) => Error::new(
            ErrorKind::Conflict,
            "OneDrive holds a different part of the upload than was sent",
        )
        .with_drive(NAME),
        _ => failure.common(
            NAME,
            failure.body["error"]["message"]
                .as_str()
                .unwrap_or("the request"),
        ),
    }
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
