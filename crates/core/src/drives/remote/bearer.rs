//! The request loop every OAuth drive shares: the bearer token, one refresh
//! after a 401, the provider's own `parse_error` for any other failure, and
//! JSON calls retried as the policy allows.

use super::{transport_error, RetryPolicy, TokenSource};
use crate::error::{Error, Result};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use std::future::Future;

pub async fn send<Fut>(
    http: &reqwest::Client,
    tokens: &dyn TokenSource,
    drive: &str,
    build: impl Fn(&reqwest::Client) -> RequestBuilder,
    parse_error: impl Fn(Response) -> Fut,
) -> Result<Response>
where
    Fut: Future<Output = Error>,
{
    let mut token = tokens.access_token().await?;
    let mut refreshed = false;
    loop {
        let response = build(http)
            .bearer_auth(token.expose())
            .send()
            .await
            .map_err(|e| transport_error(drive, e))?;
        if response.status().is_success() {
            return Ok(response);
        }
        if response.status() == StatusCode::UNAUTHORIZED && !refreshed {
            refreshed = true;
            token = tokens.after_unauthorized().await?;
            continue;
        }
        return Err(parse_error(response).await);
    }
}

/// A JSON call: `send` then decode, both retried as `retry` allows.
pub async fn json<T, Fut>(retry: &RetryPolicy, drive: &str, send: impl Fn() -> Fut) -> Result<T>
where
    T: DeserializeOwned,
    Fut: Future<Output = Result<Response>>,
{
    retry
        .run(|| async { super::reply::decode(send().await?, drive).await })
        .await
}
