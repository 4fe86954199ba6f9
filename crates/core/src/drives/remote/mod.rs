//! Machinery every cloud drive shares, written once: the HTTP client, retry
//! with backoff that honours `Retry-After`, OAuth tokens that refresh
//! themselves, paging as a stream, and hashing while bytes stream.

pub mod auth;
pub mod bearer;
pub mod cloud;
pub mod deadline;
pub mod failure;
pub mod hashing;
pub mod http;
pub mod paths;
pub mod reply;
pub mod resume;
pub mod retry;
pub mod secret;
pub mod session;

pub use auth::{OAuthApp, RefreshingTokens, StaticTokens, TokenSource, TokenStore, Tokens};
pub use http::{http_client, transport_error, HttpClient};
pub use retry::RetryPolicy;
pub use secret::Secret;
