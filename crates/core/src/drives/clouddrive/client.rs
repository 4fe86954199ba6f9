//! Amazon Cloud Drive requests: discovery of the metadata and content URLs
//! (`account/endpoint`), bearer auth with one refresh after a 401, retries,
//! and `parse_error` for `{"code", "message"}` replies.

use crate::drives::remote::bearer::{Bearer, Parts};
use crate::drives::remote::failure::Failure;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::error::{Error, ErrorKind, Result};
use reqwest::Response;
use serde_json::Value;
use std::sync::Arc;

pub const NAME: &str = "Amazon Cloud Drive";
/// The root's id here; the real one is asked for once.
pub const ROOT: &str = "root";

/// Where discovery starts; every later URL comes from its answer.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub discovery: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            discovery: "https://drive.amazonaws.com/drive/v1".into(),
        }
    }
}

/// The account's own hosts, from `account/endpoint`.
#[derive(Debug, Clone)]
pub struct Hosts {
    pub metadata: String,
    pub content: String,
}

pub struct Client {
    pub http: reqwest::Client,
    pub endpoints: Endpoints,
    pub tokens: Arc<dyn TokenSource>,
    pub retry: RetryPolicy,
    hosts: tokio::sync::OnceCell<Hosts>,
    /// The real id of the root, asked for once.
    pub(super) root: tokio::sync::OnceCell<String>,
}

impl Client {
    pub fn new(
        http: reqwest::Client,
        endpoints: Endpoints,
        tokens: Arc<dyn TokenSource>,
        retry: RetryPolicy,
    ) -> Self {
        Client {
            http,
            endpoints,
            tokens,
            retry,
            hosts: tokio::sync::OnceCell::new(),
            root: tokio::sync::OnceCell::new(),
        }
    }

    /// The metadata and content URLs, asked for once.
    pub async fn hosts(&self) -> Result<&Hosts> {
        self.hosts
            .get_or_try_init(|| async {
                let url = format!(
                    "{}/account/endpoint",
                    self.endpoints.discovery.trim_end_matches('/')
                );
                let found: Value = self.json(|http| http.get(&url)).await?;
                if found["customerExists"] == Value::Bool(false) {
                    return Err(Error::new(
                        ErrorKind::NotFound,
                        "This Amazon account has no Cloud Drive",
                    )
                    .with_drive(NAME));
                }
                let url_of = |key: &str| {
                    found[key].as_str().map(str::to_owned).ok_or_else(|| {
                        Error::new(ErrorKind::Transient, format!("{NAME} sent no {key}"))
                            .with_drive(NAME)
                    })
                };
                Ok(Hosts {
                    metadata: url_of("metadataUrl")?,
                    content: url_of("contentUrl")?,
                })
            })
            .await
    }

    /// A URL on the metadata host.
    pub async fn metadata(&self, path: &str) -> Result<String> {
        Ok(format!("{}{path}", self.hosts().await?.metadata))
    }

    /// A URL on the content host.
    pub async fn content(&self, path: &str) -> Result<String> {
        Ok(format!("{}{path}", self.hosts().await?.content))
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
    let code = failure.body["code"].as_str().unwrap_or_default();
    if code == "QUOTA_EXCEEDED" {
        return Error::new(
            ErrorKind::QuotaExceeded,
            "Your Amazon Cloud Drive is full. Free some space, then try again",
        )
        .with_drive(NAME);
    }
    failure.common(NAME, failure.body["message"].as_str().unwrap_or(code))
}
