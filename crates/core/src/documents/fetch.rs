//! A document on a drive, brought to a temporary file for LibreOffice or
//! poppler: streamed to disk, never held in memory, and refused past a size.

use crate::drive::Drive;
use crate::error::{Error, ErrorKind, Result};
use crate::item::DriveItem;
use futures::TryStreamExt;
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;

/// The largest document brought over for a preview or a measure.
pub const MAX_PREVIEW_BYTES: u64 = 100 << 20;

/// `item` from `drive`, in a temporary folder that lives as long as the
/// returned guard; the path keeps the item's name (its extension matters).
pub async fn to_temp(drive: &dyn Drive, item: &DriveItem) -> Result<(tempfile::TempDir, PathBuf)> {
    if item.size.unwrap_or(0) > MAX_PREVIEW_BYTES {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!("{} is too large to preview", item.name),
        ));
    }
    let dir = tempfile::tempdir().map_err(|e| Error::from_io(e, "create", "a scratch folder"))?;
    let path = dir.path().join(crate::names::sanitize(&item.name));
    let mut file = tokio::fs::File::create(&path)
        .await
        .map_err(|e| Error::from_io(e, "write", &item.name))?;
    let mut body = drive.read(&item.id, None).await?;
    let mut written = 0u64;
    while let Some(chunk) = body.try_next().await? {
        written += chunk.len() as u64;
        if written > MAX_PREVIEW_BYTES {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!("{} is too large to preview", item.name),
            ));
        }
        file.write_all(&chunk)
            .await
            .map_err(|e| Error::from_io(e, "write", &item.name))?;
    }
    file.flush()
        .await
        .map_err(|e| Error::from_io(e, "write", &item.name))?;
    Ok((dir, path))
}
