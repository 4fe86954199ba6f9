//! The authorization code flow in the system browser (RFC 8252): a loopback
//! redirect, PKCE S256 where the provider takes it, a random `state` that is
//! checked, and the code exchanged for tokens with the `oauth2` crate.

use super::loopback::Listener;
use crate::drives::remote::{Secret, Tokens};
use crate::error::{Error, ErrorKind, Result};
use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, TokenResponse, TokenUrl,
};
use std::time::{Duration, SystemTime};
use tokio_util::sync::CancellationToken;

/// How long the browser has to come back, unless the caller says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// How one provider signs in.
#[derive(Debug, Clone)]
pub struct OAuthProvider {
    /// What people call it: "Dropbox".
    pub name: String,
    pub authorize_url: String,
    pub token_url: String,
    pub scopes: Vec<String>,
    /// Whether the provider takes PKCE S256 (Box does not).
    pub pkce: bool,
    /// More authorize parameters (Dropbox: `token_access_type=offline`).
    pub extra: Vec<(String, String)>,
    /// Where Disconnect revokes the tokens, for providers that can.
    pub revoke: Option<Revoke>,
}

impl OAuthProvider {
    /// A provider with no extra parameters and no revocation.
    pub fn new(name: &str, authorize: &str, token: &str, scopes: &str, pkce: bool) -> Self {
        OAuthProvider {
            name: name.to_owned(),
            authorize_url: authorize.to_owned(),
            token_url: token.to_owned(),
            scopes: scopes.split(' ').map(str::to_owned).collect(),
            pkce,
            extra: Vec::new(),
            revoke: None,
        }
    }
}

/// How a provider takes a revocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revoke {
    /// Dropbox: a POST authorised by the access token itself.
    Bearer(String),
    /// RFC 7009 (Box): the token in a form, with the client's id and secret.
    Rfc7009(String),
}

/// The user's own registration of Cloudpick with the provider.
#[derive(Debug, Clone)]
pub struct AppRegistration {
    pub client_id: String,
    pub client_secret: Option<Secret>,
    /// The fixed loopback port the registration names (Dropbox matches ports);
    /// `None` takes any free port.
    pub port: Option<u16>,
}

/// Shows the sign-in URL: opens it in the browser, and puts it on screen
/// with a Copy button for machines where no browser opens.
pub type Present<'a> = &'a (dyn Fn(&str) + Send + Sync);

/// Runs the whole flow and returns the tokens.
pub async fn connect(
    provider: &OAuthProvider,
    app: &AppRegistration,
    http: &reqwest::Client,
    present: Present<'_>,
    timeout: Duration,
    cancel: &CancellationToken,
) -> Result<Tokens> {
    let listener = Listener::bind(app.port, &provider.name).await?;
    let redirect = listener.redirect_uri();
    let (url, state, verifier) = authorize_url(provider, app, &redirect)?;
    preflight(http, &url, app, &provider.name).await?;
    present(&url);
    let code = listener
        .wait(&state, timeout, cancel, &provider.name)
        .await?;
    exchange(provider, app, http, &redirect, &code, verifier).await
}

/// Asks the authorize endpoint before the browser does: a provider that
/// does not know the client id says so there, on an error page, and never
/// comes back to Cloudpick (RFC 6749 4.1.2.1). Only a refusal that names the
/// client stops the sign-in; anything else is left to the browser.
async fn preflight(
    http: &reqwest::Client,
    url: &str,
    app: &AppRegistration,
    drive: &str,
) -> Result<()> {
    let Ok(response) = http.get(url).timeout(Duration::from_secs(10)).send().await else {
        return Ok(());
    };
    if !response.status().is_client_error() {
        return Ok(());
    }
    let page = response.text().await.unwrap_or_default().to_lowercase();
    let names_the_client = [
        "client_id",
        "client id",
        "invalid_client",
        "unauthorized_client",
        "aadsts700016",
    ]
    .iter()
    .any(|clue| page.contains(clue));
    if !names_the_client {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::InvalidInput,
        format!(
            "{drive} does not know the client id {:?}: check it in Settings, Cloud drive apps, \
             against your app's registration",
            app.client_id
        ),
    )
    .with_drive(drive))
}

/// The authorize URL, the `state` it carries and the PKCE verifier, if any.
pub fn authorize_url(
    provider: &OAuthProvider,
    app: &AppRegistration,
    redirect: &str,
) -> Result<(String, String, Option<String>)> {
    let client = BasicClient::new(ClientId::new(app.client_id.clone()))
        .set_auth_uri(AuthUrl::new(provider.authorize_url.clone()).map_err(bad_url)?)
        .set_redirect_uri(RedirectUrl::new(redirect.to_owned()).map_err(bad_url)?);
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(provider.scopes.iter().cloned().map(Scope::new));
    for (key, value) in &provider.extra {
        request = request.add_extra_param(key.clone(), value.clone());
    }
    let mut verifier = None;
    if provider.pkce {
        let (challenge, secret) = PkceCodeChallenge::new_random_sha256();
        request = request.set_pkce_challenge(challenge);
        verifier = Some(secret.into_secret());
    }
    let (url, state) = request.url();
    Ok((url.to_string(), state.into_secret(), verifier))
}

/// Trades the code for tokens at the provider's token endpoint.
pub async fn exchange(
    provider: &OAuthProvider,
    app: &AppRegistration,
    http: &reqwest::Client,
    redirect: &str,
    code: &str,
    verifier: Option<String>,
) -> Result<Tokens> {
    let mut client = BasicClient::new(ClientId::new(app.client_id.clone()))
        .set_token_uri(TokenUrl::new(provider.token_url.clone()).map_err(bad_url)?)
        .set_redirect_uri(RedirectUrl::new(redirect.to_owned()).map_err(bad_url)?)
        .set_auth_type(AuthType::RequestBody);
    if let Some(secret) = &app.client_secret {
        client = client.set_client_secret(ClientSecret::new(secret.expose().to_owned()));
    }
    let mut request = client.exchange_code(AuthorizationCode::new(code.to_owned()));
    if let Some(verifier) = verifier {
        request = request.set_pkce_verifier(PkceCodeVerifier::new(verifier));
    }
    let token = request
        .request_async(http)
        .await
        .map_err(|e| token_error(e, &provider.name))?;
    Ok(Tokens {
        access: Secret::new(token.access_token().secret().clone()),
        refresh: token
            .refresh_token()
            .map(|r| Secret::new(r.secret().clone())),
        expires_at: token.expires_in().map(|d| SystemTime::now() + d),
    })
}

/// The HTTP client for token requests: redirects are not followed (a token
/// endpoint that redirects is not one to send a secret to).
pub fn token_http_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(15))
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Error::new(ErrorKind::Io, format!("Could not set up HTTPS: {e}")))
}

fn bad_url(e: oauth2::url::ParseError) -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        format!("A sign-in address in the settings is not a valid URL: {e}"),
    )
}

fn token_error<RE: std::error::Error + 'static>(
    error: RequestTokenError<RE, oauth2::StandardErrorResponse<BasicErrorResponseType>>,
    drive: &str,
) -> Error {
    let error = match error {
        RequestTokenError::ServerResponse(response) => match response.error() {
            BasicErrorResponseType::InvalidClient | BasicErrorResponseType::UnauthorizedClient => {
                Error::new(
                    ErrorKind::Unauthorized,
                    format!(
                        "{drive} did not accept the app's client id or secret: check them in Settings"
                    ),
                )
            }
            BasicErrorResponseType::InvalidGrant => Error::new(
                ErrorKind::Unauthorized,
                format!(
                    "{drive} refused the sign-in code: it expired, was already used, or did not \
                     match this sign-in ({}). Connect again",
                    response
                        .error_description()
                        .map_or("no details", String::as_str)
                ),
            ),
            other => Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{drive} refused the sign-in ({}{})",
                    other.as_ref(),
                    response
                        .error_description()
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                ),
            ),
        },
        RequestTokenError::Request(e) => Error::new(
            ErrorKind::Transient,
            format!("Could not reach {drive} to finish signing in: {e}"),
        ),
        RequestTokenError::Parse(e, _) => Error::new(
            ErrorKind::Transient,
            format!("{drive} sent an unreadable sign-in reply: {e}"),
        ),
        RequestTokenError::Other(e) => Error::new(
            ErrorKind::Transient,
            format!("Signing in to {drive} failed: {e}"),
        ),
    };
    error.with_drive(drive)
}
