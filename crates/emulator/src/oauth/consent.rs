//! The authorize endpoint: a consent page with Allow and Deny, or an
//! immediate redirect with `--auto-approve`.

use super::{random_token, AuthRequest, IssuedCode, OAuthServer, RedirectRule};
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

#[derive(Deserialize)]
pub struct AuthorizeQuery {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    response_type: Option<String>,
    state: Option<String>,
    scope: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    run_token: Option<String>,
}

pub async fn show(
    State(server): State<Arc<OAuthServer>>,
    Query(query): Query<AuthorizeQuery>,
) -> Response {
    let rules = &server.rules;
    if server.run_token.is_some() && query.run_token != server.run_token {
        return page_error("This sign-in page opens only from the Cloudpick demo that started it.");
    }
    if query.client_id.as_deref() != Some(rules.client_id.as_str()) {
        return page_error("The app that sent you here is not registered (unknown client_id).");
    }
    let Some(redirect_uri) = query
        .redirect_uri
        .clone()
        .filter(|r| redirect_matches(rules.redirect, &rules.redirect_uri, r))
    else {
        return page_error("The redirect_uri does not match the one registered for this app.");
    };
    if query.response_type.as_deref() != Some("code") {
        return redirect_with(
            &redirect_uri,
            &[
                ("error", "unsupported_response_type"),
                ("state", query.state.as_deref().unwrap_or("")),
            ],
        );
    }
    let challenge = match (
        &query.code_challenge,
        query.code_challenge_method.as_deref(),
    ) {
        (None, _) => None,
        (Some(_), _) if !rules.pkce => None,
        (Some(c), Some("S256")) => Some(c.clone()),
        (Some(_), _) => {
            return redirect_with(
                &redirect_uri,
                &[
                    ("error", "invalid_request"),
                    ("error_description", "only S256 is supported"),
                ],
            );
        }
    };
    let scopes = query.scope.as_deref().unwrap_or(rules.default_scopes);
    let request = AuthRequest {
        redirect_uri,
        state: query.state.clone(),
        challenge,
        scope: scopes.to_owned(),
    };
    if server.auto_approve {
        return approve(&server, request);
    }
    let id = random_token("req_");
    if let Ok(mut state) = server.state.lock() {
        state.pending.insert(id.clone(), request);
    }
    Html(consent_html(&server, &id, scopes)).into_response()
}

#[derive(Deserialize)]
pub struct Decision {
    request: String,
    decision: String,
}

pub async fn decide(
    State(server): State<Arc<OAuthServer>>,
    Form(form): Form<Decision>,
) -> Response {
    let request = server
        .state
        .lock()
        .ok()
        .and_then(|mut s| s.pending.remove(&form.request));
    let Some(request) = request else {
        return page_error("This sign-in request has already been answered or has expired.");
    };
    if form.decision == "allow" {
        approve(&server, request)
    } else {
        let mut params = vec![
            ("error", "access_denied"),
            ("error_description", "The user denied access"),
        ];
        if let Some(state) = &request.state {
            params.push(("state", state));
        }
        redirect_with(&request.redirect_uri, &params)
    }
}

fn approve(server: &OAuthServer, request: AuthRequest) -> Response {
    let code = random_token("code_");
    if let Ok(mut state) = server.state.lock() {
        state.codes.insert(
            code.clone(),
            IssuedCode {
                redirect_uri: request.redirect_uri.clone(),
                challenge: request.challenge.clone(),
                scope: request.scope.clone(),
                expires: Instant::now() + server.rules.code_ttl,
            },
        );
    }
    let mut params = vec![("code", code.as_str())];
    if let Some(state) = &request.state {
        params.push(("state", state));
    }
    redirect_with(&request.redirect_uri, &params)
}

/// Whether `given` is acceptable for an app registered with `registered`.
pub fn redirect_matches(rule: RedirectRule, registered: &str, given: &str) -> bool {
    match rule {
        RedirectRule::Exact => registered == given,
        RedirectRule::AnyLoopbackPort => {
            let (Ok(a), Ok(b)) = (url::Url::parse(registered), url::Url::parse(given)) else {
                return false;
            };
            let loopback =
                |u: &url::Url| matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
            a.scheme() == b.scheme() && loopback(&a) && loopback(&b) && a.path() == b.path()
        }
    }
}

fn redirect_with(base: &str, params: &[(&str, &str)]) -> Response {
    let mut url = match url::Url::parse(base) {
        Ok(url) => url,
        Err(_) => return page_error("The redirect_uri is not a valid URL."),
    };
    url.query_pairs_mut().extend_pairs(params);
    crate::http::found(url.as_str())
}

fn page_error(message: &str) -> Response {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign-in error</title></head>\
         <body style=\"font-family:system-ui;max-width:32rem;margin:4rem auto\"><h1>Sign-in error</h1><p id=\"error\">{}</p></body></html>",
        escape(message)
    );
    (StatusCode::BAD_REQUEST, Html(body)).into_response()
}

fn consent_html(server: &OAuthServer, request: &str, scopes: &str) -> String {
    let rules = &server.rules;
    let items: String = scopes
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| format!("<li>{}</li>", escape(s)))
        .collect();
    let mut vars = HashMap::new();
    vars.insert("provider", escape(rules.provider_name));
    vars.insert("app", escape(rules.app_name));
    vars.insert("request", escape(request));
    vars.insert("scopes", items);
    let mut html = CONSENT.to_owned();
    for (key, value) in vars {
        html = html.replace(&format!("{{{key}}}"), &value);
    }
    html
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const CONSENT: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{provider} – Allow access?</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f8;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.08);padding:32px;max-width:420px}
h1{font-size:20px;margin:0 0 4px}.muted{color:#666}ul{padding-left:20px}
form{display:inline}button{font:inherit;padding:8px 18px;border-radius:8px;border:1px solid #ccc;background:#fff;cursor:pointer}
button.allow{background:#2f5ce6;border-color:#2f5ce6;color:#fff}
</style></head>
<body><main>
<p class="muted">{provider} (emulated)</p>
<h1><span id="app">{app}</span> wants to access your {provider} account</h1>
<p>It asks for:</p><ul id="scopes">{scopes}</ul>
<form method="post" action="decide"><input type="hidden" name="request" value="{request}"><input type="hidden" name="decision" value="deny"><button id="deny" type="submit">Deny</button></form>
<form method="post" action="decide"><input type="hidden" name="request" value="{request}"><input type="hidden" name="decision" value="allow"><button id="allow" class="allow" type="submit">Allow</button></form>
</main></body></html>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_match_on_any_port_but_not_other_hosts() {
        let any = RedirectRule::AnyLoopbackPort;
        assert!(redirect_matches(
            any,
            "http://127.0.0.1/callback",
            "http://127.0.0.1:49152/callback"
        ));
        assert!(redirect_matches(
            any,
            "http://localhost/callback",
            "http://127.0.0.1:5000/callback"
        ));
        assert!(!redirect_matches(
            any,
            "http://127.0.0.1/callback",
            "http://evil.example:5000/callback"
        ));
        assert!(!redirect_matches(
            any,
            "http://127.0.0.1/callback",
            "http://127.0.0.1:5000/other"
        ));
        let exact = RedirectRule::Exact;
        assert!(redirect_matches(
            exact,
            "http://127.0.0.1:53682/cb",
            "http://127.0.0.1:53682/cb"
        ));
        assert!(!redirect_matches(
            exact,
            "http://127.0.0.1:53682/cb",
            "http://127.0.0.1:53683/cb"
        ));
    }
}
