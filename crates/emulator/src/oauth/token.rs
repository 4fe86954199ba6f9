//! The token endpoint (authorization_code and refresh_token grants) and revocation.

use super::{pkce, random_token, OAuthRules, OAuthServer, SecretRule, State, TokenReply};
use axum::extract::{Form, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Instant;

#[derive(Deserialize)]
pub struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenPair {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

pub async fn exchange(
    AxumState(server): AxumState<Arc<OAuthServer>>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let rules = &server.rules;
    let (client_id, secret) = client_credentials(&headers, &form);
    if client_id.as_deref() != Some(rules.client_id.as_str()) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client_id",
        );
    }
    let secret_ok = secret.as_deref() == Some(rules.client_secret.as_str());
    if secret.is_some() && !secret_ok {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "wrong client_secret",
        );
    }
    let mut state = match server.state.lock() {
        Ok(state) => state,
        Err(_) => {
            return oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "state lock",
            )
        }
    };
    match form.grant_type.as_deref() {
        Some("authorization_code") => {
            let Some(issued) = form.code.as_ref().and_then(|c| state.codes.remove(c)) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "code is invalid or was already used",
                );
            };
            if issued.expires <= Instant::now() {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "code has expired");
            }
            if rules.redirect_at_token
                && form.redirect_uri.as_deref() != Some(issued.redirect_uri.as_str())
            {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "redirect_uri does not match the authorization request",
                );
            }
            match (&issued.challenge, &form.code_verifier) {
                (Some(challenge), Some(verifier)) => {
                    if !pkce::valid_verifier(verifier) || pkce::s256(verifier) != *challenge {
                        return oauth_error(
                            StatusCode::BAD_REQUEST,
                            "invalid_grant",
                            "code_verifier does not match the code_challenge",
                        );
                    }
                }
                (Some(_), None) => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "code_verifier is required",
                    )
                }
                (None, _) => {}
            }
            let needs_secret = match rules.secret {
                SecretRule::Always => true,
                SecretRule::UnlessPkce => issued.challenge.is_none(),
                SecretRule::OnRefresh => false,
            };
            if needs_secret && !secret_ok {
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "client_secret is required",
                );
            }
            let pair = issue(rules, &mut state);
            Json(reply(rules, pair, &issued.scope)).into_response()
        }
        Some("refresh_token") => {
            let needs_secret = matches!(rules.secret, SecretRule::Always | SecretRule::OnRefresh);
            if needs_secret && !secret_ok {
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "client_secret is required",
                );
            }
            let Some(old) = form.refresh_token.filter(|t| state.refresh.contains_key(t)) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "refresh token is invalid, used or revoked",
                );
            };
            if rules.refresh_single_use {
                state.refresh.remove(&old);
            }
            let mut pair = issue(rules, &mut state);
            if !rules.refresh_rotates {
                if let Some(fresh) = pair.refresh_token.take() {
                    state.refresh.remove(&fresh);
                }
                pair.refresh_token = None;
            }
            Json(reply(rules, pair, rules.default_scopes)).into_response()
        }
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be authorization_code or refresh_token",
        ),
    }
}

/// RFC 7009 revocation; Dropbox's `token/revoke` sends the token as a bearer instead.
pub async fn revoke(
    AxumState(server): AxumState<Arc<OAuthServer>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let bearer = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let from_form = url::form_urlencoded::parse(&body)
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned());
    let token = from_form.or(bearer);
    if let (Some(token), Ok(mut state)) = (token, server.state.lock()) {
        state.access.remove(&token);
        state.refresh.remove(&token);
    }
    StatusCode::OK.into_response()
}

pub(super) fn issue(rules: &OAuthRules, state: &mut State) -> TokenPair {
    let access = random_token("at_");
    let refresh = random_token("rt_");
    state
        .access
        .insert(access.clone(), Instant::now() + rules.access_ttl);
    state.refresh.insert(refresh.clone(), ());
    TokenPair {
        access_token: access,
        token_type: "bearer".to_owned(),
        expires_in: rules.access_ttl.as_secs(),
        refresh_token: Some(refresh),
    }
}

/// The token endpoint's answer, with the fields this provider adds.
fn reply(rules: &OAuthRules, pair: TokenPair, scope: &str) -> serde_json::Value {
    use serde_json::{json, Value};
    let mut body = match serde_json::to_value(&pair) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let extra = match &rules.reply {
        TokenReply::Dropbox { account_id, uid } => {
            json!({ "scope": scope, "uid": uid, "account_id": account_id })
        }
        TokenReply::Microsoft => json!({
            "token_type": "Bearer",
            "scope": scope,
            "ext_expires_in": pair.expires_in,
        }),
        TokenReply::Box => json!({
            "restricted_to": [],
            "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
        }),
        TokenReply::Keycloak => json!({
            "token_type": "Bearer",
            "scope": scope,
            "refresh_expires_in": 1800,
            "not-before-policy": 0,
            "session_state": super::random_token(""),
        }),
        TokenReply::Amazon => json!({}),
    };
    if let Value::Object(extra) = extra {
        body.extend(extra);
    }
    Value::Object(body)
}

/// The client's id and secret, from HTTP Basic or from the form.
fn client_credentials(headers: &HeaderMap, form: &TokenForm) -> (Option<String>, Option<String>) {
    use base64::Engine;
    let basic = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.split_once(':').map(|(a, b)| (a.to_owned(), b.to_owned())));
    match basic {
        Some((id, secret)) => (Some(id), Some(secret)),
        None => (form.client_id.clone(), form.client_secret.clone()),
    }
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(serde_json::json!({ "error": error, "error_description": description })),
    )
        .into_response()
}
