//! Dropbox's error replies: 400 plain text for a malformed call, 401 JSON for
//! token trouble, 409 `{error_summary, error}` for route errors, 429 with
//! `error.retry_after`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A route error: 409 with the union value and its summary.
pub fn route_error(error: Value) -> Response {
    let summary = format!("{}/..", summary_of(&error));
    json_response(
        StatusCode::CONFLICT,
        json!({ "error_summary": summary, "error": error }),
    )
}

/// `path/not_found`, `path/conflict/file`, ...
fn summary_of(error: &Value) -> String {
    let mut parts = Vec::new();
    let mut current = error;
    while let Some(tag) = current.get(".tag").and_then(Value::as_str) {
        parts.push(tag.to_owned());
        match current.get(tag) {
            Some(inner) if inner.is_object() => current = inner,
            // A struct member sits inline: `UploadWriteFailed` brings its `reason`.
            _ if current.get("reason").is_some_and(Value::is_object) => {
                current = &current["reason"]
            }
            _ => break,
        }
    }
    parts.join("/")
}

pub fn lookup(kind: &str, path_field: &str) -> Value {
    json!({ ".tag": path_field, path_field: { ".tag": kind } })
}

pub fn not_found(path_field: &str) -> Response {
    route_error(lookup("not_found", path_field))
}

pub fn conflict(path_field: &str, what: &str) -> Response {
    route_error(
        json!({ ".tag": path_field, path_field: { ".tag": "conflict", "conflict": { ".tag": what } } }),
    )
}

/// 400, plain text, as Dropbox answers a call it cannot parse.
pub fn bad_input(route: &str, message: &str) -> Response {
    let body = format!("Error in call to API function \"{route}\": {message}");
    let mut response = (StatusCode::BAD_REQUEST, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

pub fn auth_error(tag: &str) -> Response {
    json_response(
        StatusCode::UNAUTHORIZED,
        json!({ "error_summary": format!("{tag}/.."), "error": { ".tag": tag } }),
    )
}

/// RPC results carry exactly `application/json`.
pub fn json_response(status: StatusCode, value: Value) -> Response {
    let mut response = (status, value.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_follow_the_tags() {
        let e = json!({".tag": "path", "path": {".tag": "conflict", "conflict": {".tag": "file"}}});
        assert_eq!(summary_of(&e), "path/conflict/file");
        assert_eq!(
            summary_of(&json!({".tag": "incorrect_offset", "correct_offset": 5})),
            "incorrect_offset"
        );
        let wrapped = json!({".tag": "path", "reason": {".tag": "conflict", "conflict": {".tag": "file"}}, "upload_session_id": ""});
        assert_eq!(summary_of(&wrapped), "path/conflict/file");
    }
}
