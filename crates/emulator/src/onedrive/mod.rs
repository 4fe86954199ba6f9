//! Microsoft Graph v1.0, OneDrive part: `/me`, `/me/drive` and driveItems
//! addressed by id (`items/{id}`) or path (`root:/a/b:`), with the separate
//! pre-authenticated hosts of `@microsoft.graph.downloadUrl` and `uploadUrl`.

pub(crate) mod api;
mod content;
mod items;
mod target;

use crate::oauth::{BearerError, OAuthServer};
use crate::store::Store;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::{any, get};
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use target::{parse, Address};

/// The drive's size: 5 GiB, OneDrive's free plan.
pub const QUOTA_TOTAL: u64 = 5 * 1024 * 1024 * 1024;

pub struct Graph {
    pub store: Mutex<Store>,
    pub oauth: Arc<OAuthServer>,
    /// This emulator's base URL, for the absolute URLs Graph hands out.
    base: String,
    downloads: Mutex<HashMap<String, String>>,
    /// Item id → its anonymous share link.
    shares: Mutex<HashMap<String, String>>,
    sessions: crate::sessions::Sessions<content::UploadSession>,
}

impl Graph {
    pub fn new(store: Store, oauth: Arc<OAuthServer>, base: String) -> Arc<Self> {
        Arc::new(Graph {
            store: Mutex::new(store),
            oauth,
            base,
            downloads: Mutex::default(),
            shares: Mutex::default(),
            sessions: Default::default(),
        })
    }

    /// `graph.microsoft.com/v1.0`.
    pub fn api_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/me", get(items::me))
            .route("/me/drive", get(items::drive))
            .route("/me/drive/{*rest}", any(dispatch))
            // How msgraph-sdk addresses everything: the drive by its id.
            .route("/drives/{drive}", get(drive_by_id))
            .route("/drives/{drive}/{*rest}", any(dispatch_in_drive))
            .fallback(unknown_segment)
            .with_state(self.clone())
    }

    /// The hosts behind `downloadUrl`, `uploadUrl`, thumbnails and share links.
    pub fn content_router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/download/{token}", get(content::download))
            .route("/upload/{session}", any(content::session))
            .route("/thumbnail/{id}/{side}", get(content::thumbnail))
            .route("/monitor/{id}", get(content::monitor))
            .with_state(self.clone())
    }

    pub fn api_base(&self) -> String {
        format!("{}/graph/v1.0", self.base)
    }

    pub fn content_base(&self) -> String {
        format!("{}/graph-content", self.base)
    }

    fn authorize(&self, headers: &HeaderMap) -> Result<(), Response> {
        self.oauth.check_bearer(headers).map_err(|e| match e {
            BearerError::Expired => api::error(
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
                "Access token has expired or is not yet valid.",
            ),
            BearerError::Missing => api::error(
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
                "Access token is empty.",
            ),
            BearerError::Invalid => api::error(
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
                "IDX14100: JWT is not well formed.",
            ),
        })
    }
}

fn not_found() -> Response {
    api::error(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        "The resource could not be found.",
    )
}

/// Graph's answer to a URL it has no resource for: 400 with the segment named.
async fn unknown_segment(uri: axum::http::Uri) -> Response {
    let segment = uri
        .path()
        .trim_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    api::error(
        StatusCode::BAD_REQUEST,
        "BadRequest",
        &format!("Resource not found for the segment '{segment}'."),
    )
}

/// The one drive there is, by its id (case as Graph gives it).
fn known_drive(drive: &str) -> Result<(), Response> {
    if drive.eq_ignore_ascii_case(api::DRIVE_ID) {
        Ok(())
    } else {
        Err(api::error(
            StatusCode::NOT_FOUND,
            "itemNotFound",
            "The requested drive was not found.",
        ))
    }
}

/// `GET /drives/{drive-id}`.
async fn drive_by_id(
    State(graph): State<Arc<Graph>>,
    Path(drive): Path<String>,
    headers: HeaderMap,
) -> Response {
    authorized!(graph, headers);
    if let Err(missing) = known_drive(&drive) {
        return missing;
    }
    items::drive(State(graph), headers).await
}

/// `/drives/{drive-id}/...`: the same items as `/me/drive/...`.
async fn dispatch_in_drive(
    State(graph): State<Arc<Graph>>,
    Path((drive, rest)): Path<(String, String)>,
    query: Query<HashMap<String, String>>,
    request: Request,
) -> Response {
    authorized!(graph, request.headers().clone());
    if let Err(missing) = known_drive(&drive) {
        return missing;
    }
    dispatch(State(graph), Path(rest), query, request).await
}

/// Routes everything under `/me/drive/` by the address and what follows it.
async fn dispatch(
    State(graph): State<Arc<Graph>>,
    Path(rest): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    authorized!(graph, headers);
    let method = request.method().clone();
    let Some((address, action)) = parse(&rest) else {
        return api::error(StatusCode::BAD_REQUEST, "invalidRequest", "Invalid request");
    };
    match (method, action.as_str()) {
        (Method::GET, "") => items::get(&graph, &address),
        (Method::GET, "/children") => items::children(&graph, &address, &query),
        (Method::POST, "/children") => items::create_folder(&graph, &address, request).await,
        (Method::DELETE, "") => items::delete(&graph, &address),
        (Method::GET, "/content") => content::redirect_to_download(&graph, &address),
        (Method::PUT, "/content") => {
            content::simple_upload(&graph, &address, &query, request).await
        }
        (Method::POST, "/createUploadSession") => {
            content::create_session(&graph, &address, request).await
        }
        (Method::GET, "/thumbnails") => content::thumbnails(&graph, &address),
        (Method::POST, "/createLink") => items::create_link(&graph, &address),
        (Method::POST, "/copy") => items::copy(&graph, &address, request).await,
        (Method::GET, search) if search.starts_with("/search(q=") => items::search(&graph, search),
        _ => api::error(
            StatusCode::BAD_REQUEST,
            "invalidRequest",
            "Unsupported segment in the request URL",
        ),
    }
}

impl Address {
    /// The id of the item the address names, if it exists.
    fn resolve(&self, store: &Store) -> Option<String> {
        match self {
            Address::Root => Some(store.root().to_owned()),
            Address::Id(id) => store.get(id).map(|n| n.id.clone()),
            Address::Path(path) => store.by_path(path).map(|n| n.id.clone()),
            Address::Child { parent, name } => {
                let mut id = parent.resolve(store)?;
                for part in name.split('/').filter(|p| !p.is_empty()) {
                    id = store.child_named(&id, part)?.id.clone();
                }
                Some(id)
            }
        }
    }

    /// For a write: the parent folder's id and the new item's name.
    fn parent_and_name(&self, store: &Store) -> Option<(String, String)> {
        match self {
            Address::Child { parent, name } => {
                let (dirs, name) = name
                    .trim_matches('/')
                    .rsplit_once('/')
                    .unwrap_or(("", name));
                let mut id = parent.resolve(store)?;
                for part in dirs.split('/').filter(|p| !p.is_empty()) {
                    id = store
                        .child_named(&id, part)
                        .filter(|n| n.is_folder)?
                        .id
                        .clone();
                }
                Some((id, name.to_owned()))
            }
            Address::Path(path) => {
                let (dir, name) = path.trim_end_matches('/').rsplit_once('/')?;
                let parent = if dir.is_empty() {
                    store.root().to_owned()
                } else {
                    store.by_path(dir)?.id.clone()
                };
                Some((parent, name.to_owned()))
            }
            Address::Id(_) | Address::Root => None,
        }
    }
}
