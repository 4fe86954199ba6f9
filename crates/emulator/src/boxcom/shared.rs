//! Open shared links as Box makes them: `url` is the web page that shows the
//! file (`app.box.com/s/{token}`), `download_url` the file's bytes
//! (`app.box.com/shared/static/{token}.ext`).

use super::BoxCom;
use crate::http::serve_blob;
use crate::store::Node;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;

/// The file's link and download link, made on first use and the same after.
pub(super) fn links(b: &BoxCom, node: &Node) -> Option<(String, String)> {
    let mut shares = b.shares.lock().ok()?;
    let token = shares
        .entry(node.id.clone())
        .or_insert_with(|| crate::oauth::random_token("").to_ascii_lowercase()[..32].to_owned())
        .clone();
    let app = format!("{}/box/app", b.base);
    let extension = node
        .name
        .rsplit_once('.')
        .map(|(_, ext)| format!(".{ext}"))
        .unwrap_or_default();
    Some((
        format!("{app}/s/{token}"),
        format!("{app}/shared/static/{token}{extension}"),
    ))
}

/// The node a share token names.
fn shared_node(b: &BoxCom, token: &str) -> Option<Node> {
    let id = b
        .shares
        .lock()
        .ok()?
        .iter()
        .find(|(_, t)| t.as_str() == token)
        .map(|(id, _)| id.clone())?;
    b.store.lock().ok()?.get(&id).cloned()
}

/// `/s/{token}`: a page naming the file, with its download link.
pub async fn page(State(b): State<Arc<BoxCom>>, Path(token): Path<String>) -> Response {
    let Some(node) = shared_node(&b, &token) else {
        return (StatusCode::NOT_FOUND, Html("<h1>This shared file or folder link has been removed or is unavailable to you.</h1>")).into_response();
    };
    let name = html_escape(&node.name);
    let download = links(&b, &node).map(|(_, d)| d).unwrap_or_default();
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{name} | Powered by Box</title></head>\
         <body><h1>{name}</h1><a id=\"download\" href=\"{download}\">Download</a></body></html>"
    ))
    .into_response()
}

/// `/shared/static/{token}.ext`: the file's bytes, `Range` honoured.
pub async fn download(
    State(b): State<Arc<BoxCom>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let token = file.split_once('.').map_or(file.as_str(), |(t, _)| t);
    match shared_node(&b, token).and_then(|n| n.blob) {
        Some(blob) => serve_blob(&blob, &headers, HeaderMap::new()).await,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
