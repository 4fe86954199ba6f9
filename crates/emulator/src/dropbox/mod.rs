//! Dropbox API v2: RPC routes on the `api` host, content routes on the
//! `content` host, each under its own base URL.

pub(crate) mod api;
mod content;
pub(crate) mod errors;
mod files;
mod sharing;

use crate::oauth::{BearerError, OAuthServer};
use crate::store::{Node, Store};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The account's allocation: 2 GiB.
pub const ALLOCATED: u64 = 2 * 1024 * 1024 * 1024;

pub struct Dropbox {
    pub store: Mutex<Store>,
    pub oauth: Arc<OAuthServer>,
    sessions: crate::sessions::Sessions<content::UploadSession>,
    /// Shared link token → item id.
    links: Mutex<HashMap<String, String>>,
    base: String,
}

impl Dropbox {
    pub fn new(store: Store, oauth: Arc<OAuthServer>, base: String) -> Arc<Self> {
        Arc::new(Dropbox {
            store: Mutex::new(store),
            oauth,
            sessions: Default::default(),
            links: Mutex::default(),
            base,
        })
    }

    /// The host shared links point at (`www.dropbox.com`).
    pub fn link_base(&self) -> String {
        format!("{}/dropbox/www", self.base)
    }

    /// `www.dropbox.com/s/{token}/{name}`: shared links, public.
    pub fn link_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/s/{token}/{name}", axum::routing::get(sharing::open_link))
            .with_state(self.clone())
    }

    /// Routes of `api.dropboxapi.com/2`.
    pub fn api_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/users/get_current_account", post(files::current_account))
            .route("/users/get_space_usage", post(files::space_usage))
            .route("/files/list_folder", post(files::list_folder))
            .route(
                "/files/list_folder/continue",
                post(files::list_folder_continue),
            )
            .route("/files/get_metadata", post(files::get_metadata))
            .route("/files/create_folder_v2", post(files::create_folder))
            .route("/files/delete_v2", post(files::delete))
            .route("/files/search_v2", post(files::search))
            .route("/files/copy_v2", post(sharing::copy))
            .route(
                "/sharing/create_shared_link_with_settings",
                post(sharing::create_shared_link),
            )
            .route(
                "/sharing/list_shared_links",
                post(sharing::list_shared_links),
            )
            .route("/auth/token/revoke", post(files::revoke))
            .with_state(self.clone())
    }

    /// Routes of `content.dropboxapi.com/2`.
    pub fn content_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/files/download", post(content::download))
            .route("/files/upload", post(content::upload))
            .route("/files/get_thumbnail_v2", post(sharing::thumbnail))
            .route("/files/upload_session/start", post(content::session_start))
            .route(
                "/files/upload_session/append_v2",
                post(content::session_append),
            )
            .route(
                "/files/upload_session/finish",
                post(content::session_finish),
            )
            .with_state(self.clone())
    }

    fn authorize(&self, headers: &HeaderMap) -> Result<(), Response> {
        self.oauth.check_bearer(headers).map_err(|e| {
            errors::auth_error(match e {
                BearerError::Expired => "expired_access_token",
                BearerError::Missing | BearerError::Invalid => "invalid_access_token",
            })
        })
    }
}

/// Finds what a Dropbox path names: `""` is the root, `id:...` an id, `/a/b` a path.
fn resolve<'s>(store: &'s Store, path: &str) -> Option<&'s Node> {
    if path.is_empty() {
        store.get(store.root())
    } else if path.starts_with("id:") {
        store.get(path)
    } else if path.starts_with('/') {
        store.by_path(path)
    } else {
        None
    }
}

/// The folder a write to `/a/b/c.txt` goes into (created, as Dropbox creates
/// missing parents on upload) and the name `c.txt`. `None` for a malformed path
/// or a parent that is a file.
fn parent_for_write(store: &mut Store, path: &str) -> Option<(String, String)> {
    let trimmed = path.strip_prefix('/')?.trim_end_matches('/');
    let (dirs, name) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
    if name.is_empty() {
        return None;
    }
    let mut parent = store.root().to_owned();
    for part in dirs.split('/').filter(|p| !p.is_empty()) {
        parent = match store.child_named(&parent, part) {
            Some(node) if node.is_folder => node.id.clone(),
            Some(_) => return None,
            None => store
                .create_folder(&parent, part, crate::store::OnConflict::Fail)
                .ok()?,
        };
    }
    Some((parent, name.to_owned()))
}

/// Splits `/a/b/c.txt` into the parent folder's node id and the name `c.txt`.
fn parent_and_name(store: &Store, path: &str) -> Option<(String, String)> {
    let trimmed = path.trim_end_matches('/');
    let (parent, name) = trimmed.rsplit_once('/')?;
    if name.is_empty() {
        return None;
    }
    let parent = resolve(store, parent)?;
    parent
        .is_folder
        .then(|| (parent.id.clone(), name.to_owned()))
}
