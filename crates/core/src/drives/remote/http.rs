//! The HTTP client every cloud drive shares, and what a failure to reach
//! a drive says.

use crate::error::{Error, ErrorKind};
use std::time::Duration;

/// The HTTP client every drive shares.
pub type HttpClient = reqwest::Client;

/// One HTTP client for all drives: rustls, connection reuse, and a connect
/// timeout. Per-request timeouts are set by each operation.
pub fn http_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("Cloudpick/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::new(ErrorKind::Io, format!("Could not set up HTTPS: {e}")))
}

/// Maps a transport failure (no reply at all) to a retryable error.
pub fn transport_error(drive: &str, err: reqwest::Error) -> Error {
    let message = if err.is_timeout() {
        format!("{drive} did not answer in time")
    } else if err.is_connect() {
        format!("Could not reach {drive}: check the network connection")
    } else {
        format!("The connection to {drive} broke: {}", without_url(&err))
    };
    Error::new(ErrorKind::Transient, message).with_drive(drive)
}

/// The error text without the URL, which may carry a token in its query.
fn without_url(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    if let Some(url) = err.url() {
        text = text.replace(url.as_str(), "(url)");
    }
    text
}
