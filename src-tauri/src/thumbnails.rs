//! The `thumb:` protocol: `<img src>` in the window asks for a thumbnail as
//! `thumb://localhost/{side}/{source}/{version}/{id}` (each part encoded,
//! `?page=N` for a PDF's page),
//! and gets the image, or a 404 the grid answers with a file icon.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::thumbnails::ThumbnailKey;
use cloudpick_core::ItemId;
use percent_encoding::percent_decode_str;
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
        match response {
            Ok(response) => responder.respond(response),
            Err(_) => responder.respond(Response::new(Vec::new())),
        }
    });
}

fn empty(status: StatusCode) -> tauri::http::Result<Response<Vec<u8>>> {
    Response::builder().status(status).body(Vec::new())
}

/// `/{side}/{source}/{version}/{id}`, where the whole path may come encoded
/// once more (as `convertFileSrc` sends it).
fn parts(path: &str) -> Option<(u32, String, String, String)> {
    let path = percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8()
        .ok()?;
    let mut split = path.splitn(4, '/');
    let mut next = || {
        split
            .next()
            .and_then(|p| percent_decode_str(p).decode_utf8().ok())
            .map(|p| p.into_owned())
    };
    let side = next()?.parse().ok()?;
    Some((side, next()?, next()?, next()?))
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
