//! The HTTP client every cloud drive shares, and what a failure to reach
//! a drive says.

use crate::error::{Error, ErrorKind};
use std::time::Duration;

/// The HTTP client every drive shares.
pub type HttpClient = reqwest::Client;

/// One HTTP client for all drives: rustls, connection reuse, a connect
/// timeout, and TCP keepalive so that an idle connection that died (a
/// laptop resumed from suspend) is found out and not reused. The deadlines
/// of each call are `deadline`'s.
pub fn http_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(15))
        .tcp_keepalive(Duration::from_secs(30))
        .tcp_keepalive_interval(Duration::from_secs(10))
        .tcp_keepalive_retries(3)
        .pool_idle_timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("Cloudpick/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::new(ErrorKind::Io, format!("Could not set up HTTPS: {e}")))
}

/// Maps a transport failure (no reply at all) to a retryable error.
pub fn transport_error(drive: &str, err: reqwest::Error) -> Error {
    if err.is_timeout() {
        let message = format!("{drive} did not answer in time: check the network connection");
        return Error::new(ErrorKind::TimedOut, message).with_drive(drive);
    }
    let message = if err.is_connect() {
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
