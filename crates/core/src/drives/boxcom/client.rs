//! Box requests: bearer auth with one refresh after a 401, retries, and
//! `parse_error` for Box's `{"type": "error", "code", "message"}` replies.

use crate::drives::remote::bearer::{Bearer, Parts};
use crate::drives::remote::cloud::Opening;
use crate::drives::remote::failure::Failure;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::drives::row::ApiHosts;
use crate::error::{Error, ErrorKind};
use reqwest::Response;
use std::sync::Arc;

pub const NAME: &str = "Box";

#[derive(Debug, Clone)]
pub struct Endpoints {
    pub api: String,
    pub upload: String,
}

impl Endpoints {
    /// The base URLs `hosts` names, the real ones for the others.
    pub fn at(hosts: &ApiHosts) -> Self {
        let real = Endpoints::default();
        Endpoints {
            api: hosts.get("api", &real.api),
            upload: hosts.get("upload", &real.upload),
        }
    }
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
    /// The client as the registry opens it.
    pub fn opened(opening: Opening<'_>) -> Self {
        Client {
            endpoints: Endpoints::at(opening.hosts),
            http: opening.http,
            tokens: opening.tokens,
            retry: opening.retry,
        }
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}{path}", self.endpoints.api)
    }

    pub fn upload(&self, path: &str) -> String {
        format!("{}{path}", self.endpoints.upload)
    }
}

/// The id of the item holding a name, from a 409's `context_info`.
pub fn conflicting_id(error: &Error) -> Option<String> {
    error.context().existing.clone()
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
    let body = &failure.body;
    let code = body["code"].as_str().unwrap_or_default();
    match (failure.status.as_u16(), code) {
        (409, _) => {
            let conflict = &body["context_info"]["conflicts"];
            let id = conflict[0]["id"]
                .as_str()
                .or_else(|| conflict["id"].as_str());
            // The id rides along for Replace and Rename.
            let taken = failure.common(NAME, code);
            match id {
                Some(id) if !id.is_empty() => taken.with_existing(id),
                _ => taken,
            }
        }
        (_, "storage_limit_exceeded") => Error::new(
            ErrorKind::QuotaExceeded,
            "Your Box is full. Free some space, then try again",
        )
        .with_drive(NAME),
        (412, _) => Error::new(
            ErrorKind::Transient,
            "Box received different bytes than were sent; sending again",
        )
        .with_drive(NAME),
        _ => failure.common(NAME, body["message"].as_str().unwrap_or(code)),
    }
}
