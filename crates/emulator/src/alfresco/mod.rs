//! Alfresco Content Services REST v1 on a "server the user names": Basic
//! auth, the tickets API, or bearer tokens from an OIDC (Keycloak-style) realm.

pub(crate) mod api;
mod nodes;

use crate::oauth::OAuthServer;
use crate::store::{OnConflict, Store};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// The demo user's password.
pub const PASSWORD: &str = "demo-password";

pub struct Alfresco {
    pub store: Mutex<Store>,
    pub oauth: Arc<OAuthServer>,
    tickets: Mutex<HashSet<String>>,
    shared_links: Mutex<HashMap<String, String>>,
    home: String,
    shared: String,
}

impl Alfresco {
    /// A repository with `User Homes/demo` (where the seed goes) and `Shared`.
    pub fn new(
        mut store: Store,
        seed: Option<&std::path::Path>,
        oauth: Arc<OAuthServer>,
    ) -> std::io::Result<Arc<Self>> {
        let root = store.root().to_owned();
        let to_io = |e| std::io::Error::other(format!("{e:?}"));
        let homes = store
            .create_folder(&root, "User Homes", OnConflict::Fail)
            .map_err(to_io)?;
        let home = store
            .create_folder(&homes, api::USER, OnConflict::Fail)
            .map_err(to_io)?;
        let shared = store
            .create_folder(&root, "Shared", OnConflict::Fail)
            .map_err(to_io)?;
        if let Some(seed) = seed {
            store.copy_in(seed, &home)?;
        }
        Ok(Arc::new(Alfresco {
            store: Mutex::new(store),
            oauth,
            tickets: Mutex::default(),
            shared_links: Mutex::default(),
            home,
            shared,
        }))
    }

    /// `/alfresco/api/-default-/public/alfresco/versions/1`.
    pub fn core_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/people/{id}", get(nodes::person))
            .route("/nodes/{id}", get(nodes::get).delete(nodes::delete))
            .route(
                "/nodes/{id}/children",
                get(nodes::children).post(nodes::create),
            )
            .route(
                "/nodes/{id}/content",
                get(nodes::content).put(nodes::replace_content),
            )
            .route("/nodes/{id}/copy", post(nodes::copy))
            .route(
                "/nodes/{id}/renditions/{rendition}/content",
                get(nodes::rendition),
            )
            .route("/queries/nodes", get(nodes::search))
            .route("/shared-links", post(nodes::share))
            .route("/shared-links/{id}/content", get(nodes::shared_content))
            .with_state(self.clone())
    }

    /// `/alfresco/api/-default-/public/authentication/versions/1`.
    pub fn auth_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/tickets", post(nodes::login))
            .route(
                "/tickets/-me-",
                get(nodes::validate_ticket).delete(nodes::logout),
            )
            .with_state(self.clone())
    }

    /// Basic user:password, Basic base64(ticket), `?alf_ticket=`, or an OIDC bearer token.
    fn authorize(&self, headers: &HeaderMap, query_ticket: Option<&str>) -> Result<(), Response> {
        let unauthorized = || {
            api::error(
                axum::http::StatusCode::UNAUTHORIZED,
                "Authentication failed",
            )
        };
        if let Some(ticket) = query_ticket {
            return if self.valid_ticket(ticket) {
                Ok(())
            } else {
                Err(unauthorized())
            };
        }
        let value = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(unauthorized)?;
        if value.starts_with("Bearer ") {
            return self.oauth.check_bearer(headers).map_err(|_| unauthorized());
        }
        let decoded = value
            .strip_prefix("Basic ")
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(unauthorized)?;
        match decoded.split_once(':') {
            Some((user, password)) if user == api::USER && password == PASSWORD => Ok(()),
            Some((_, ticket)) if self.valid_ticket(ticket) => Ok(()),
            None if self.valid_ticket(&decoded) => Ok(()),
            _ => Err(unauthorized()),
        }
    }

    fn valid_ticket(&self, ticket: &str) -> bool {
        self.tickets.lock().is_ok_and(|t| t.contains(ticket))
    }

    /// Resolves `-root-`, `-my-`, `-shared-` and plain ids.
    fn node_id(&self, store: &Store, id: &str) -> Option<String> {
        let id = match id {
            "-root-" => store.root().to_owned(),
            "-my-" => self.home.clone(),
            "-shared-" => self.shared.clone(),
            other => other.to_owned(),
        };
        store.get(&id).map(|n| n.id.clone())
    }
}
