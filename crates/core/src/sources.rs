//! The six sources the service chooser shows, in its order.

use serde::Serialize;
use ts_rs::TS;

/// One entry of the service chooser's sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "Source.ts")]
pub struct Source {
    /// `local`, `onedrive`, `dropbox`, `box`, `alfresco`, `clouddrive`.
    pub id: String,
    pub name: String,
    pub connected: bool,
    /// A line under the name: "Not connected", the account, or why it cannot connect.
    pub status: String,
}

/// The cloud drives, in the order the chooser lists them.
pub const CLOUD_DRIVES: [(&str, &str); 5] = [
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("box", "Box"),
    ("alfresco", "Alfresco"),
    ("clouddrive", "Amazon Cloud Drive"),
];

/// Filestack's name for a drive kind, as used in `source` of a pick result.
pub fn filestack_name(kind: &str) -> &str {
    match kind {
        crate::local::KIND => "local_file_system",
        other => other,
    }
}

/// A cloud drive that is connected, and the line the chooser shows under its name.
pub struct Connected {
    pub kind: &'static str,
    pub status: String,
}

/// The chooser's list: the cloud drives in their order, then This computer.
/// `connected` names the drives that are ready; `demo` labels the others as
/// part of the demo when the app runs on the emulator.
pub fn all(connected: &[Connected], demo: bool) -> Vec<Source> {
    let mut list: Vec<Source> = CLOUD_DRIVES
        .iter()
        .map(|(id, name)| {
            let ready = connected.iter().find(|c| c.kind == *id);
            let status = match (ready, *id, demo) {
                (Some(c), _, _) => c.status.clone(),
                (None, "clouddrive", _) => "Closed by Amazon in 2023".to_owned(),
                (None, _, true) => "Demo · not connected yet".to_owned(),
                (None, _, false) => "Not connected".to_owned(),
            };
            Source {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                connected: ready.is_some(),
                status,
            }
        })
        .collect();
    list.push(Source {
        id: crate::local::KIND.to_owned(),
        name: "This computer".to_owned(),
        connected: true,
        status: "Files on this device".to_owned(),
    });
    list
}
