//! What the window's own protocols (`thumb:`) need: the answer sent
//! whatever happens, empty answers, and paths whose parts come encoded.

use percent_encoding::percent_decode_str;
use tauri::http::{Response, StatusCode};
use tauri::UriSchemeResponder;

pub type Answer = tauri::http::Result<Response<Vec<u8>>>;

/// Sends `answer`, or an empty one if it could not be built.
pub fn send(responder: UriSchemeResponder, answer: Answer) {
    match answer {
        Ok(response) => responder.respond(response),
        Err(_) => responder.respond(Response::new(Vec::new())),
    }
}

pub fn empty(status: StatusCode) -> Answer {
    Response::builder().status(status).body(Vec::new())
}

/// The `count` parts of `path` (the last one takes the rest, slashes and
/// all), each percent-decoded, where the whole path may come encoded once
/// more (as `convertFileSrc` sends it).
pub fn parts(path: &str, count: usize) -> Option<Vec<String>> {
    let path = percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8()
        .ok()?;
    let parts: Vec<String> = path
        .splitn(count, '/')
        .map(|p| {
            percent_decode_str(p)
                .decode_utf8()
                .ok()
                .map(|p| p.into_owned())
        })
        .collect::<Option<_>>()?;
    (parts.len() == count).then_some(parts)
}
