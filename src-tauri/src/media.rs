//! The `media:` protocol: Quick Look's `<video>` and `<audio>` play a file
//! of a drive from `media://localhost/{source}/{id}` (each part encoded).
//! The player asks for byte ranges; each answer is a `206` of at most
//! `preview::MAX_PART` bytes, read from the drive at that moment, so a long
//! video starts at once and nothing is stored.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::ItemId;
use crate::scheme::empty;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "media";

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let path = request.uri().path().to_owned();
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    tauri::async_runtime::spawn(async move {
        let response = match parts(&path) {
            Some((source, id)) => {
                let (start, len) = asked(range.as_deref());
                match app
                    .state::<Cloudpick>()
                    .media_part(&source, &ItemId::new(id), start, len)
                    .await
                {
                    Ok(part) if part.total == 0 || part.start < part.total => {
                        let end = part.start + part.bytes.len() as u64;
                        Response::builder()
                            .status(StatusCode::PARTIAL_CONTENT)
                            .header(header::CONTENT_TYPE, part.mime)
                            .header(header::ACCEPT_RANGES, "bytes")
                            .header(
                                header::CONTENT_RANGE,
                                format!(
                                    "bytes {}-{}/{}",
                                    part.start,
                                    end.saturating_sub(1),
                                    part.total
                                ),
                            )
                            .body(part.bytes)
                    }
                    Ok(part) => Response::builder()
                        .status(StatusCode::RANGE_NOT_SATISFIABLE)
                        .header(header::CONTENT_RANGE, format!("bytes */{}", part.total))
                        .body(Vec::new()),
                    Err(_) => empty(StatusCode::NOT_FOUND),
                }
            }
            None => empty(StatusCode::BAD_REQUEST),
        };
        crate::scheme::send(responder, response);
    });
}

/// `bytes=a-b` or `bytes=a-` as a start and a length; anything else, from
/// the start.
fn asked(range: Option<&str>) -> (u64, Option<u64>) {
    let Some((a, b)) = range
        .and_then(|r| r.trim().strip_prefix("bytes="))
        .and_then(|r| r.split_once('-'))
    else {
        return (0, None);
    };
    match (a.trim().parse::<u64>(), b.trim().parse::<u64>()) {
        (Ok(start), Ok(end)) if end >= start => (start, Some(end - start + 1)),
        (Ok(start), _) => (start, None),
        _ => (0, None),
    }
}

/// `/{source}/{id}`.
fn parts(path: &str) -> Option<(String, String)> {
    let [source, id]: [String; 2] = crate::scheme::parts(path, 2)?.try_into().ok()?;
    Some((source, id))
}

#[cfg(test)]
mod tests {
    use super::{asked, parts};

    #[test]
    fn reads_the_source_the_id_and_the_range() {
        assert_eq!(
            parts("/dropbox%253Aana%2540x.com%2F%252FFilms%252Fa%2520b.mp4"),
            Some(("dropbox:ana@x.com".into(), "/Films/a b.mp4".into()))
        );
        assert_eq!(parts("/nothing"), None);
        assert_eq!(asked(Some("bytes=0-")), (0, None));
        assert_eq!(asked(Some("bytes=100-199")), (100, Some(100)));
        assert_eq!(asked(None), (0, None));
    }
}
