//! Cloudpick as the desktop's file dialog (xdg-desktop-portal's FileChooser
//! backend): what an application's request asks for, in the engine's terms.
//! The shell reads the request off D-Bus (`org.freedesktop.impl.portal.
//! FileChooser`), and the window shows it; this module holds the parts that
//! are not D-Bus's: its filters as accept rules, its folder, and the URIs
//! answered.

mod filters;
mod request;

pub use filters::{Filter, FilterRule};
pub use request::{folder_from_bytes, uri_of, without_mnemonic, Dialog, PortalRequest};
