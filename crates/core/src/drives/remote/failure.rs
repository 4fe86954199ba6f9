//! A reply that is not a success, read once, and what its status means when
//! the provider says nothing more specific. Each provider's `parse_error`
//! reads its own error codes first and falls back on `Failure::common`.

use super::retry::retry_after;
use crate::error::{Error, ErrorKind};
use reqwest::{Response, StatusCode};
use serde_json::Value;
use std::time::Duration;

/// A failed reply: its status, its `Retry-After`, and its JSON body (null
/// when it has none).
pub struct Failure {
    pub status: StatusCode,
    pub retry_after: Option<Duration>,
    pub body: Value,
}

impl Failure {
    pub async fn read(response: Response) -> Self {
        Failure {
            status: response.status(),
            retry_after: retry_after(response.headers()),
            body: response.json().await.unwrap_or(Value::Null),
        }
    }

    /// The same failure, read as if its status were `status` (a provider's
    /// error code that means what a status does).
    pub fn as_if(&self, status: u16) -> Failure {
        Failure {
            status: StatusCode::from_u16(status).unwrap_or(self.status),
            retry_after: self.retry_after,
            body: Value::Null,
        }
    }

    /// The status's meaning on `drive`; `refused` says what the drive said
    /// when nothing else applies.
    pub fn common(&self, drive: &str, refused: &str) -> Error {
        let status = self.status;
        let (kind, message) = match status.as_u16() {
            404 => (
                ErrorKind::NotFound,
                format!("That item is no longer in {drive}"),
            ),
            409 => (
                ErrorKind::Conflict,
                format!("An item with that name is already in that {drive} folder"),
            ),
            507 => (
                ErrorKind::QuotaExceeded,
                format!("Your {drive} is full. Free some space, then try again"),
            ),
            429 => (
                ErrorKind::RateLimited {
                    retry_after: self.retry_after,
                },
                format!("{drive} asked Cloudpick to slow down"),
            ),
            401 => (
                ErrorKind::Unauthorized,
                format!("{drive} no longer accepts this sign-in. Connect the account again"),
            ),
            403 => (
                ErrorKind::PermissionDenied,
                format!("{drive} does not allow this for your account"),
            ),
            500..=599 => (
                ErrorKind::Transient,
                format!("{drive} had a problem ({status}); trying again may work"),
            ),
            _ => (
                ErrorKind::InvalidInput,
                format!("{drive} refused: {refused}"),
            ),
        };
        Error::new(kind, message).with_drive(drive)
    }
}
