//! What Settings shows for a provider's app: the fields it takes and a
//! short how-to for registering it (where, which redirect URI, which
//! scopes). Each drive's `sign_in.rs` fills them in.

use serde::Serialize;
use ts_rs::TS;

/// A value a provider's app registration takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "AppField.ts")]
pub enum AppField {
    ClientId,
    ClientSecret,
    Tenant,
    RedirectPort,
    ServerUrl,
}

/// How to register the app for one provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "AppGuide.ts")]
pub struct AppGuide {
    /// Where to register: a page of the provider's, or "your server".
    pub register_at: String,
    pub register_url: Option<String>,
    /// The steps there, in order.
    pub steps: Vec<String>,
    /// The redirect URI to enter.
    pub redirect_uri: String,
    pub scopes: Vec<String>,
}

impl AppGuide {
    /// Steps from their text.
    pub fn steps(steps: &[&str]) -> Vec<String> {
        steps.iter().map(|s| (*s).to_owned()).collect()
    }
}
