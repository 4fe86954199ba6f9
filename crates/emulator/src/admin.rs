//! `/__admin`: what a test or a person can change while the emulator runs.
//! `POST /faults` adds a [`FaultRule`](crate::faults::FaultRule), `DELETE /faults`
//! clears them; `POST /{provider}/expire-tokens` and `/{provider}/revoke-tokens`
//! act on that provider's tokens, `/{provider}/expire-codes` on its unused
//! authorization codes; `POST /{provider}/quota {"bytes": N}` (or
//! `null`) limits what its drive may hold.

use crate::faults::{self, Faults};
use crate::oauth::OAuthServer;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Sets a drive's quota.
pub type QuotaSetter = Arc<dyn Fn(Option<u64>) + Send + Sync>;

#[derive(Clone)]
pub struct Admin {
    pub faults: Arc<Faults>,
    pub oauth: BTreeMap<&'static str, Arc<OAuthServer>>,
    pub quotas: BTreeMap<&'static str, QuotaSetter>,
}

impl Admin {
    /// The admin routes; with `token`, only for requests that carry it.
    pub fn router(self, token: Option<String>) -> Router {
        let routes = self.routes();
        match token {
            Some(token) => routes.layer(axum::middleware::from_fn(move |request, next| {
                guard(token.clone(), request, next)
            })),
            None => routes,
        }
    }

    fn routes(self) -> Router {
        let faults = Router::new()
            .route(
                "/faults",
                post(faults::admin_add).delete(faults::admin_clear),
            )
            .with_state(self.faults.clone());
        let tokens = Router::new()
            .route("/{provider}/expire-tokens", post(expire))
            .route("/{provider}/revoke-tokens", post(revoke))
            .route("/{provider}/quota", post(quota))
            .route("/{provider}/expire-codes", post(expire_codes))
            .with_state(Arc::new(self));
        faults.merge(tokens)
    }
}

/// Lets a request through when it carries the admin token, else 401.
async fn guard(
    token: String,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let expected = format!("Bearer {token}");
    let given = request
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if given == Some(expected.as_str()) {
        next.run(request).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            "The emulator's admin needs its token (Authorization: Bearer …)",
        )
            .into_response()
    }
}

async fn expire(State(admin): State<Arc<Admin>>, Path(provider): Path<String>) -> StatusCode {
    match admin.oauth.get(provider.as_str()) {
        Some(oauth) => {
            oauth.expire_access_tokens();
            StatusCode::NO_CONTENT
        }
        None => StatusCode::NOT_FOUND,
    }
}

async fn revoke(State(admin): State<Arc<Admin>>, Path(provider): Path<String>) -> StatusCode {
    match admin.oauth.get(provider.as_str()) {
        Some(oauth) => {
            oauth.revoke_everything();
            StatusCode::NO_CONTENT
        }
        None => StatusCode::NOT_FOUND,
    }
}

async fn quota(
    State(admin): State<Arc<Admin>>,
    Path(provider): Path<String>,
    axum::Json(body): axum::Json<serde_json::Value>,
) -> StatusCode {
    match admin.quotas.get(provider.as_str()) {
        Some(set) => {
            set(body["bytes"].as_u64());
            StatusCode::NO_CONTENT
        }
        None => StatusCode::NOT_FOUND,
    }
}

async fn expire_codes(State(admin): State<Arc<Admin>>, Path(provider): Path<String>) -> StatusCode {
    match admin.oauth.get(provider.as_str()) {
        Some(oauth) => {
            oauth.expire_codes();
            StatusCode::NO_CONTENT
        }
        None => StatusCode::NOT_FOUND,
    }
}
