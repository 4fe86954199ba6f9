//! The sources the service chooser shows, in its order: each cloud drive's
//! accounts (or the drive once, to connect it), then This computer.

use crate::drive::Drive;
use crate::drives::registry::{self, DRIVES};
use crate::drives::row::DriveRow;
use crate::item::{Account, Capabilities};
use serde::Serialize;
use std::sync::Arc;
use ts_rs::TS;

/// One entry of the service chooser's sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Source.ts")]
pub struct Source {
    /// `local`; a drive's kind (`dropbox`) while it has no account; or
    /// `{kind}:{account}` (`dropbox:ana@example.com`) for each account.
    pub id: String,
    /// The drive's kind: `local`, `onedrive`, `dropbox`, `box`, `alfresco`, `clouddrive`.
    pub provider: String,
    pub name: String,
    pub connected: bool,
    /// A line under the name: "Not connected", the account, or why it cannot connect.
    pub status: String,
    /// Who is signed in, with the quota, once the account answered.
    pub account: Option<Account>,
    /// Why a kept account could not be opened again; it needs a new sign-in.
    pub problem: Option<String>,
    /// Alfresco: the server its accounts sign in to, when one is set.
    pub server: Option<String>,
    /// What the drive can do (the same for each of its accounts).
    pub capabilities: Capabilities,
    /// Why the drive can no longer be connected, when its service closed.
    pub closed: Option<String>,
    /// Whether a user name and password sign in to it (Alfresco's tickets).
    pub password_sign_in: bool,
    /// How it connects with keys typed in (S3, Azure Blob): the form's labels and the how-to.
    pub keys: Option<KeyForm>,
}

/// The form that connects an object store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "KeyForm.ts")]
pub struct KeyForm {
    /// The labels of the account's name and of its secret.
    pub identity: String,
    pub secret: String,
    /// The secret may be a SAS token (Azure).
    pub sas: bool,
    /// It has regions and path-style addressing (S3).
    pub regions: bool,
    pub guide: crate::connect::guide::AppGuide,
}

impl KeyForm {
    fn of(rules: &crate::drives::row::KeyRules) -> KeyForm {
        KeyForm {
            identity: rules.identity.to_owned(),
            secret: rules.secret.to_owned(),
            sas: rules.sas,
            regions: !rules.sas,
            guide: (rules.guide)(),
        }
    }
}

impl Source {
    /// The drive `row` as the chooser lists it: its facts, no account yet.
    fn of(row: &DriveRow, id: String, connected: bool, status: String) -> Source {
        Source {
            id,
            provider: row.kind.to_owned(),
            name: row.name.to_owned(),
            connected,
            status,
            account: None,
            problem: None,
            server: None,
            capabilities: row.capabilities,
            closed: row.closed.map(str::to_owned),
            password_sign_in: row.sign_in.is_some_and(|r| r.password),
            keys: row.keys.map(KeyForm::of),
        }
    }
}

/// Filestack's name for a drive kind, as used in `source` of a pick result.
pub fn filestack_name(kind: &str) -> &str {
    match kind {
        crate::drives::local::KIND => "local_file_system",
        other => other,
    }
}

/// The source id of `provider`'s account `key`.
pub fn account_id(provider: &str, key: &str) -> String {
    format!("{provider}:{key}")
}

/// An account of a cloud drive that the chooser lists: open, being opened
/// again, or kept but failing.
#[derive(Clone)]
pub struct CloudAccount {
    pub provider: String,
    /// The account's email or name (`AccountRecord::key`).
    pub key: String,
    pub drive: Option<Arc<dyn Drive>>,
    pub account: Option<Account>,
    /// The line shown under the name.
    pub status: String,
    pub problem: Option<String>,
}

impl CloudAccount {
    pub fn id(&self) -> String {
        account_id(&self.provider, &self.key)
    }

    fn source(&self) -> Option<Source> {
        let row = registry::row(&self.provider)?;
        Some(Source {
            account: self.account.clone(),
            problem: self.problem.clone(),
            ..Source::of(row, self.id(), self.drive.is_some(), self.status.clone())
        })
    }
}

/// The chooser's list: each cloud drive in its order, as its accounts or
/// once to connect it, then This computer. `demo` labels the drives that
/// are not connected as part of the demo when the app runs on the emulator.
pub fn all(accounts: &[CloudAccount], demo: bool) -> Vec<Source> {
    let mut list = Vec::new();
    for row in DRIVES.iter() {
        if row.sign_in.is_none() && row.keys.is_none() {
            // This computer: always there, after the cloud drives.
            continue;
        }
        let mine: Vec<&CloudAccount> = accounts.iter().filter(|a| a.provider == row.kind).collect();
        if mine.is_empty() {
            let status = match (row.closed, demo, row.keys) {
                (Some(closed), _, _) => closed,
                (None, true, Some(keys)) => keys.demo,
                (None, true, None) => "Demo · not connected",
                (None, false, _) => "Not connected",
            };
            list.push(Source::of(
                row,
                row.kind.to_owned(),
                false,
                status.to_owned(),
            ));
        }
        list.extend(mine.into_iter().filter_map(CloudAccount::source));
    }
    if let Some(local) = registry::row(crate::drives::local::KIND) {
        let status = "Files on this device".to_owned();
        list.push(Source::of(local, local.kind.to_owned(), true, status));
    }
    list
}

/// Splits a source id into the drive's kind and the account key, if any.
pub fn parse_id(id: &str) -> (&str, Option<&str>) {
    match id.split_once(':') {
        Some((provider, key)) => (provider, Some(key)),
        None => (id, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(provider: &str, key: &str) -> CloudAccount {
        CloudAccount {
            provider: provider.into(),
            key: key.into(),
            drive: None,
            account: None,
            status: "Reconnecting…".into(),
            problem: None,
        }
    }

    #[test]
    fn lists_every_account_of_a_drive_in_the_drives_order() {
        let list = all(
            &[
                pending("dropbox", "b@example.com"),
                pending("onedrive", "o@example.com"),
                pending("dropbox", "a@example.com"),
            ],
            false,
        );
        let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "onedrive:o@example.com",
                "dropbox:b@example.com",
                "dropbox:a@example.com",
                "box",
                "alfresco",
                "clouddrive",
                "s3",
                "azblob",
                "local"
            ]
        );
        assert_eq!(list[1].name, "Dropbox");
        assert!(!list[1].connected);
        assert_eq!(list[3].status, "Not connected");
    }

    #[test]
    fn a_demo_drive_without_an_account_is_not_connected_not_yet_to_be() {
        let list = all(&[], true);
        assert_eq!(list[0].status, "Demo · not connected");
        assert_eq!(list[4].status, "Closed in 2023");
        assert_eq!(list[5].status, "Demo · needs moto");
    }

    #[test]
    fn splits_ids_at_the_first_colon() {
        assert_eq!(parse_id("dropbox"), ("dropbox", None));
        assert_eq!(parse_id("alfresco:admin:x"), ("alfresco", Some("admin:x")));
    }
}
