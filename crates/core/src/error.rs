//! The engine's one error type: a kind the caller can act on, a retryable flag,
//! and the context (drive, operation, path) a person needs to understand it.

use serde::Serialize;
use std::time::Duration;
use ts_rs::TS;

/// What went wrong, in terms a caller can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    NotFound,
    Conflict,
    Unauthorized,
    PermissionDenied,
    RateLimited {
        retry_after: Option<Duration>,
    },
    /// A resumable upload's server holds other bytes than were sent: it
    /// expects byte `expected` next (a chunk landed though its reply was
    /// lost, or one was lost).
    OffsetMismatch {
        expected: u64,
    },
    QuotaExceeded,
    InvalidInput,
    Unsupported,
    Transient,
    /// A drive stopped answering within its deadline: tried once more (on
    /// a fresh connection), then given up.
    TimedOut,
    Cancelled,
    Io,
}

impl ErrorKind {
    /// The stable code the UI receives. A code exists only where the UI acts on it.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::RateLimited { .. } => "rate_limited",
            ErrorKind::OffsetMismatch { .. } => "offset_mismatch",
            ErrorKind::QuotaExceeded => "quota_exceeded",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Transient => "transient",
            ErrorKind::TimedOut => "timed_out",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Io => "io",
        }
    }

    fn default_retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimited { .. } | ErrorKind::Transient | ErrorKind::TimedOut
        )
    }
}

/// Where an error happened: which drive, doing what, on which path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorContext {
    pub drive: Option<String>,
    pub operation: Option<&'static str>,
    pub path: Option<String>,
    /// A conflict's item that already holds the name, where the drive said which.
    pub existing: Option<String>,
}

/// Boxed, so that a `Result` stays one pointer wide on the happy path.
#[derive(Debug)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    message: String,
    retryable: bool,
    context: ErrorContext,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// `message` says what happened and, where it helps, what the user can do.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            retryable: kind.default_retryable(),
            context: ErrorContext::default(),
            source: None,
        }))
    }

    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn is_retryable(&self) -> bool {
        self.0.retryable
    }

    pub fn context(&self) -> &ErrorContext {
        &self.0.context
    }

    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.0.retryable = retryable;
        self
    }

    pub fn with_drive(mut self, drive: impl Into<String>) -> Self {
        self.0.context.drive = Some(drive.into());
        self
    }

    pub fn with_operation(mut self, operation: &'static str) -> Self {
        self.0.context.operation = Some(operation);
        self
    }

    /// Names the item that already holds the name (a conflict).
    pub fn with_existing(mut self, id: impl Into<String>) -> Self {
        self.0.context.existing = Some(id.into());
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.0.context.path = Some(path.into());
        self
    }

    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    /// Maps a filesystem error to a kind, with a message that names the path.
    pub fn from_io(err: std::io::Error, what: &str, path: &str) -> Self {
        use std::io::ErrorKind as Io;
        let (kind, message) = match err.kind() {
            Io::NotFound => (ErrorKind::NotFound, format!("{path} no longer exists")),
            Io::PermissionDenied => (
                ErrorKind::PermissionDenied,
                format!("No permission to {what} {path}"),
            ),
            Io::AlreadyExists => (ErrorKind::Conflict, format!("{path} already exists")),
            Io::StorageFull => (
                ErrorKind::QuotaExceeded,
                format!("The disk is full: could not {what} {path}. Free some space and try again"),
            ),
            Io::Interrupted | Io::TimedOut | Io::WouldBlock => (
                ErrorKind::Transient,
                format!("Could not {what} {path}: {err}"),
            ),
            _ => (ErrorKind::Io, format!("Could not {what} {path}: {err}")),
        };
        Error::new(kind, message).with_path(path).with_source(err)
    }

    pub fn cancelled() -> Self {
        Error::new(ErrorKind::Cancelled, "Cancelled: nothing was kept")
    }
}

/// The error as the UI receives it: `{code, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, export_to = "ApiError.ts")]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl From<&Error> for ApiError {
    fn from(err: &Error) -> Self {
        ApiError {
            code: err.kind().code().to_owned(),
            message: err.message().to_owned(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        ApiError::from(&err)
    }
}

/// The error for a lock that a panicking thread left behind.
pub(crate) fn poisoned() -> Error {
    Error::new(ErrorKind::Io, "Cloudpick hit an internal error; restart it")
}

/// Runs an API call and hands the UI `{code, message}` on failure.
pub fn to_api<T>(result: Result<T>) -> std::result::Result<T, ApiError> {
    result.map_err(ApiError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_disk_is_quota_exceeded_with_advice() {
        let io = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let err = Error::from_io(io, "write", "photo.jpg");
        assert_eq!(err.kind(), ErrorKind::QuotaExceeded);
        assert!(
            err.message().contains("Free some space"),
            "{}",
            err.message()
        );
        assert!(!err.is_retryable());
    }

    #[test]
    fn rate_limited_is_retryable_and_has_its_code() {
        let err = Error::new(ErrorKind::RateLimited { retry_after: None }, "slow down");
        assert!(err.is_retryable());
        let api = ApiError::from(err);
        assert_eq!(api.code, "rate_limited");
        assert_eq!(api.message, "slow down");
    }
}
