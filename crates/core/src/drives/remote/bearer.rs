//! The request loop every OAuth drive shares: the bearer token, one refresh
//! after a 401, the provider's own `parse_error` for any other failure, and
//! JSON calls retried as the policy allows.

use super::deadline::Pulse;
use super::{transport_error, RetryPolicy, TokenSource};
use crate::error::{Error, Result};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use std::future::Future;

/// Sends the request `build` makes, up to its reply's headers, which must
/// come within `deadline::idle` of the last sign of life: the request's
/// start, or the last piece of an upload body made with `pulse`.
pub async fn send<Fut>(
    http: &reqwest::Client,
    tokens: &dyn TokenSource,
    drive: &str,
    build: impl Fn(&reqwest::Client) -> RequestBuilder,
    parse_error: impl Fn(Response) -> Fut,
    pulse: Option<&Pulse>,
) -> Result<Response>
where
    Fut: Future<Output = Error>,
{
    let mut token = tokens.access_token().await?;
    let mut refreshed = false;
    loop {
        let fresh = Pulse::default();
        let pulse = pulse.unwrap_or(&fresh);
        pulse.beat();
        let sent = async {
            build(http)
                .bearer_auth(token.expose())
                .send()
                .await
                .map_err(|e| transport_error(drive, e))
        };
        let response = pulse.watch(drive, sent).await?;
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

/// The parts of a client that signs its requests with a bearer token.
pub type Parts<'a> = (&'a reqwest::Client, &'a dyn TokenSource, &'a RetryPolicy);

/// A provider's client that signs its requests with a bearer token: it
/// names its parts and how it reads a failed reply, and gets `send` and
/// `json` written once here.
pub trait Bearer: Sync {
    /// What people call the drive, for messages.
    const DRIVE: &'static str;

    fn parts(&self) -> Parts<'_>;

    /// The provider's reading of a reply that is not a success.
    fn parse_error(response: Response) -> impl Future<Output = Error> + Send;

    /// Sends a request with the bearer token, refreshing it once on 401.
    fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder + Send + Sync,
    ) -> impl Future<Output = Result<Response>> + Send {
        async move {
            let (http, tokens, _) = self.parts();
            send(http, tokens, Self::DRIVE, build, Self::parse_error, None).await
        }
    }

    /// The same for an upload whose body beats `pulse`: the reply may take
    /// as long as the body is still being taken.
    fn send_upload(
        &self,
        pulse: &Pulse,
        build: impl Fn(&reqwest::Client) -> RequestBuilder + Send + Sync,
    ) -> impl Future<Output = Result<Response>> + Send {
        async move {
            let (http, tokens, _) = self.parts();
            let pulse = Some(pulse);
            send(http, tokens, Self::DRIVE, build, Self::parse_error, pulse).await
        }
    }

    /// A JSON call, reply included within `deadline::metadata`, retried as
    /// the policy allows.
    fn json<T: DeserializeOwned + Send>(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder + Send + Sync,
    ) -> impl Future<Output = Result<T>> + Send {
        async move {
            let (_, _, retry) = self.parts();
            let timed = |http: &reqwest::Client| build(http).timeout(super::deadline::metadata());
            json(retry, Self::DRIVE, || self.send(timed)).await
        }
    }
}
