//! What the desktop shell tells the window by itself, not as an answer: a
//! view to show (a notification or the tray was clicked), files dragged over
//! it or dropped on it, transfers paused or resumed from the tray.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export, export_to = "WindowEvent.ts")]
pub enum WindowEvent {
    /// Show this view: `"activity"`, or `"browse"` for the picker.
    Show { view: String },
    /// Files are being dragged over the window.
    DragEnter,
    /// The drag left the window, or was given up.
    DragLeave,
    /// Files and folders were dropped on the window: their paths, and the
    /// tokens the window names them by.
    Drop { files: Vec<crate::given::GivenPath> },
    /// Transfers were paused (or resumed) from the tray.
    Transfers { paused: bool },
    /// A script waits for a pick (`cloudpick pick`): start one afresh with
    /// its options (`script_pick` gives them).
    ScriptPick,
}
