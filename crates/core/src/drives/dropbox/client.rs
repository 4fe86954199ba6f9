//! Dropbox requests: RPC calls with JSON bodies, content calls with the
//! argument in `Dropbox-API-Arg`, one refresh after a 401, retries with
//! backoff, and `parse_error` for every reply that is not a success.

use crate::drives::hashes::{HashKind, Hasher};
use crate::drives::remote::bearer::{Bearer, Parts};
use crate::drives::remote::cloud::Opening;
use crate::drives::remote::deadline::Pulse;
use crate::drives::remote::retry::retry_after;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::drives::row::ApiHosts;
use crate::error::{Error, ErrorKind, Result};
use reqwest::{Method, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

pub const NAME: &str = "Dropbox";

/// Where the API lives; tests point these at the emulator.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub api: String,
    pub content: String,
}

impl Endpoints {
    /// The base URLs `hosts` names, the real ones for the others.
    pub fn at(hosts: &ApiHosts) -> Self {
        let real = Endpoints::default();
        Endpoints {
            api: hosts.get("api", &real.api),
            content: hosts.get("content", &real.content),
        }
    }
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            api: "https://api.dropboxapi.com/2".into(),
            content: "https://content.dropboxapi.com/2".into(),
        }
    }
}

pub struct Client {
    pub http: reqwest::Client,
    pub endpoints: Endpoints,
    pub tokens: Arc<dyn TokenSource>,
    pub retry: RetryPolicy,
}

/// JSON in an HTTP header: non-ASCII escaped, as Dropbox requires.
pub fn header_json(value: &Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
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

    /// An RPC call on the api host, retried as the policy allows.
    pub async fn rpc<T: DeserializeOwned>(&self, route: &str, arg: &Value) -> Result<T> {
        let url = format!("{}/{route}", self.endpoints.api);
        self.retry
            .run(|| async {
                let response = self
                    .send(|http| {
                        let request = http
                            .request(Method::POST, &url)
                            .timeout(crate::drives::remote::deadline::metadata());
                        if arg.is_null() {
                            request
                        } else {
                            request.json(arg)
                        }
                    })
                    .await?;
                response.json::<T>().await.map_err(|e| unexpected(route, e))
            })
            .await
    }

    /// A content call (argument in `Dropbox-API-Arg`) whose body is `body`.
    /// Every upload route takes the `content_hash` of the bytes it carries,
    /// and Dropbox refuses them when they do not match: it is always sent.
    pub async fn content_upload<T: DeserializeOwned>(
        &self,
        route: &str,
        arg: &Value,
        body: bytes::Bytes,
    ) -> Result<T> {
        let url = format!("{}/{route}", self.endpoints.content);
        let mut arg = arg.clone();
        if let Some(fields) = arg.as_object_mut() {
            let mut hasher = Hasher::new(HashKind::DropboxContent);
            hasher.update(&body);
            fields.insert("content_hash".into(), Value::String(hasher.finish()));
        }
        let header = header_json(&arg);
        // No deadline in all: the body may go up slowly, but not stall.
        let pulse = Pulse::default();
        let response = self
            .send_upload(&pulse, |http| {
                let post = http
                    .post(&url)
                    .header("Dropbox-API-Arg", &header)
                    .header("Content-Type", "application/octet-stream");
                pulse.with_bytes(post, body.clone())
            })
            .await?;
        response.json::<T>().await.map_err(|e| unexpected(route, e))
    }
}

fn unexpected(route: &str, err: reqwest::Error) -> Error {
    Error::new(
        ErrorKind::Transient,
        format!("Dropbox sent an unreadable reply to {route}: {err}"),
    )
    .with_drive(NAME)
}

/// Maps any failed reply to an error kind and a message a person can act on.
pub async fn parse_error(response: Response) -> Error {
    let status = response.status();
    let header_delay = retry_after(response.headers());
    let text = response.text().await.unwrap_or_default();
    let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let summary = body["error_summary"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let error = match status.as_u16() {
        400 => Error::new(
            ErrorKind::InvalidInput,
            format!(
                "Dropbox rejected the request: {}",
                text.chars().take(200).collect::<String>()
            ),
        ),
        401 => Error::new(
            ErrorKind::Unauthorized,
            "Dropbox no longer accepts this sign-in. Connect the account again",
        ),
        403 => Error::new(
            ErrorKind::PermissionDenied,
            "Dropbox does not allow this for your account",
        ),
        409 => route_error(&summary, &body),
        429 => {
            let body_delay = body["error"]["retry_after"]
                .as_u64()
                .map(Duration::from_secs);
            Error::new(
                ErrorKind::RateLimited {
                    retry_after: header_delay.or(body_delay),
                },
                "Dropbox asked Cloudpick to slow down",
            )
        }
        500..=599 => Error::new(
            ErrorKind::Transient,
            format!("Dropbox had a problem ({status}); trying again may work"),
        ),
        _ => Error::new(ErrorKind::Io, format!("Dropbox answered {status}")),
    };
    error.with_drive(NAME)
}

fn route_error(summary: &str, body: &Value) -> Error {
    let has = |part: &str| summary.split('/').any(|p| p == part);
    if has("not_found") {
        Error::new(ErrorKind::NotFound, "That item is no longer in Dropbox")
    } else if has("insufficient_space") || has("insufficient_quota") {
        Error::new(
            ErrorKind::QuotaExceeded,
            "Your Dropbox is full. Free some space or upgrade, then try again",
        )
    } else if has("conflict") || has("shared_link_already_exists") {
        Error::new(
            ErrorKind::Conflict,
            "An item with that name already exists in Dropbox",
        )
    } else if has("too_many_write_operations") {
        Error::new(
            ErrorKind::RateLimited { retry_after: None },
            "Dropbox is busy with other writes to this folder",
        )
    } else if has("incorrect_offset") {
        // `upload_session/finish` nests it under `lookup_failed`.
        let error = &body["error"];
        let offset = error["correct_offset"]
            .as_u64()
            .or_else(|| error["lookup_failed"]["correct_offset"].as_u64())
            .unwrap_or(0);
        Error::new(
            ErrorKind::OffsetMismatch { expected: offset },
            format!("Dropbox expected the upload to go on from byte {offset}"),
        )
    } else if has("content_hash_mismatch") {
        Error::new(
            ErrorKind::Transient,
            "Dropbox received different bytes than Cloudpick sent (content_hash_mismatch); sending again may work",
        )
    } else {
        Error::new(
            ErrorKind::InvalidInput,
            format!("Dropbox refused: {summary}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_errors_map_to_kinds() {
        assert_eq!(
            route_error("path/not_found/..", &Value::Null).kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            route_error("path/conflict/file/..", &Value::Null).kind(),
            ErrorKind::Conflict
        );
        assert_eq!(
            route_error("path/insufficient_space/..", &Value::Null).kind(),
            ErrorKind::QuotaExceeded
        );
        let offset = route_error(
            "incorrect_offset/..",
            &serde_json::json!({"error": {"correct_offset": 42}}),
        );
        assert_eq!(offset.kind(), ErrorKind::OffsetMismatch { expected: 42 });
        let nested = route_error(
            "lookup_failed/incorrect_offset/..",
            &serde_json::json!({"error": {".tag": "lookup_failed", "lookup_failed": {".tag": "incorrect_offset", "correct_offset": 7}}}),
        );
        assert_eq!(nested.kind(), ErrorKind::OffsetMismatch { expected: 7 });
        assert_eq!(
            route_error("content_hash_mismatch/..", &Value::Null).kind(),
            ErrorKind::Transient
        );
    }

    #[test]
    fn header_json_escapes_non_ascii() {
        assert_eq!(
            header_json(&serde_json::json!({"path": "/é"})),
            r#"{"path":"/\u00e9"}"#
        );
    }
}
