//! Amazon Cloud Drive v1 (legacy; Amazon closed the service at the end of
//! 2023): `account/endpoint` hands out a metadata URL and a content URL, and
//! every later call goes to one of those.

mod filters;
mod nodes;

use crate::oauth::{BearerError, OAuthServer};
use crate::store::Store;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::json;
use std::sync::{Arc, Mutex};

/// 5 GB, the free plan.
pub const QUOTA: u64 = 5_000_000_000;

pub struct Amazon {
    pub store: Mutex<Store>,
    pub oauth: Arc<OAuthServer>,
    base: String,
}

impl Amazon {
    pub fn new(store: Store, oauth: Arc<OAuthServer>, base: String) -> Arc<Self> {
        Arc::new(Amazon {
            store: Mutex::new(store),
            oauth,
            base,
        })
    }

    pub fn discovery_base(&self) -> String {
        format!("{}/amazon/drive/v1", self.base)
    }

    pub fn metadata_url(&self) -> String {
        format!("{}/amazon-meta/drive/v1/", self.base)
    }

    pub fn content_url(&self) -> String {
        format!("{}/amazon-content/cdproxy/", self.base)
    }

    /// `drive.amazonaws.com/drive/v1`: only `account/endpoint`.
    pub fn discovery_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/account/endpoint", get(endpoint))
            .with_state(self.clone())
    }

    pub fn metadata_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/account/info", get(nodes::account_info))
            .route("/account/quota", get(nodes::quota))
            .route("/nodes", get(nodes::query).post(nodes::create_folder))
            .route("/nodes/{id}", get(nodes::get))
            .route("/nodes/{id}/children", get(nodes::children))
            .route("/trash/{id}", put(nodes::trash))
            .with_state(self.clone())
    }

    pub fn content_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/nodes", post(nodes::upload))
            .route(
                "/nodes/{id}/content",
                get(nodes::download).put(nodes::overwrite),
            )
            .with_state(self.clone())
    }

    fn authorize(&self, headers: &HeaderMap) -> Result<(), Response> {
        self.oauth.check_bearer(headers).map_err(|e| {
            let message = match e {
                BearerError::Expired => "Token has expired",
                BearerError::Missing | BearerError::Invalid => {
                    "Authorization header requires 'Credential' parameter."
                }
            };
            (
                StatusCode::UNAUTHORIZED,
                Json(json!({ "message": message })),
            )
                .into_response()
        })
    }
}

async fn endpoint(
    axum::extract::State(a): axum::extract::State<Arc<Amazon>>,
    headers: HeaderMap,
) -> Response {
    authorized!(a, headers);
    Json(json!({ "customerExists": true, "contentUrl": a.content_url(), "metadataUrl": a.metadata_url() })).into_response()
}
