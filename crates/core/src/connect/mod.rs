//! Connecting an account: OAuth 2.0 for native apps (RFC 8252) in the system
//! browser, with a loopback redirect, PKCE and a checked `state`.

pub mod account;
pub mod apps;
pub mod disconnect;
pub mod flow;
pub mod guide;
pub mod keyring;
pub mod keys;
pub mod loopback;
pub mod registration;
pub mod ticket;

pub use flow::{connect, AppRegistration, OAuthProvider, DEFAULT_TIMEOUT};
