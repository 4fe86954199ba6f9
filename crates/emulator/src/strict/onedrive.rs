//! Microsoft Graph: OData system query options and the JSON bodies of the
//! drive item writes, checked against the CSDL. Query problems are refused as
//! Graph's OData layer refuses them (400 `BadRequest`, its wording); body
//! problems as OneDrive does (400 `invalidRequest`).
//!
//! Lenient where Graph is: query parameters without a `$` (such as
//! `@microsoft.graph.conflictBehavior=replace` on a simple upload) are not
//! system query options and pass; instance annotations (`@odata.type`,
//! `@microsoft.graph.conflictBehavior`) may sit in any object.

use super::Call;
use crate::onedrive::api::error;
use crate::specs::{csdl::Csdl, Findings};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::Value;

const DRIVE_ITEM: &str = "microsoft.graph.driveItem";

/// The system query options Graph v1.0 knows.
const OPTIONS: [&str; 11] = [
    "$select",
    "$expand",
    "$filter",
    "$orderby",
    "$top",
    "$skip",
    "$count",
    "$search",
    "$format",
    "$skiptoken",
    "$deltatoken",
];

/// `@microsoft.graph.conflictBehavior`'s values (an instance annotation,
/// documented on driveItem, not in the CSDL).
const CONFLICT: [&str; 3] = ["fail", "replace", "rename"];
/// `createLink`'s `type` and `scope`: `Edm.String` in the CSDL, these values
/// in the action's documentation (and the only ones OneDrive accepts).
const LINK_TYPES: [&str; 3] = ["view", "edit", "embed"];
const LINK_SCOPES: [&str; 3] = ["anonymous", "organization", "users"];

pub(super) fn check(csdl: &Csdl, call: &Call<'_>) -> Result<(), Response> {
    let segments: Vec<&str> = call.path.split('/').filter(|s| !s.is_empty()).collect();
    let entity = entity_of(&segments);
    for (key, value) in &call.query {
        if !key.starts_with('$') {
            continue;
        }
        let key = key.to_ascii_lowercase();
        if !OPTIONS.contains(&key.as_str()) {
            return Err(bad_request(format!(
                "The query parameter '{key}' is not supported."
            )));
        }
        match key.as_str() {
            "$top" if !value.parse::<u64>().is_ok_and(|n| n > 0) => {
                return Err(bad_request(format!(
                    "Invalid value '{value}' for $top query option found. The $top query option requires a positive integer value."
                )))
            }
            "$skip" if value.parse::<u64>().is_err() => {
                return Err(bad_request(format!(
                    "Invalid value '{value}' for $skip query option found. The $skip query option requires a non-negative integer value."
                )))
            }
            "$select" | "$expand" | "$orderby" => {
                if let Some(ty) = entity {
                    properties(csdl, ty, &key, value)?;
                }
            }
            _ => {}
        }
    }
    let Some(body) = call.json else {
        return Ok(());
    };
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Err(invalid("Invalid request: the body is not JSON.".to_owned()));
    };
    let last = segments.last().copied().unwrap_or_default();
    match (call.method, entity) {
        (&Method::POST, Some(DRIVE_ITEM)) if last == "children" => item(csdl, &value),
        (&Method::PATCH, Some(DRIVE_ITEM)) => item(csdl, &value),
        (&Method::POST, _) => match action_name(last) {
            Some(action) => self::action(csdl, action, &value),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The entity type a path addresses, where the emulator serves it.
fn entity_of(segments: &[&str]) -> Option<&'static str> {
    let last = *segments.last()?;
    let before = segments.len().checked_sub(2).map(|i| segments[i]);
    // `root:/a/b:` addresses an item by path.
    if last.ends_with(':') {
        return Some(DRIVE_ITEM);
    }
    match (before, last) {
        (_, "children" | "root" | "delta") => Some(DRIVE_ITEM),
        (_, l) if l.starts_with("search(") => Some(DRIVE_ITEM),
        (Some("items"), _) => Some(DRIVE_ITEM),
        (_, "drive") | (Some("drives"), _) => Some("microsoft.graph.drive"),
        (_, "me") => Some("microsoft.graph.user"),
        (_, "thumbnails") => Some("microsoft.graph.thumbnailSet"),
        (_, "permissions") => Some("microsoft.graph.permission"),
        _ => None,
    }
}

/// Every property `$select`, `$expand` or `$orderby` names must be one of `ty`'s.
fn properties(csdl: &Csdl, ty: &str, option: &str, value: &str) -> Result<(), Response> {
    for part in split_outside_parentheses(value) {
        // `children($select=id)`, `name desc`: the property is the first word.
        let name = part.split(['(', ' ']).next().unwrap_or_default().trim();
        if name.is_empty() || name == "*" || name.starts_with('@') {
            continue;
        }
        let name = name.rsplit('/').next().unwrap_or(name);
        if csdl.property(ty, name).is_none() {
            return Err(bad_request(format!(
                "Could not find a property named '{name}' on type '{ty}'. ({option})"
            )));
        }
    }
    Ok(())
}

fn split_outside_parentheses(value: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (i, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}

/// `createUploadSession`, `microsoft.graph.createLink`, ... as an action name.
fn action_name(segment: &str) -> Option<&str> {
    let name = segment.strip_prefix("microsoft.graph.").unwrap_or(segment);
    matches!(
        name,
        "createUploadSession" | "createLink" | "copy" | "invite"
    )
    .then_some(name)
}

/// A driveItem written by `POST .../children` or `PATCH`.
fn item(csdl: &Csdl, value: &Value) -> Result<(), Response> {
    conflict_behavior(value)?;
    let findings = Findings::default();
    csdl.check(value, DRIVE_ITEM, "", &findings);
    first_problem(findings)
}

fn action(csdl: &Csdl, name: &str, value: &Value) -> Result<(), Response> {
    let Some(parameters) = csdl.action(DRIVE_ITEM, name) else {
        return Ok(());
    };
    let Some(object) = value.as_object() else {
        return Err(invalid(format!(
            "The body of {name} must be a JSON object."
        )));
    };
    let findings = Findings::default();
    for (key, item) in object {
        if key.starts_with('@') || key.contains("@odata.") {
            continue;
        }
        match parameters.iter().find(|(p, _)| p == key) {
            Some((_, ty)) => csdl.check(item, ty, key, &findings),
            None => findings.push(
                key,
                format!("'{key}' is not a parameter of the action '{name}'"),
            ),
        }
    }
    first_problem(findings)?;
    if let Some(item) = object.get("item") {
        conflict_behavior(item)?;
    }
    if name == "createLink" {
        for (key, allowed) in [("type", &LINK_TYPES[..]), ("scope", &LINK_SCOPES[..])] {
            if let Some(given) = object.get(key).and_then(Value::as_str) {
                if !allowed.contains(&given) {
                    return Err(invalid(format!(
                        "Invalid value '{given}' for '{key}': expected one of {}.",
                        allowed.join(", ")
                    )));
                }
            }
        }
    }
    Ok(())
}

fn conflict_behavior(value: &Value) -> Result<(), Response> {
    match value.get("@microsoft.graph.conflictBehavior") {
        None => Ok(()),
        Some(Value::String(given)) if CONFLICT.contains(&given.as_str()) => Ok(()),
        Some(given) => Err(invalid(format!(
            "Invalid value {given} for '@microsoft.graph.conflictBehavior': expected one of {}.",
            CONFLICT.join(", ")
        ))),
    }
}

fn first_problem(findings: Findings) -> Result<(), Response> {
    match findings.take().into_iter().next() {
        Some(problem) => Err(invalid(format!(
            "Invalid request: {}",
            problem.trim_start_matches(": ")
        ))),
        None => Ok(()),
    }
}

fn bad_request(message: String) -> Response {
    error(StatusCode::BAD_REQUEST, "BadRequest", &message)
}

fn invalid(message: String) -> Response {
    error(StatusCode::BAD_REQUEST, "invalidRequest", &message)
}
