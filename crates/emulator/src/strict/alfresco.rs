//! Alfresco: integer query parameters (`skipCount`, `maxItems`) checked
//! against the Swagger description (type and `minimum`), refused with
//! Alfresco's `framework.exception.InvalidArgument`.
//!
//! Lenient where Alfresco is: its REST framework ignores query parameters an
//! operation does not declare, and reads booleans with Java's
//! `Boolean.parseBoolean` (anything but `true` is false), so neither is refused.

use super::Call;
use crate::alfresco::api::error;
use crate::specs::openapi::Api;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

pub(super) fn check(api: &Api, call: &Call<'_>) -> Result<(), Response> {
    let Some((template, op)) = api.operation(call.method.as_str(), call.path) else {
        return Ok(());
    };
    for parameter in api.parameters(template, op, "query") {
        if parameter.schema.get("type").and_then(Value::as_str) != Some("integer") {
            continue;
        }
        let minimum = parameter.schema.get("minimum").and_then(Value::as_i64);
        for (_, value) in call.query.iter().filter(|(k, _)| k == parameter.name) {
            let fits = value
                .parse::<i64>()
                .is_ok_and(|n| minimum.is_none_or(|m| n >= m));
            if !fits {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    "framework.exception.InvalidArgument",
                ));
            }
        }
    }
    Ok(())
}
