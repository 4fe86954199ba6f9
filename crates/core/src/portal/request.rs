//! One application's request, as the window shows it: open (files or a
//! folder, one or several) or save (a name, or several files into a
//! folder), its title and button, its filters, and the folder it suggests.

use super::filters::Filter;
use crate::restrictions::Restrictions;
use serde::{Deserialize, Serialize};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// What the application asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[ts(export, export_to = "PortalDialog.ts")]
pub enum Dialog {
    /// `OpenFile`: files, or a folder with `directory`.
    Open { multiple: bool, directory: bool },
    /// `SaveFile`: one file, named `current_name`.
    Save { name: String },
    /// `SaveFiles`: these files, into a folder chosen.
    SaveFiles { names: Vec<String> },
}

/// A request from an application, with what the window needs to show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "PortalRequest.ts")]
pub struct PortalRequest {
    /// The asking application (`org.mozilla.firefox`; empty when it is not
    /// sandboxed, and then unknown).
    pub app_id: String,
    pub title: String,
    /// The accept button's label, its mnemonic underscores removed.
    pub accept_label: Option<String>,
    pub dialog: Dialog,
    pub filters: Vec<Filter>,
    /// Which of `filters` is chosen first.
    pub current_filter: Option<usize>,
    /// A local folder to start in, when the request names one that exists.
    #[ts(type = "string | null")]
    pub current_folder: Option<PathBuf>,
}

impl PortalRequest {
    /// Who asks, as the window says it: "org.mozilla.firefox", or "An
    /// application" when the portal could not tell.
    pub fn asker(&self) -> &str {
        if self.app_id.is_empty() {
            "An application"
        } else {
            &self.app_id
        }
    }

    /// What the picker accepts for this request: the chosen filter's rules
    /// (everything without one), one file unless `multiple`, and This
    /// computer alone for a folder.
    pub fn rules(&self) -> Restrictions {
        let accept = self
            .current_filter
            .and_then(|at| self.filters.get(at))
            .filter(|f| !f.takes_all())
            .map(|f| f.accept.clone())
            .unwrap_or_default();
        let (max_files, from_sources) = match self.dialog {
            Dialog::Open {
                directory: true, ..
            } => (Some(1), vec![crate::drives::local::KIND.to_owned()]),
            Dialog::Open { multiple, .. } => ((!multiple).then_some(1), Vec::new()),
            _ => (None, Vec::new()),
        };
        Restrictions {
            accept,
            max_files,
            from_sources,
            ..Restrictions::default()
        }
    }

    /// The index of `current` among the filters (the portal sends the whole
    /// filter, which should be one of them); a filter not among them is
    /// added, as GTK does.
    pub fn choose_filter(&mut self, current: Filter) {
        match self.filters.iter().position(|f| *f == current) {
            Some(at) => self.current_filter = Some(at),
            None => {
                self.filters.push(current);
                self.current_filter = Some(self.filters.len() - 1);
            }
        }
    }
}

/// The label without GTK's mnemonic underscores (`_Open` → `Open`, `__` → `_`).
pub fn without_mnemonic(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut chars = label.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' {
            if chars.peek() == Some(&'_') {
                out.push('_');
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A folder the portal names as bytes (`ay`, NUL-terminated): a path when
/// it is absolute and a folder here; otherwise nothing (the window starts
/// where it would).
pub fn folder_from_bytes(bytes: &[u8]) -> Option<PathBuf> {
    let bytes = bytes.strip_suffix(&[0]).unwrap_or(bytes);
    if bytes.is_empty() || bytes.contains(&0) {
        return None;
    }
    let path = Path::new(OsStr::from_bytes(bytes));
    (path.is_absolute() && path.is_dir()).then(|| path.to_path_buf())
}

/// The `file://` URI the portal answers for a local path.
pub fn uri_of(path: &Path) -> Option<String> {
    url::Url::from_file_path(path).ok().map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_folder_the_label_and_the_filter_the_way_the_portal_sends_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = dir.path().as_os_str().as_bytes().to_vec();
        bytes.push(0);
        assert_eq!(folder_from_bytes(&bytes).as_deref(), Some(dir.path()));
        assert_eq!(folder_from_bytes(b"relative/folder\0"), None);
        assert_eq!(folder_from_bytes(b"/no/such/folder\0"), None);
        assert_eq!(folder_from_bytes(b"/tmp\0/etc\0"), None, "a NUL inside");
        assert_eq!(without_mnemonic("_Open"), "Open");
        assert_eq!(without_mnemonic("Save__as"), "Save_as");

        let uri = uri_of(&dir.path().join("Q3 report #1.pdf")).unwrap();
        assert!(
            uri.starts_with("file:///") && uri.ends_with("/Q3%20report%20%231.pdf"),
            "{uri}"
        );

        let images = Filter::from_portal("Images".into(), vec![(0, "*.png".into())]);
        let all = Filter::from_portal("All".into(), vec![(0, "*".into())]);
        let mut request = PortalRequest {
            app_id: String::new(),
            title: "Open".into(),
            accept_label: None,
            dialog: Dialog::Open {
                multiple: false,
                directory: false,
            },
            filters: vec![images.clone(), all],
            current_filter: None,
            current_folder: None,
        };
        assert_eq!(request.asker(), "An application");
        assert_eq!(request.rules().accept, Vec::<String>::new());
        assert_eq!(request.rules().max_files, Some(1));
        request.choose_filter(images);
        assert_eq!(request.current_filter, Some(0));
        assert_eq!(request.rules().accept, ["*.png"]);
        request.choose_filter(Filter::from_portal(
            "Text".into(),
            vec![(1, "text/plain".into())],
        ));
        assert_eq!(
            (request.filters.len(), request.current_filter),
            (3, Some(2))
        );
    }
}
