//! The script commands and their options, named as in the UI and in the
//! result JSON (`--store-to`, `--link-only`, `--max-files`, `--crop-first`).

use super::convert::TransformArgs;
use super::RuleArgs;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the picker and print what was picked as JSON ({filesUploaded, filesFailed}).
    /// Exit 0 when done, 1 when the window is closed without picking, 2 on an error
    #[command(
        after_help = "Example:\n  cloudpick pick --from dropbox,onedrive --accept 'image/*' --max-files 3 | jq -r '.filesUploaded[].url'"
    )]
    Pick(PickArgs),
    /// Save files of this computer to a drive. With a full --to it runs without
    /// a window; otherwise the save dialog opens with the files
    #[command(
        after_help = "Example:\n  cloudpick save report.pdf --to dropbox:/Reports --name 'Q3 report.pdf'"
    )]
    Save(SaveArgs),
    /// Convert an image (resize, crop, rotate, re-encode) without a window and
    /// write it to a file or a drive
    #[command(
        after_help = "Example:\n  cloudpick convert photo.jpg --width 400 --height 400 --fit crop --crop-first --format webp -o thumbs/"
    )]
    Convert(ConvertArgs),
    /// List a folder of a drive (or one file): cloudpick ls dropbox:/Photos
    Ls(LsArgs),
    /// List the connected drives and their accounts
    Accounts(AccountsArgs),
}

#[derive(Debug, Args)]
pub struct PickArgs {
    /// Show only these drives, separated by commas: onedrive, dropbox, box,
    /// alfresco, clouddrive (or amazon), s3, azblob, local (or this-computer,
    /// local_file_system)
    #[arg(long, value_name = "DRIVES", value_delimiter = ',')]
    pub from: Vec<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Where picked files are copied: local:/path or a drive and folder,
    /// e.g. dropbox:/Uploads (default: Settings' storage location)
    #[arg(long, value_name = "LOCATION")]
    pub store_to: Option<String>,
    /// Copy nothing: each file's url is its own drive's share link
    #[arg(long)]
    pub link_only: bool,
    /// Store office documents (.docx .xlsx .pptx .odt ...) converted: pdf, through LibreOffice
    #[arg(long, value_name = "FORMAT", value_parser = ["pdf"])]
    pub convert_to: Option<String>,
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// The files (or folders) to save
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The drive and folder, e.g. dropbox:/Reports or onedrive:me@example.com:/Docs
    #[arg(long, value_name = "DRIVE:/FOLDER")]
    pub to: Option<String>,
    /// The name to save one file under
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// When the name is taken there: ask (stop with an error), rename (keep
    /// both, adding " (1)"), or replace
    #[arg(long, value_name = "WHAT", default_value = "ask", value_parser = super::convert::serde_value::<cloudpick_core::app::export::OnConflict>)]
    pub on_conflict: cloudpick_core::app::export::OnConflict,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The image, office document (.docx .xlsx .pptx .odt .ods .odp .doc .xls .ppt .rtf) or PDF: a
    /// path on this computer, or drive:/path. A document becomes a PDF (-o report.pdf) or a picture
    /// of one page (-o page.png)
    #[arg(value_name = "IN")]
    pub input: String,
    #[command(flatten)]
    pub transform: TransformArgs,
    /// The page of a PDF or document to draw as a picture, from 1 (default: the first)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub page: Option<u32>,
    /// Where to write it: a file, a folder ending in /, or drive:/folder/name
    #[arg(short, long, value_name = "OUT")]
    pub output: String,
    /// When the name is taken there: ask (stop with an error), rename or replace
    #[arg(long, value_name = "WHAT", default_value = "ask", value_parser = super::convert::serde_value::<cloudpick_core::app::export::OnConflict>)]
    pub on_conflict: cloudpick_core::app::export::OnConflict,
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// drive:/path, e.g. dropbox:/Photos, box:, local:/home/you
    #[arg(value_name = "DRIVE:/PATH")]
    pub location: String,
    /// Print JSON: the items as the picker sees them
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AccountsArgs {
    /// Print JSON: the sources as the picker lists them
    #[arg(long)]
    pub json: bool,
}

impl PickArgs {
    /// The pick as the window runs it; a drive or option that does not
    /// exist is an error before any window opens.
    pub fn script_pick(&self) -> cloudpick_core::Result<cloudpick_core::app::script::ScriptPick> {
        let store_to = self
            .store_to
            .as_deref()
            .map(cloudpick_core::storage::StoreTo::parse)
            .transpose()?;
        if let Some(to) = &store_to {
            // The drive must be one there is: `local`, `dropbox`, `dropbox:me@x.com`.
            let kind = to.location.split(':').next().unwrap_or_default();
            cloudpick_core::app::script::ScriptPick::kinds(&[kind.to_owned()]).map_err(|_| {
                cloudpick_core::Error::new(
                    cloudpick_core::ErrorKind::InvalidInput,
                    format!(
                        "{to} is not a storage location: write it like local:/home/you/Picked or dropbox:/Uploads"
                    ),
                )
            })?;
        }
        Ok(cloudpick_core::app::script::ScriptPick {
            from: cloudpick_core::app::script::ScriptPick::kinds(&self.from)?,
            rules: self.rules.restrictions()?,
            store_to,
            link_only: self.link_only,
            documents_to_pdf: self.convert_to.is_some(),
            ..Default::default()
        })
    }
}

impl SaveArgs {
    /// The save dialog's files, for a save with no full `--to`.
    pub fn script_save(&self) -> cloudpick_core::Result<cloudpick_core::app::script::ScriptPick> {
        let save = cloudpick_core::app::script::ScriptSave::new(
            &self.files,
            self.name.as_deref(),
            self.to.as_deref(),
        )?;
        Ok(cloudpick_core::app::script::ScriptPick {
            save: Some(save),
            ..Default::default()
        })
    }
}
