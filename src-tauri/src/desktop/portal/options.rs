//! A request's options as the portal sends them (`a{sv}`), read into the
//! engine's `PortalRequest`; and the results it answers.

use cloudpick_core::portal::{folder_from_bytes, without_mnemonic, Dialog, Filter, PortalRequest};
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
            let file = options.current_file?;
            let file = std::path::Path::new(std::ffi::OsStr::new(
                std::str::from_utf8(file.strip_suffix(&[0]).unwrap_or(&file)).ok()?,
            ));
            folder_from_bytes(file.parent()?.as_os_str().as_encoded_bytes())
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
    let replaced = options.current_file.as_deref().and_then(|bytes| {
        let text = std::str::from_utf8(bytes.strip_suffix(&[0]).unwrap_or(bytes)).ok()?;
        Some(text.rsplit('/').next()?.to_owned())
    });
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
        .filter_map(|bytes| {
            let text = std::str::from_utf8(bytes.strip_suffix(&[0]).unwrap_or(bytes)).ok()?;
            Some(text.rsplit('/').next()?.to_owned())
        })
        .filter(|name| !name.is_empty())
        .collect();
    Dialog::SaveFiles { names }
}

/// The filter chosen, as the portal answers it.
pub fn chosen_filter(request: &PortalRequest) -> Option<WireFilter> {
    let filter = request.filters.get(request.current_filter?)?;
    Some(filter.to_portal())
}
