//! The drive registry: one row per drive, in the order the chooser lists
//! them. Everything that needs to know the drives (the sources, sign-in and
//! Settings' apps, the CLI's names, the demo, the test fixtures, and the UI
//! through `Source`) reads it here. Adding a drive is its folder, one row,
//! and its icon (`ui/src/components/shared/SourceIcon.svelte`).

use super::remote::cloud::{self, Provider};
use super::row::{ApiHosts, DriveRow};
use super::{alfresco, azblob, boxcom, clouddrive, dropbox, local, objects, onedrive, s3};
use crate::connect::apps::AppSettings;
use crate::drive::Drive;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::error::{Error, ErrorKind, Result};
use std::sync::Arc;

pub const DRIVES: [DriveRow; 8] = [
    DriveRow {
        kind: onedrive::KIND,
        name: onedrive::client::NAME,
        also_called: &[],
        capabilities: <onedrive::Client as Provider>::CAPABILITIES,
        closed: None,
        sign_in: Some(&onedrive::sign_in::RULES),
        open: Some(cloud::open::<onedrive::Client>),
        keys: None,
    },
    DriveRow {
        kind: dropbox::KIND,
        name: dropbox::client::NAME,
        also_called: &[],
        capabilities: <dropbox::Client as Provider>::CAPABILITIES,
        closed: None,
        sign_in: Some(&dropbox::sign_in::RULES),
        open: Some(cloud::open::<dropbox::Client>),
        keys: None,
    },
    DriveRow {
        kind: boxcom::KIND,
        name: boxcom::client::NAME,
        also_called: &[],
        capabilities: <boxcom::Client as Provider>::CAPABILITIES,
        closed: None,
        sign_in: Some(&boxcom::sign_in::RULES),
        open: Some(cloud::open::<boxcom::Client>),
        keys: None,
    },
    DriveRow {
        kind: alfresco::KIND,
        name: alfresco::client::NAME,
        also_called: &[],
        capabilities: <alfresco::Client as Provider>::CAPABILITIES,
        closed: None,
        sign_in: Some(&alfresco::sign_in::RULES),
        open: Some(cloud::open::<alfresco::Client>),
        keys: None,
    },
    DriveRow {
        kind: clouddrive::KIND,
        name: clouddrive::client::NAME,
        also_called: &["amazon"],
        capabilities: <clouddrive::Client as Provider>::CAPABILITIES,
        closed: Some("Closed in 2023"),
        sign_in: Some(&clouddrive::sign_in::RULES),
        open: Some(cloud::open::<clouddrive::Client>),
        keys: None,
    },
    DriveRow {
        kind: s3::KIND,
        name: s3::NAME,
        also_called: &["amazon-s3"],
        capabilities: objects::CAPABILITIES,
        closed: None,
        sign_in: None,
        open: None,
        keys: Some(&s3::RULES),
    },
    DriveRow {
        kind: azblob::KIND,
        name: azblob::NAME,
        also_called: &["azure"],
        capabilities: objects::CAPABILITIES,
        closed: None,
        sign_in: None,
        open: None,
        keys: Some(&azblob::RULES),
    },
    DriveRow {
        kind: local::KIND,
        name: "This computer",
        also_called: &["this-computer", "local_file_system"],
        capabilities: local::CAPABILITIES,
        closed: None,
        sign_in: None,
        open: None,
        keys: None,
    },
];

/// The drive of `kind`.
pub fn row(kind: &str) -> Option<&'static DriveRow> {
    DRIVES.iter().find(|r| r.kind == kind)
}

/// The drive a user typed: its kind, its name (any case, spaces as
/// dashes or not) or an older spelling.
pub fn named(typed: &str) -> Option<&'static DriveRow> {
    let typed = typed.trim().to_ascii_lowercase();
    DRIVES.iter().find(|r| {
        r.kind == typed
            || r.also_called.contains(&typed.as_str())
            || r.name.to_ascii_lowercase() == typed
            || r.name.to_ascii_lowercase().replace(' ', "-") == typed
    })
}

/// The cloud drives (the ones that sign in), in the chooser's order.
pub fn clouds() -> impl Iterator<Item = &'static DriveRow> {
    DRIVES.iter().filter(|r| r.sign_in.is_some())
}

/// The object stores (the ones that connect with keys), in the chooser's order.
pub fn stores() -> impl Iterator<Item = &'static DriveRow> {
    DRIVES.iter().filter(|r| r.keys.is_some())
}

/// A drive's display name from its kind (the kind itself when unknown).
pub fn name_of(kind: &str) -> &str {
    row(kind).map_or(kind, |r| r.name)
}

/// Every drive's kind, for a message: `onedrive, dropbox, ...`.
pub fn typed_names() -> String {
    DRIVES.iter().map(|r| r.kind).collect::<Vec<_>>().join(", ")
}

/// Opens `kind`'s drive for a signed-in account, at `hosts`.
pub fn open_drive(
    kind: &str,
    hosts: &ApiHosts,
    app: &AppSettings,
    tokens: Arc<dyn TokenSource>,
    http: &reqwest::Client,
) -> Result<Arc<dyn Drive>> {
    let open = row(kind).and_then(|r| r.open).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("There is no drive called {kind}"),
        )
    })?;
    open(hosts, app, tokens, http.clone(), RetryPolicy::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_one_row_and_every_typed_name_finds_it() {
        let mut kinds: Vec<&str> = DRIVES.iter().map(|r| r.kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), DRIVES.len());
        assert_eq!(named("amazon").map(|r| r.kind), Some("clouddrive"));
        assert_eq!(
            named("Amazon Cloud Drive").map(|r| r.kind),
            Some("clouddrive")
        );
        assert_eq!(named("this-computer").map(|r| r.kind), Some("local"));
        assert_eq!(named("OneDrive").map(|r| r.kind), Some("onedrive"));
        assert!(named("gdrive").is_none());
        assert_eq!(name_of("box"), "Box");
    }

    #[test]
    fn every_cloud_drive_opens_and_signs_in() {
        for r in clouds() {
            let rules = r.sign_in.expect("a cloud drive signs in");
            assert!(r.open.is_some(), "{} opens", r.kind);
            assert!(
                rules
                    .fields
                    .contains(&crate::connect::guide::AppField::ClientId)
                    || rules.password
            );
            let guide = (rules.guide)(rules.fixed_port.unwrap_or(0));
            assert!(!guide.steps.is_empty(), "{} has a how-to", r.kind);
        }
    }
}
