//! Alfresco requests: a ticket (sent as Basic) from the tickets API, or an
//! OIDC bearer token; retries; `parse_error` for `{"error": {...}}` replies.

use crate::drives::remote::deadline::{self, Pulse};
use crate::drives::remote::retry::retry_after;
use crate::drives::remote::{transport_error, RetryPolicy, Secret, TokenSource};
use crate::error::{Error, ErrorKind, Result};
use base64::Engine;
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::sync::Arc;

pub const NAME: &str = "Alfresco";
/// The root's id here: the user's home folder (`-my-`).
pub const ROOT: &str = "-my-";

/// The server the user named, e.g. `https://alfresco.example.com`.
#[derive(Debug, Clone)]
pub struct Server(pub String);

impl Server {
    pub fn core(&self) -> String {
        format!(
            "{}/alfresco/api/-default-/public/alfresco/versions/1",
            self.0.trim_end_matches('/')
        )
    }

    pub fn auth(&self) -> String {
        format!(
            "{}/alfresco/api/-default-/public/authentication/versions/1",
            self.0.trim_end_matches('/')
        )
    }
}

pub enum Auth {
    /// From the tickets API; the password is not kept.
    Ticket(Secret),
    /// From the Identity Service (OIDC).
    Bearer(Arc<dyn TokenSource>),
}

pub struct Client {
    pub http: reqwest::Client,
    pub server: Server,
    pub auth: Auth,
    pub retry: RetryPolicy,
    /// The home folder's id and path, asked for once (`list::home`).
    pub(super) home: tokio::sync::OnceCell<(String, String)>,
}

/// Signs in with a user name and password and returns the ticket.
pub async fn login(
    http: &reqwest::Client,
    server: &Server,
    user: &str,
    password: &str,
) -> Result<Secret> {
    let response = http
        .post(format!("{}/tickets", server.auth()))
        .timeout(deadline::metadata())
        .json(&json!({ "userId": user, "password": password }))
        .send()
        .await
        .map_err(|e| transport_error(NAME, e))?;
    if response.status() == StatusCode::FORBIDDEN || response.status() == StatusCode::UNAUTHORIZED {
        return Err(Error::new(
            ErrorKind::Unauthorized,
            "Alfresco did not accept that user name and password",
        )
        .with_drive(NAME));
    }
    if !response.status().is_success() {
        return Err(parse_error(response).await);
    }
    let body: Value = crate::drives::remote::reply::decode(response, NAME).await?;
    body["entry"]["id"]
        .as_str()
        .map(Secret::new)
        .ok_or_else(|| Error::new(ErrorKind::Transient, "Alfresco sent no ticket"))
}

/// Ends a ticket at the server (Disconnect). A ticket the server no longer
/// knows is as good as ended.
pub async fn logout(http: &reqwest::Client, server: &Server, ticket: &Secret) -> Result<()> {
    let response = http
        .delete(format!("{}/tickets/-me-", server.auth()))
        .timeout(deadline::metadata())
        .header(
            "Authorization",
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(ticket.expose())
            ),
        )
        .send()
        .await
        .map_err(|e| transport_error(NAME, e))?;
    match response.status() {
        s if s.is_success() => Ok(()),
        StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND => Ok(()),
        _ => Err(parse_error(response).await),
    }
}

impl Client {
    pub fn new(http: reqwest::Client, server: Server, auth: Auth, retry: RetryPolicy) -> Self {
        Client {
            http,
            server,
            auth,
            retry,
            home: tokio::sync::OnceCell::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.core())
    }

    async fn authorize(&self, request: RequestBuilder, fresh: bool) -> Result<RequestBuilder> {
        Ok(match &self.auth {
            Auth::Ticket(ticket) => request.header(
                "Authorization",
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(ticket.expose())
                ),
            ),
            Auth::Bearer(tokens) => {
                let token = if fresh {
                    tokens.after_unauthorized().await?
                } else {
                    tokens.access_token().await?
                };
                request.bearer_auth(token.expose())
            }
        })
    }

    /// Sends the request `build` makes; its reply's headers must come within
    /// `deadline::idle`.
    pub async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Response> {
        self.send_upload(&Pulse::default(), build).await
    }

    /// The same, where the request's body beats `pulse` (an upload): the
    /// reply may take as long as the body is still being taken.
    pub async fn send_upload(
        &self,
        pulse: &Pulse,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Response> {
        let mut fresh = false;
        loop {
            let request = self.authorize(build(&self.http), fresh).await?;
            pulse.beat();
            let sent = async { request.send().await.map_err(|e| transport_error(NAME, e)) };
            let response = pulse.watch(NAME, sent).await?;
            if response.status().is_success() {
                return Ok(response);
            }
            if response.status() == StatusCode::UNAUTHORIZED
                && !fresh
                && matches!(self.auth, Auth::Bearer(_))
            {
                fresh = true;
                continue;
            }
            return Err(parse_error(response).await);
        }
    }

    pub async fn json<T: DeserializeOwned>(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<T> {
        let timed = |http: &reqwest::Client| build(http).timeout(deadline::metadata());
        crate::drives::remote::bearer::json(&self.retry, NAME, || self.send(timed)).await
    }
}

pub async fn parse_error(response: Response) -> Error {
    let status = response.status();
    let delay = retry_after(response.headers());
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let summary = body["error"]["briefSummary"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let error = match status.as_u16() {
        404 => Error::new(ErrorKind::NotFound, "That item is no longer in Alfresco"),
        409 => Error::new(
            ErrorKind::Conflict,
            "An item with that name already exists in Alfresco",
        ),
        507 | 413 => Error::new(
            ErrorKind::QuotaExceeded,
            "Alfresco is full or refused the size. Free some space, then try again",
        ),
        429 => Error::new(
            ErrorKind::RateLimited { retry_after: delay },
            "Alfresco asked Cloudpick to slow down",
        ),
        401 => Error::new(
            ErrorKind::Unauthorized,
            "Alfresco signed you out. Sign in again",
        ),
        403 => Error::new(
            ErrorKind::PermissionDenied,
            "Alfresco does not allow this for your account",
        ),
        422 => Error::new(
            ErrorKind::InvalidInput,
            "Alfresco does not allow that name (no * \" < > \\ / ? : | and no final dot or space)",
        ),
        500..=599 => Error::new(
            ErrorKind::Transient,
            format!("Alfresco had a problem ({status}); trying again may work"),
        ),
        _ => Error::new(
            ErrorKind::InvalidInput,
            format!("Alfresco refused: {summary}"),
        ),
    };
    error.with_drive(NAME)
}
