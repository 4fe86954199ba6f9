//! What the command line asks of the engine: drives and paths written the
//! way scripts write them (`dropbox:/Photos/2024`,
//! `onedrive:me@example.com:/Docs`, `local:/Documents`), what is there, and
//! conversions written to any of them.

use crate::app::export::{ExportItem, ExportRequest, OnConflict};
use crate::app::export_plan::PATH_SOURCE;
use crate::app::Cloudpick;
use crate::drive::{Drive, ListOptions};
use crate::drives::local::LocalDrive;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId};
use crate::pick::PickResult;
use crate::sources::Source;
use crate::storage::StoreTo;
use crate::transform::{OutputFormat, Transform};
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use ts_rs::TS;

/// A drive's source id and a path on it, from the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub source: String,
    pub path: String,
}

/// Splits `drive:/path` into the drive as written and the path; `None` for
/// text that is a path on this computer (`photo.jpg`, `/tmp/a.png`, `./x:/y`).
pub fn split_location(text: &str) -> Option<(&str, String)> {
    let (drive, path) = match text.split_once(":/") {
        Some((drive, path)) => (drive, format!("/{path}")),
        None => (text.strip_suffix(':')?, "/".to_owned()),
    };
    let word = !drive.is_empty()
        && !drive.starts_with('.')
        && !drive.contains('/')
        && drive.split(':').next().is_some_and(|k| {
            k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    word.then_some((drive, path))
}

/// The drive kind a name on the command line means: the kind itself
/// (`dropbox`), its name (`OneDrive`, `this-computer`), or an older
/// spelling (`amazon`).
fn kind_of(name: &str) -> Option<&'static str> {
    crate::drives::registry::named(name).map(|r| r.kind)
}

impl Cloudpick {
    /// The connected drives, This computer last.
    pub fn connected_sources(&self) -> Vec<Source> {
        self.sources().into_iter().filter(|s| s.connected).collect()
    }

    /// Reads `drive:/path`, the drive by its kind (`dropbox`), its name
    /// (`OneDrive`) or an account's source id (`dropbox:ann@example.com`).
    pub fn locate(&self, text: &str) -> Result<Location> {
        let (drive, path) = split_location(text).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{text:?} names no drive: write it like dropbox:/Photos or local:/Documents"
                ),
            )
        })?;
        let sources = self.sources();
        if let Some(exact) = sources.iter().find(|s| s.id.eq_ignore_ascii_case(drive)) {
            if !exact.connected {
                return Err(not_connected(&exact.name));
            }
            return Ok(Location {
                source: exact.id.clone(),
                path,
            });
        }
        let kind = kind_of(drive);
        let of_kind: Vec<&Source> = sources
            .iter()
            .filter(|s| Some(s.provider.as_str()) == kind)
            .collect();
        match of_kind.iter().filter(|s| s.connected).collect::<Vec<_>>()[..] {
            [one] => Ok(Location {
                source: one.id.clone(),
                path,
            }),
            [] => Err(match of_kind.first() {
                Some(source) => not_connected(&source.name),
                None => Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "{drive} is not a drive: `cloudpick accounts` lists the connected ones"
                    ),
                ),
            }),
            ref several => Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{} has {} accounts: name one, as in {}",
                    several[0].name,
                    several.len(),
                    several
                        .iter()
                        .map(|s| format!("{}:{path}", s.id))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )),
        }
    }

    /// The drive a location is on. `local:/` is this computer's root, as
    /// in `--store-to local:/path`.
    fn drive_at(&self, at: &Location) -> Result<Arc<dyn Drive>> {
        if at.source == crate::drives::local::KIND {
            return Ok(Arc::new(LocalDrive::new(Path::new("/"))?));
        }
        self.drive(&at.source)
    }

    async fn children(&self, drive: &dyn Drive, folder: &ItemId) -> Result<Vec<DriveItem>> {
        let options = ListOptions {
            include_hidden: self.settings().show_hidden,
            ..ListOptions::default()
        };
        let pages: Vec<_> = drive.list(folder, options).try_collect().await?;
        Ok(pages.into_iter().flat_map(|p| p.items).collect())
    }

    /// The file or folder at a location, found by name from the drive's
    /// root (exactly, else ignoring case, as most drives compare names).
    pub async fn item_at(&self, at: &Location) -> Result<DriveItem> {
        let drive = self.drive_at(at)?;
        let mut item = drive.stat(&drive.root()).await?;
        let mut walked = String::new();
        for name in at.path.split('/').filter(|s| !s.is_empty()) {
            let missing = || {
                Error::new(
                    ErrorKind::NotFound,
                    format!(
                        "{} is not on {}: there is no {name:?} in {walked}/",
                        at.path,
                        drive.display_name()
                    ),
                )
            };
            if !item.is_folder() {
                return Err(missing());
            }
            let items = self.children(drive.as_ref(), &item.id).await?;
            let found = items
                .iter()
                .find(|i| i.name == name)
                .or_else(|| items.iter().find(|i| i.name.eq_ignore_ascii_case(name)));
            item = found.cloned().ok_or_else(missing)?;
            walked = format!("{walked}/{}", item.name);
        }
        Ok(item)
    }

    /// What is at a location: a folder's items, or the one file.
    pub async fn list_at(&self, at: &Location) -> Result<Vec<DriveItem>> {
        let item = self.item_at(at).await?;
        if !item.is_folder() {
            return Ok(vec![item]);
        }
        self.children(self.drive_at(at)?.as_ref(), &item.id).await
    }

    /// Saves files of this computer to `to` (a drive and folder), each
    /// under its own name or `name` (for one file).
    pub async fn save_paths(
        &self,
        files: &[PathBuf],
        to: &str,
        name: Option<&str>,
        on_conflict: OnConflict,
    ) -> Result<PickResult> {
        let checked = ScriptSave::new(files, name, None)?;
        let to = self.store_to(to)?;
        let items = checked
            .files
            .into_iter()
            .map(|path| ExportItem {
                source: PATH_SOURCE.to_owned(),
                id: ItemId::new(path),
                name: checked.name.clone(),
            })
            .collect();
        let request = ExportRequest {
            items,
            to,
            on_conflict,
        };
        self.export(request, Arc::new(|_| {})).await
    }

    /// Converts `input` (a path on this computer or `drive:/path`) and
    /// writes the result to `output`: a file name, or a folder (ending in
    /// `/`) where the input's name with the new extension is used. Office
    /// documents become PDFs, and a PDF's `page` (the first when `None`)
    /// becomes a picture (`documents.rs`).
    pub async fn convert_to(
        &self,
        input: &str,
        transform: &Transform,
        page: Option<u32>,
        output: &str,
        on_conflict: OnConflict,
    ) -> Result<PickResult> {
        let source = match split_location(input) {
            Some(_) => {
                let at = self.locate(input)?;
                if at.source == crate::drives::local::KIND {
                    PathBuf::from(&at.path)
                } else {
                    let item = self.item_at(&at).await?;
                    self.stage_for_drag(&at.source, &item.id).await?
                }
            }
            None => PathBuf::from(input),
        };
        let named = input.rsplit('/').next().unwrap_or(input);
        if crate::documents::is_office(named) || crate::documents::is_pdf(named) {
            return self
                .convert_document(&source, input, transform, page, output, on_conflict)
                .await;
        }
        // The format: asked for, else the output file's name's (`-o thumb.webp`),
        // else as the original, which the conversion chooses (JPEG for HEIC).
        let mut transform = transform.clone();
        if transform.format.is_none() && !names_a_folder(output) {
            transform.format = OutputFormat::from_name(output);
            let named = output.rsplit('/').next().unwrap_or(output);
            if transform.format.is_none() && named.contains('.') {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!("{named}: Cloudpick writes JPEG, PNG or WebP; name the output .jpg, .png or .webp"),
                ));
            }
        }
        let converted = {
            let (source, transform) = (source.clone(), transform.clone());
            tokio::task::spawn_blocking(move || crate::transform::convert_file(&source, &transform))
                .await
                .map_err(|_| Error::new(ErrorKind::Io, "The conversion stopped"))??
        };
        // Into a folder, under the input's name for the format written.
        let renamed = converted.format.name_for(named);
        let ext = renamed.rsplit_once('.').map_or("", |(_, ext)| ext);
        let (folder, name) = self.output_place(input, output, ext)?;
        let scratch = tempfile::Builder::new()
            .prefix("convert-")
            .tempdir_in(self.scratch_dir()?)
            .map_err(|e| Error::from_io(e, "create", "a scratch folder"))?;
        let written = scratch.path().join(&name);
        std::fs::write(&written, &converted.bytes)
            .map_err(|e| Error::from_io(e, "write", &name))?;
        self.save_converted(&written, input, folder, name, on_conflict)
            .await
    }

    /// `dropbox:/Uploads` or a folder on this computer, as a save's target.
    fn store_to(&self, text: &str) -> Result<StoreTo> {
        match split_location(text) {
            Some(_) => {
                let at = self.locate(text)?;
                Ok(StoreTo {
                    location: at.source,
                    path: at.path,
                })
            }
            None => local_folder(Path::new(text)),
        }
    }

    /// Where a conversion goes: its folder and its file name.
    /// Where `output` puts the converted `input`: its folder, and its name
    /// (for a folder, the input's with extension `ext`).
    pub(crate) fn output_place(
        &self,
        input: &str,
        output: &str,
        ext: &str,
    ) -> Result<(StoreTo, String)> {
        let (folder, name) = if names_a_folder(output) {
            let stem = Path::new(input.rsplit('/').next().unwrap_or(input))
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "converted".to_owned());
            (
                output.trim_end_matches('/').to_owned(),
                format!("{stem}.{ext}"),
            )
        } else {
            let (folder, name) = output.rsplit_once('/').unwrap_or((".", output));
            let folder = if folder.is_empty() || folder.ends_with(':') {
                format!("{folder}/")
            } else {
                folder.to_owned()
            };
            (folder, name.to_owned())
        };
        let name = crate::names::sanitize(&name);
        if name.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{output:?} names no file to write"),
            ));
        }
        let folder = if folder.is_empty() {
            "/".to_owned()
        } else {
            folder
        };
        Ok((self.store_to(&folder)?, name))
    }

    pub(crate) fn scratch_dir(&self) -> Result<PathBuf> {
        let dir = self.paths.cache_dir.join("scratch");
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::from_io(e, "create", &dir.display().to_string()))?;
        Ok(dir)
    }
}

/// A path of this computer made absolute, from the current folder.
fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::from_io(e, "find", &path.display().to_string()))
}

/// A folder on this computer as a save's target; it must exist.
fn local_folder(folder: &Path) -> Result<StoreTo> {
    let absolute = absolute(folder)?;
    if !absolute.is_dir() {
        return Err(Error::new(
            ErrorKind::NotFound,
            format!("{} is not a folder", absolute.display()),
        ));
    }
    Ok(StoreTo {
        location: StoreTo::LOCAL.to_owned(),
        path: absolute.display().to_string(),
    })
}

fn not_connected(name: &str) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!("{name} is not connected: connect it in Cloudpick first"),
    )
}

/// A pick a script asked for (`cloudpick pick`): which drives to show, the
/// restrictions, and where the files go.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "ScriptPick.ts")]
pub struct ScriptPick {
    /// Drive kinds to show (`dropbox`, `local`); all when empty.
    pub from: Vec<String>,
    #[serde(default)]
    #[ts(skip)]
    pub rules: Option<crate::restrictions::Restrictions>,
    pub store_to: Option<StoreTo>,
    pub link_only: bool,
    /// Office documents are stored as PDFs (`--convert-to pdf`).
    #[serde(default)]
    pub documents_to_pdf: bool,
    /// Not a pick but a save (`cloudpick save FILE...` without a full
    /// `--to`): the save dialog opens with these files.
    #[serde(default)]
    pub save: Option<ScriptSave>,
    /// Not a script but an application, through the desktop's file dialog
    /// (xdg-desktop-portal): what it asks.
    #[serde(default)]
    pub portal: Option<crate::portal::PortalRequest>,
    /// The folder of This computer to start in (the application's
    /// `current_folder`), by its id; the window gets no path.
    #[serde(default)]
    pub start_folder: Option<ItemId>,
}

/// Files of this computer for the save dialog, by their absolute paths,
/// the name for one of them, and the drive to start on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "ScriptSave.ts")]
pub struct ScriptSave {
    /// The paths, as the script gave them; the window gets `given` instead.
    pub files: Vec<String>,
    /// The same files as the window names them (`Cloudpick::give_paths`).
    #[serde(default)]
    pub given: Vec<crate::given::GivenPath>,
    pub name: Option<String>,
    /// A drive kind or source id (`dropbox`, `dropbox:ann@example.com`).
    pub drive: Option<String>,
}

impl ScriptSave {
    /// Checks the files are there, and the name is for one.
    pub fn new(files: &[PathBuf], name: Option<&str>, drive: Option<&str>) -> Result<Self> {
        if name.is_some() && files.len() != 1 {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "A name is for one file: save several under their own names",
            ));
        }
        let files = files
            .iter()
            .map(|file| {
                let path = absolute(file)?;
                if !path.exists() {
                    return Err(Error::new(
                        ErrorKind::NotFound,
                        format!("{} does not exist", path.display()),
                    ));
                }
                Ok(path.display().to_string())
            })
            .collect::<Result<_>>()?;
        if let Some(drive) = drive {
            ScriptPick::kinds(&[drive.split(':').next().unwrap_or(drive).to_owned()])?;
        }
        Ok(ScriptSave {
            files,
            given: Vec::new(),
            name: name.map(str::to_owned),
            drive: drive.map(str::to_owned),
        })
    }
}

impl ScriptPick {
    /// Reads `--from`'s names (kinds, names or aliases) as drive kinds.
    pub fn kinds(names: &[String]) -> Result<Vec<String>> {
        names
            .iter()
            .map(|name| name.trim())
            .filter(|name| !name.is_empty())
            .map(|name| {
                kind_of(name).map(str::to_owned).ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidInput,
                        format!(
                            "{} is not a drive: use {}",
                            name.to_ascii_lowercase(),
                            crate::drives::registry::typed_names()
                        ),
                    )
                })
            })
            .collect()
    }
}

/// Whether `-o` names a folder (`out/`, or a folder of this computer).
fn names_a_folder(output: &str) -> bool {
    output.ends_with('/') || (split_location(output).is_none() && Path::new(output).is_dir())
}

#[cfg(test)]
mod tests {
    use super::split_location;

    #[test]
    fn tells_drive_locations_from_local_paths() {
        let at = |t: &str| split_location(t).map(|(d, p)| (d.to_owned(), p));
        assert_eq!(
            at("dropbox:/Photos/2024"),
            Some(("dropbox".into(), "/Photos/2024".into()))
        );
        assert_eq!(at("dropbox:"), Some(("dropbox".into(), "/".into())));
        assert_eq!(
            at("onedrive:me@example.com:/Docs"),
            Some(("onedrive:me@example.com".into(), "/Docs".into()))
        );
        assert_eq!(at("local:/tmp/x"), Some(("local".into(), "/tmp/x".into())));
        for local in ["photo.jpg", "/tmp/a.png", "./x:/y", "dir/a:/b", "", ":/x"] {
            assert_eq!(at(local), None, "{local}");
        }
    }

    #[test]
    fn reads_drive_names_as_kinds() {
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            super::ScriptPick::kinds(&names(&[
                "Dropbox",
                "onedrive",
                "amazon",
                "local",
                "this-computer"
            ]))
            .unwrap(),
            names(&["dropbox", "onedrive", "clouddrive", "local", "local"])
        );
        let err = super::ScriptPick::kinds(&names(&["gdrive"])).unwrap_err();
        assert!(
            err.message().contains("gdrive is not a drive"),
            "{}",
            err.message()
        );
    }
}
