//! The `thumb:` protocol: `<img src>` in the window asks for a thumbnail as
//! `thumb://localhost/{side}/{source}/{version}/{id}` (each part encoded,
//! `?page=N` for a PDF's page),
//! and gets the image, or a 404 the grid answers with a file icon.

use crate::scheme::empty;
use cloudpick_core::app::Cloudpick;
use cloudpick_core::thumbnails::ThumbnailKey;
use cloudpick_core::ItemId;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "thumb";

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let path = request.uri().path().to_owned();
    // `?page=N`: a PDF's page (the first when absent).
    let page = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("page=")))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    tauri::async_runtime::spawn(async move {
        let response = match parts(&path) {
            Some((side, source, version, id)) => {
                let key = ThumbnailKey {
                    source: &source,
                    id: &ItemId::new(id),
                    version: &version,
                    side,
                    page,
                };
                match app.state::<Cloudpick>().thumbnail(key).await {
                    Ok(thumbnail) => Response::builder()
                        .header(header::CONTENT_TYPE, thumbnail.mime)
                        .header(header::CACHE_CONTROL, "max-age=86400")
                        .body(thumbnail.bytes),
                    Err(_) => empty(StatusCode::NOT_FOUND),
                }
            }
            None => empty(StatusCode::BAD_REQUEST),
        };
        crate::scheme::send(responder, response);
    });
}

/// `/{side}/{source}/{version}/{id}`.
fn parts(path: &str) -> Option<(u32, String, String, String)> {
    let [side, source, version, id]: [String; 4] =
        crate::scheme::parts(path, 4)?.try_into().ok()?;
    Some((side.parse().ok()?, source, version, id))
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn reads_the_four_parts_with_slashes_in_the_id() {
        assert_eq!(
            parts("/256%2Fdropbox%253Aana%2540x.com%2F1700000000-12%2F%252FPhotos%252Fa%2520b.jpg"),
            Some((
                256,
                "dropbox:ana@x.com".into(),
                "1700000000-12".into(),
                "/Photos/a b.jpg".into()
            ))
        );
        assert_eq!(parts("/big/dropbox/v/x"), None);
        assert_eq!(parts("/256/dropbox"), None);
    }
}
