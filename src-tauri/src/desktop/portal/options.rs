//! A request's options as the portal sends them (`a{sv}`), read into the
//! engine's `PortalRequest`; and the results it answers.

use cloudpick_core::portal::{folder_from_bytes, without_mnemonic, Dialog, Filter, PortalRequest};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use zbus::{DeserializeDict, SerializeDict, Type};

type WireFilter = (String, Vec<(u32, String)>);

/// The options of `OpenFile`, `SaveFile` and `SaveFiles` (the keys each
/// does not use are absent). `choices` are not offered: the window has no
/// place for an application's own check boxes, and the portal treats them
/// as optional.
#[derive(Debug, Default, DeserializeDict, Type)]
#[zbus(signature = "a{sv}")]
pub struct Options {
    accept_label: Option<String>,
    multiple: Option<bool>,
    directory: Option<bool>,
    filters: Option<Vec<WireFilter>>,
    current_filter: Option<WireFilter>,
    current_name: Option<String>,
    current_folder: Option<Vec<u8>>,
    current_file: Option<Vec<u8>>,
    files: Option<Vec<Vec<u8>>>,
}

/// What the application hears back: the chosen files as `file://` URIs,
/// and the filter chosen.
#[derive(Debug, Default, SerializeDict, Type)]
#[zbus(signature = "a{sv}")]
pub struct Results {
    pub uris: Option<Vec<String>>,
    pub current_filter: Option<WireFilter>,
}

/// The request `dialog` of `app_id`, from its options.
pub fn request(app_id: String, title: String, dialog: Dialog, options: Options) -> PortalRequest {
    let filters: Vec<Filter> = options
        .filters
        .unwrap_or_default()
        .into_iter()
        .map(|(name, rules)| Filter::from_portal(name, rules))
        .collect();
    // A save names its folder by the file it replaces, when it gives one.
    let folder = options
        .current_folder
        .and_then(|bytes| folder_from_bytes(&bytes))
        .or_else(|| {
            let file = path_of(options.current_file.as_deref()?);
            folder_from_bytes(file.parent()?.as_os_str().as_bytes())
        });
    let mut request = PortalRequest {
        app_id,
        title,
        accept_label: options.accept_label.as_deref().map(without_mnemonic),
        dialog,
        current_filter: (!filters.is_empty()).then_some(0),
        filters,
        current_folder: folder,
    };
    if let Some((name, rules)) = options.current_filter {
        request.choose_filter(Filter::from_portal(name, rules));
    }
    request
}

/// `OpenFile`'s dialog: files or a folder, one or several.
pub fn open_dialog(options: &Options) -> Dialog {
    Dialog::Open {
        multiple: options.multiple.unwrap_or(false),
        directory: options.directory.unwrap_or(false),
    }
}

/// `SaveFile`'s: the suggested name, else that of the file it replaces.
pub fn save_dialog(options: &Options) -> Dialog {
    let replaced = options.current_file.as_deref().and_then(name_of);
    Dialog::Save {
        name: options
            .current_name
            .clone()
            .or(replaced)
            .unwrap_or_default(),
    }
}

/// `SaveFiles`': the names of the files to save.
pub fn save_files_dialog(options: &Options) -> Dialog {
    let names = options
        .files
        .iter()
        .flatten()
        .filter_map(|bytes| name_of(bytes))
        .collect();
    Dialog::SaveFiles { names }
}

/// A path the portal sends as bytes (`ay`, NUL-terminated).
fn path_of(bytes: &[u8]) -> &Path {
    Path::new(OsStr::from_bytes(bytes.strip_suffix(&[0]).unwrap_or(bytes)))
}

/// The file name of such a path, when it has a readable one.
fn name_of(bytes: &[u8]) -> Option<String> {
    let name = path_of(bytes).file_name()?.to_str()?;
    Some(name.to_owned())
}

/// The filter chosen, as the portal answers it.
pub fn chosen_filter(request: &PortalRequest) -> Option<WireFilter> {
    let filter = request.filters.get(request.current_filter?)?;
    Some(filter.to_portal())
}
