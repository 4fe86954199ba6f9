//! Box: query parameters and JSON bodies checked against the operation's
//! OpenAPI description, refused with Box's 400 `bad_request` (the problems in
//! `context_info.errors`, as Box lists them).
//!
//! Lenient where Box is:
//! - A query parameter the operation does not declare is ignored: Box's API
//!   answers `GET /folders/0/items?foo=1` as if `foo` were absent.
//! - Booleans in a query string may be in any case: box-sdk-gen (Python)
//!   writes `usemarker=True` (`box_sdk_gen/networking/fetch.py`, where query
//!   values go through `str()`), and Box accepts it.
//! - `limit` above its `maximum` is not refused: Box caps it at the maximum.

use super::Call;
use crate::boxcom::api::error_with;
use crate::specs::{openapi::Api, Findings};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

pub(super) fn check(api: &Api, call: &Call<'_>) -> Result<(), Response> {
    let Some((template, op)) = api.operation(call.method.as_str(), call.path) else {
        return Ok(());
    };
    let declared = api.parameters(template, op, "query");
    for parameter in &declared {
        let values: Vec<&str> = call
            .query
            .iter()
            .filter(|(k, _)| k == parameter.name)
            .map(|(_, v)| v.as_str())
            .collect();
        if values.is_empty() && parameter.required {
            return Err(refuse(
                parameter.name,
                "missing_parameter",
                format!("'{}' is required", parameter.name),
            ));
        }
        for value in values {
            if let Err(why) = query_value(api, parameter.schema, value) {
                return Err(refuse(
                    parameter.name,
                    "invalid_parameter",
                    format!("Invalid value '{value}'. {why}"),
                ));
            }
        }
    }
    let accepted = api.body_types(op);
    if let Some(media) = call.media_type().filter(|_| call.has_body()) {
        if !accepted.is_empty() && !accepted.contains(&media.as_str()) {
            return Err(refuse(
                "Content-Type",
                "invalid_parameter",
                format!(
                    "Invalid value '{media}'. Expected one of: {}",
                    accepted.join(", ")
                ),
            ));
        }
    }
    let (Some(schema), Some(body)) = (api.json_body(op), call.json) else {
        return Ok(());
    };
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Err(refuse(
            "body",
            "invalid_parameter",
            "Invalid JSON".to_owned(),
        ));
    };
    let findings = Findings::default();
    api.schemas().check(&value, schema, "body", &findings);
    match findings.take().into_iter().next() {
        Some(problem) => Err(body_refusal(&problem)),
        None => Ok(()),
    }
}

/// Checks one query value against a parameter's schema.
fn query_value(api: &Api, schema: &Value, value: &str) -> Result<(), String> {
    let schema = api.schemas().resolve(schema);
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") if value.parse::<i64>().is_err() => {
            return Err("Expected an integer".to_owned())
        }
        Some("number") if value.parse::<f64>().is_err() => {
            return Err("Expected a number".to_owned())
        }
        Some("boolean") if !["true", "false"].contains(&value.to_ascii_lowercase().as_str()) => {
            return Err("Expected true or false".to_owned())
        }
        // `explode: false` arrays arrive comma-separated.
        Some("array") => {
            if let Some(items) = schema.get("items") {
                for item in value.split(',') {
                    query_value(api, items, item)?;
                }
            }
            return Ok(());
        }
        _ => {}
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        let allowed: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
        if !allowed.is_empty() && !allowed.contains(&value) {
            return Err(format!("Expected one of: {}", allowed.join(", ")));
        }
    }
    Ok(())
}

/// A finding (`body.parent: required property "id" is missing`) as Box words it.
fn body_refusal(problem: &str) -> Response {
    let (path, what) = problem.split_once(": ").unwrap_or(("body", problem));
    let field = path.trim_start_matches("body").trim_start_matches('.');
    if let Some(name) = what
        .strip_prefix("required property \"")
        .and_then(|r| r.strip_suffix("\" is missing"))
    {
        let name = if field.is_empty() {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        };
        return refuse(&name, "missing_parameter", format!("'{name}' is required"));
    }
    if let Some(name) = what
        .strip_prefix("property \"")
        .and_then(|r| r.strip_suffix("\" is not in the spec"))
    {
        let name = if field.is_empty() {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        };
        return refuse(
            &name,
            "invalid_parameter",
            format!("Unknown parameter '{name}'"),
        );
    }
    let name = if field.is_empty() { "body" } else { field };
    refuse(
        name,
        "invalid_parameter",
        format!("Invalid value for '{name}': {what}"),
    )
}

fn refuse(name: &str, reason: &str, message: String) -> Response {
    error_with(
        StatusCode::BAD_REQUEST,
        "bad_request",
        "Bad Request",
        Some(json!({ "errors": [{ "reason": reason, "name": name, "message": message }] })),
    )
}
