//! OpenID Connect discovery for the Microsoft identity platform's login host:
//! MSAL reads the endpoints from `/{tenant}/v2.0/.well-known/openid-configuration`
//! rather than building them itself.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

/// `/{tenant}/v2.0/.well-known/openid-configuration`, for a login host at `login_base`.
pub fn router(login_base: String) -> Router {
    Router::new()
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(configuration),
        )
        .with_state(login_base)
}

async fn configuration(State(base): State<String>, Path(tenant): Path<String>) -> Response {
    let v2 = format!("{base}/{tenant}/oauth2/v2.0");
    Json(json!({
        "issuer": format!("{base}/{tenant}/v2.0"),
        "authorization_endpoint": format!("{v2}/authorize"),
        "token_endpoint": format!("{v2}/token"),
        "device_authorization_endpoint": format!("{v2}/devicecode"),
        "end_session_endpoint": format!("{v2}/logout"),
        "jwks_uri": format!("{base}/{tenant}/discovery/v2.0/keys"),
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "code_challenge_methods_supported": ["S256"],
        "tenant_region_scope": null,
    }))
    .into_response()
}
