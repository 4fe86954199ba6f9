//! Dropbox: a route's argument is decoded as Dropbox's servers decode it
//! (Stone's JSON decoder in strict mode), from the RPC body or the content
//! routes' `Dropbox-API-Arg` header, and refused with Dropbox's 400 text
//! `Error in call to API function "<route>": ...`. The wording of each reason
//! is the Stone decoder's own (see `stone_decode.rs`).

use super::stone_decode::Decoder;
use super::Call;
use crate::dropbox::errors::bad_input;
use crate::specs::stone::{base_name, Route, Stone};
use axum::http::header;
use axum::response::Response;

/// The `Content-Type`s Dropbox accepts on an RPC call, as its refusal lists them.
const RPC_TYPES: [&str; 3] = [
    "application/json",
    "application/json; charset=utf-8",
    "text/plain; charset=dropbox-cors-hack",
];
const UPLOAD_TYPES: [&str; 2] = [
    "application/octet-stream",
    "text/plain; charset=dropbox-cors-hack",
];

pub(super) struct Rules {
    decoder: Decoder,
}

impl Rules {
    pub(super) fn new(stone: Stone) -> Rules {
        Rules {
            decoder: Decoder::new(stone),
        }
    }

    fn route(&self, call: &Call<'_>, host: &str) -> Option<(String, &Route)> {
        let name = call.path.trim_end_matches('/');
        let route = self
            .decoder
            .stone
            .routes
            .get(name)
            .filter(|r| r.host == host)?;
        Some((name.to_owned(), route))
    }

    /// An RPC call on the API host: a JSON body holding the argument.
    pub(super) fn rpc(&self, call: &Call<'_>) -> Result<(), Response> {
        let Some((name, route)) = self.route(call, "api") else {
            return Ok(());
        };
        // A route without an argument takes no body at all (Dropbox's own
        // examples call them with no Content-Type), or `null`.
        if base_name(&route.arg).0 == "Void" && !call.has_body() {
            return Ok(());
        }
        let content_type = content_type(call);
        if !RPC_TYPES.contains(&content_type.as_str()) {
            return Err(bad_input(
                &name,
                &bad_content_type(&content_type, &RPC_TYPES),
            ));
        }
        let body = call.json.map(|b| b.as_ref()).unwrap_or_default();
        self.decoder
            .decode_text(body, &route.arg)
            .map_err(|why| bad_input(&name, &format!("request body: {why}")))
    }

    /// A call on the content host: the argument in `Dropbox-API-Arg` (or the
    /// `arg` URL parameter), the body raw bytes.
    pub(super) fn content(&self, call: &Call<'_>) -> Result<(), Response> {
        let Some((name, route)) = self.route(call, "content") else {
            return Ok(());
        };
        if route.style == "upload" {
            let content_type = content_type(call);
            if !UPLOAD_TYPES.contains(&content_type.as_str()) {
                return Err(bad_input(
                    &name,
                    &bad_content_type(&content_type, &UPLOAD_TYPES),
                ));
            }
        }
        let from_header = call.headers.get("dropbox-api-arg").map(|v| v.as_bytes());
        let from_query = call
            .query
            .iter()
            .find(|(k, _)| k == "arg")
            .map(|(_, v)| v.as_bytes());
        let (source, arg) = match (from_header, from_query) {
            (Some(arg), _) => ("HTTP header \"Dropbox-API-Arg\"", arg),
            (None, Some(arg)) => ("URL parameter \"arg\"", arg),
            (None, None) if base_name(&route.arg).0 == "Void" => return Ok(()),
            (None, None) => {
                return Err(bad_input(
                    &name,
                    "Must provide HTTP header \"Dropbox-API-Arg\" or URL parameter \"arg\".",
                ))
            }
        };
        self.decoder
            .decode_text(arg, &route.arg)
            .map_err(|why| bad_input(&name, &format!("{source}: {why}")))
    }
}

/// The request's `Content-Type` as Dropbox compares it (lower case, `; ` spaced).
fn content_type(call: &Call<'_>) -> String {
    let raw = call
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    raw.split(';')
        .map(|part| part.trim().to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("; ")
}

fn bad_content_type(actual: &str, expected: &[&str]) -> String {
    let expected: Vec<String> = expected.iter().map(|e| format!("\"{e}\"")).collect();
    format!(
        "Bad HTTP \"Content-Type\" header: \"{actual}\".  Expecting one of {}.",
        expected.join(", ")
    )
}
