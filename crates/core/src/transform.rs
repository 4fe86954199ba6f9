//! Image conversions, from `cloudpick-transform`, and the engine's way to
//! run one on a file with an error that names it.

pub use cloudpick_transform::*;

use crate::error::{Error, ErrorKind, Result};

/// Converts the file at `path`; the error names the file.
pub fn convert_file(path: &std::path::Path, t: &Transform) -> Result<Converted> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = std::fs::File::open(path).map_err(|e| Error::from_io(e, "open", &name))?;
    convert(std::io::BufReader::new(file), t, &Limits::default()).map_err(|reason| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("{name} could not be converted: {reason}"),
        )
    })
}
