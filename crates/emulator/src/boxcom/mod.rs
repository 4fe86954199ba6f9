//! Box API 2.0: `api.box.com/2.0`, uploads on `upload.box.com/api/2.0`, and
//! downloads redirected to a separate download host.

pub(crate) mod api;
mod items;
mod shared;
mod upload;

use crate::oauth::{BearerError, OAuthServer};
use crate::store::Store;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The account's space: 10 GB, Box's free plan.
pub const SPACE_AMOUNT: u64 = 10_000_000_000;
/// The largest file the account may upload: 250 MB on the free plan.
pub const MAX_UPLOAD: u64 = 250_000_000;

pub struct BoxCom {
    pub store: Mutex<Store>,
    pub oauth: Arc<OAuthServer>,
    base: String,
    downloads: Mutex<HashMap<String, String>>,
    /// File id → the token of its open shared link.
    shares: Mutex<HashMap<String, String>>,
    sessions: Mutex<HashMap<String, upload::ChunkedSession>>,
}

impl BoxCom {
    pub fn new(store: Store, oauth: Arc<OAuthServer>, base: String) -> Arc<Self> {
        Arc::new(BoxCom {
            store: Mutex::new(store),
            oauth,
            base,
            downloads: Mutex::default(),
            shares: Mutex::default(),
            sessions: Mutex::default(),
        })
    }

    pub fn api_base(&self) -> String {
        format!("{}/box/api/2.0", self.base)
    }

    pub fn upload_base(&self) -> String {
        format!("{}/box/upload/api/2.0", self.base)
    }

    pub fn download_base(&self) -> String {
        format!("{}/box/dl", self.base)
    }

    pub fn api_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/users/me", get(items::me))
            .route("/folders", post(items::create_folder))
            .route(
                "/folders/{id}",
                get(items::get_folder).delete(items::delete_folder),
            )
            .route("/folders/{id}/items", get(items::list))
            .route(
                "/files/{id}",
                get(items::get_file)
                    .put(items::update_file)
                    .delete(items::delete_file),
            )
            .route("/files/{id}/content", get(items::content))
            .route("/files/{id}/copy", post(items::copy))
            .route("/files/{id}/thumbnail.png", get(items::thumbnail))
            .route("/search", get(items::search))
            .with_state(self.clone())
    }

    pub fn upload_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/files/content", post(upload::simple))
            .route("/files/upload_sessions", post(upload::create_session))
            .route("/files/{id}/content", post(upload::new_version))
            .route(
                "/files/{id}/upload_sessions",
                post(upload::create_version_session),
            )
            .route(
                "/files/upload_sessions/{id}",
                put(upload::upload_part)
                    .get(upload::status)
                    .delete(upload::abort),
            )
            .route("/files/upload_sessions/{id}/parts", get(upload::list_parts))
            .route("/files/upload_sessions/{id}/commit", post(upload::commit))
            .with_state(self.clone())
    }

    /// `app.box.com`: shared links' web pages (`/s/{token}`) and their
    /// direct downloads (`/shared/static/{token}.ext`).
    pub fn app_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/s/{token}", get(shared::page))
            .route("/shared/static/{file}", get(shared::download))
            .with_state(self.clone())
    }

    pub fn download_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/{token}", get(items::download))
            .with_state(self.clone())
    }

    fn authorize(&self, headers: &HeaderMap) -> Result<(), Response> {
        self.oauth.check_bearer(headers).map_err(|e| {
            api::unauthorized(match e {
                BearerError::Expired => "The access token provided has expired",
                BearerError::Missing | BearerError::Invalid => {
                    "The access token provided is invalid"
                }
            })
        })
    }
}
