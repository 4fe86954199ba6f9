//! Strict mode: every request to a provider's API is checked against that
//! provider's official spec before a handler sees it, and refused with the
//! provider's own error where the real service refuses it (an unknown or
//! mistyped argument, a missing required one, a wrong content type, a value
//! outside an enum). Where a real service is known to be lenient, so is this,
//! and the provider's file says why.
//!
//! Only small JSON bodies are read here (and handed on unchanged); uploads
//! stream through untouched.

mod alfresco;
mod boxcom;
mod dropbox;
mod onedrive;
mod stone_decode;

use crate::specs::{csdl::Csdl, openapi::Api, stone::Stone};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::path::Path;
use std::sync::Arc;

/// The largest JSON body strict mode reads to check it.
const JSON_LIMIT: usize = 1 << 20;

/// The specs, loaded once.
pub struct Strict {
    dropbox: dropbox::Rules,
    boxcom: Api,
    graph: Csdl,
    alfresco: Api,
}

/// One request as the checks see it, with the provider's prefix removed from
/// the path (`/folders/0/items`, `files/list_folder`).
pub(crate) struct Call<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub query: Vec<(String, String)>,
    pub headers: &'a HeaderMap,
    /// The body, when it is JSON and was read.
    pub json: Option<&'a Bytes>,
}

impl Call<'_> {
    /// The request's media type, lower case and without parameters (`application/json`).
    pub fn media_type(&self) -> Option<String> {
        let value = self.headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
        let media = value.split(';').next().unwrap_or_default().trim();
        (!media.is_empty()).then(|| media.to_ascii_lowercase())
    }

    /// Whether the request carries a body (by its length or chunked encoding).
    pub fn has_body(&self) -> bool {
        let length = self
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        match length {
            Some(n) => n > 0,
            None => self.headers.contains_key(header::TRANSFER_ENCODING),
        }
    }
}

/// Which checks a path falls under, and the path below the provider's base.
enum Provider<'a> {
    DropboxApi(&'a str),
    DropboxContent(&'a str),
    Box(&'a str),
    Graph(&'a str),
    Alfresco(&'a str),
}

fn provider(path: &str) -> Option<Provider<'_>> {
    if let Some(rest) = path.strip_prefix("/dropbox/api/2/") {
        return Some(Provider::DropboxApi(rest));
    }
    if let Some(rest) = path.strip_prefix("/dropbox/content/2/") {
        return Some(Provider::DropboxContent(rest));
    }
    for base in ["/box/api/2.0", "/box/upload/api/2.0"] {
        if let Some(rest) = path.strip_prefix(base).filter(|r| r.starts_with('/')) {
            return Some(Provider::Box(rest));
        }
    }
    if let Some(rest) = path
        .strip_prefix("/graph/v1.0")
        .filter(|r| r.starts_with('/'))
    {
        return Some(Provider::Graph(rest));
    }
    path.strip_prefix("/alfresco/api/-default-/public/alfresco/versions/1")
        .filter(|r| r.starts_with('/'))
        .map(Provider::Alfresco)
}

impl Strict {
    /// Reads the specs from `dir` (laid out as `../shared/specs` is).
    pub fn load(dir: &Path) -> std::io::Result<Strict> {
        Ok(Strict {
            dropbox: dropbox::Rules::new(Stone::load(&dir.join("dropbox"))?),
            boxcom: Api::new(crate::specs::box_openapi(dir)?),
            graph: Csdl::load(&dir.join("msgraph/cleanMetadata-v1.0.xml"))?,
            alfresco: Api::new(crate::specs::swagger(dir, "alfresco-core.yaml")?),
        })
    }

    /// `Err` with the provider's refusal when the spec does not allow `call`.
    fn check(&self, provider: &Provider<'_>, call: &Call<'_>) -> Result<(), Response> {
        match provider {
            Provider::DropboxApi(_) => self.dropbox.rpc(call),
            Provider::DropboxContent(_) => self.dropbox.content(call),
            Provider::Box(_) => boxcom::check(&self.boxcom, call),
            Provider::Graph(_) => onedrive::check(&self.graph, call),
            Provider::Alfresco(_) => alfresco::check(&self.alfresco, call),
        }
    }
}

/// Middleware: checks each request to a provider's API against its spec.
pub async fn apply(State(strict): State<Arc<Strict>>, request: Request, next: Next) -> Response {
    let uri = request.uri().clone();
    let Some(provider) = provider(uri.path()) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    // Dropbox's RPC routes also take JSON as `text/plain; charset=dropbox-cors-hack`.
    let json = content_type.contains("json")
        || (matches!(provider, Provider::DropboxApi(_))
            && content_type.contains("dropbox-cors-hack"));
    let small = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_none_or(|n| n <= JSON_LIMIT);
    let (body, read) = if json && small {
        match axum::body::to_bytes(body, JSON_LIMIT).await {
            Ok(bytes) => (Body::from(bytes.clone()), Some(bytes)),
            Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        }
    } else {
        (body, None)
    };
    let path = match &provider {
        Provider::DropboxApi(p)
        | Provider::DropboxContent(p)
        | Provider::Box(p)
        | Provider::Graph(p)
        | Provider::Alfresco(p) => *p,
    };
    let call = Call {
        method: &parts.method,
        path,
        query: uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default(),
        headers: &parts.headers,
        json: read.as_ref(),
    };
    if let Err(refusal) = strict.check(&provider, &call) {
        return refusal;
    }
    next.run(Request::from_parts(parts, body)).await
}
