//! The command line: `cloudpick [--demo] [restrictions]` opens the window;
//! `pick`, `save`, `convert`, `ls` and `accounts` are for scripts (see
//! `commands.rs`). Restrictions given here hold for this run only; Settings
//! shows them and keeps its own.

mod commands;
mod convert;
pub mod output;
pub mod windowless;

use clap::{Args, Parser};
use cloudpick_core::restrictions::{CommandLineRules, Restrictions};
use cloudpick_core::Result;
pub use commands::Command;

#[derive(Debug, Parser)]
#[command(
    name = "cloudpick",
    version,
    about = "Pick files from your cloud drives, transform them and save them anywhere."
)]
pub struct Cli {
    /// Run on the demo drives: a built-in emulator of the five cloud drives
    /// (also CLOUDPICK_DEMO=1)
    #[arg(long, global = true)]
    pub demo: bool,
    /// Start hidden, as the desktop's file dialog: D-Bus starts Cloudpick
    /// so when an application asks for an Open or Save dialog
    #[arg(long)]
    pub portal: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The same restrictions as Settings → What the picker accepts.
#[derive(Debug, Args)]
#[command(next_help_heading = "What the picker accepts (this run only)")]
pub struct RuleArgs {
    /// File types, separated by commas: MIME types with wildcards and
    /// extensions, e.g. 'image/*,application/pdf,.docx'
    #[arg(long, value_name = "TYPES")]
    pub accept: Option<String>,
    /// The fewest files a pick may have
    #[arg(long, value_name = "N")]
    pub min_files: Option<u32>,
    /// The most files a pick may have
    #[arg(long, value_name = "N")]
    pub max_files: Option<u32>,
    /// The largest file that may be picked, e.g. 20MB, 1.5GB, 300KiB
    #[arg(long, value_name = "SIZE")]
    pub max_size: Option<String>,
    /// The smallest image that may be picked, in pixels, e.g. 400x300
    #[arg(long, value_name = "WxH")]
    pub min_image: Option<String>,
    /// The largest image that may be picked, in pixels, e.g. 4000x3000
    #[arg(long, value_name = "WxH")]
    pub max_image: Option<String>,
    /// Resize larger images to fit inside this on their way to storage (Filestack's imageMax)
    #[arg(long, value_name = "WxH")]
    pub image_max: Option<String>,
    /// Enlarge smaller images to cover this (Filestack's imageMin)
    #[arg(long, value_name = "WxH")]
    pub image_min: Option<String>,
    /// Resize images to exactly this, cropped to fill, centred (Filestack's imageDim)
    #[arg(long, value_name = "WxH")]
    pub image_dim: Option<String>,
}

impl RuleArgs {
    /// The restrictions given, if any was; an invalid one is an error.
    pub fn restrictions(&self) -> Result<Option<Restrictions>> {
        let given = CommandLineRules {
            accept: self.accept.as_deref(),
            min_files: self.min_files,
            max_files: self.max_files,
            max_size: self.max_size.as_deref(),
            min_image: self.min_image.as_deref(),
            max_image: self.max_image.as_deref(),
            image_max: self.image_max.as_deref(),
            image_min: self.image_min.as_deref(),
            image_dim: self.image_dim.as_deref(),
        };
        given.any().then(|| given.parse()).transpose()
    }
}
