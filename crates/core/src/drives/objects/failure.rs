//! OpenDAL's errors as Cloudpick's: the kind decides retries and what the
//! user is told; the message names the drive and never a secret.

use crate::error::{Error, ErrorKind};
use opendal::ErrorKind as Dal;

/// Maps `err` from `drive` (its display name) while doing `what` to `path`.
pub fn from_dal(err: opendal::Error, drive: &str, what: &str, path: &str) -> Error {
    let (kind, message) = match err.kind() {
        Dal::NotFound => (ErrorKind::NotFound, format!("{path} is not on {drive}")),
        Dal::PermissionDenied => (
            ErrorKind::PermissionDenied,
            format!("{drive} refused to {what} {path}: check the keys' permissions"),
        ),
        Dal::AlreadyExists | Dal::ConditionNotMatch => (
            ErrorKind::Conflict,
            format!("{path} already exists on {drive}"),
        ),
        Dal::RateLimited => (
            ErrorKind::RateLimited { retry_after: None },
            format!("{drive} asks to slow down"),
        ),
        Dal::Unsupported => (
            ErrorKind::Unsupported,
            format!("{drive} does not support this: {}", said(&err)),
        ),
        Dal::ConfigInvalid => (
            ErrorKind::InvalidInput,
            format!("The {drive} settings are not valid: {}", said(&err)),
        ),
        _ if err.is_temporary() => (
            ErrorKind::Transient,
            format!("{drive} could not {what} {path} this time: {}", said(&err)),
        ),
        _ => (
            ErrorKind::Io,
            format!("{drive} could not {what} {path}: {}", said(&err)),
        ),
    };
    Error::new(kind, message).with_drive(drive)
}

/// What OpenDAL said, with every URL's query cut off: a SAS token travels
/// in the query, and no secret goes into a message.
fn said(err: &opendal::Error) -> String {
    let text = err.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("://") {
        let (before, url) = rest.split_at(at);
        out.push_str(before);
        let end = url
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | ',' | ')' | '}'))
            .unwrap_or(url.len());
        let (whole, after) = url.split_at(end);
        out.push_str(whole.split_once('?').map_or(whole, |(path, _)| path));
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_no_query_strings() {
        let err = opendal::Error::new(opendal::ErrorKind::Unexpected, "failed")
            .with_context("uri", "https://a.blob.core.windows.net/c/b?sv=1&sig=SECRET");
        let mapped = from_dal(err, "Azure Blob", "read", "/c/b");
        assert!(!mapped.message().contains("SECRET"), "{}", mapped.message());
        assert!(mapped
            .message()
            .contains("https://a.blob.core.windows.net/c/b"));
    }
}
