//! Reading files of the This computer drive as byte streams, with ranges.

use crate::drive::ByteStream;
use crate::error::{Error, ErrorKind, Result};
use crate::item::ByteRange;
use futures::StreamExt;
use std::io::SeekFrom;
use std::path::Path;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

/// Read buffer: large enough for disk throughput, small enough to keep memory flat.
const CHUNK: usize = 256 * 1024;

pub async fn open(path: &Path, shown: &str, range: Option<ByteRange>) -> Result<ByteStream> {
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(|e| Error::from_io(e, "read", shown))?;
    let meta = file
        .metadata()
        .await
        .map_err(|e| Error::from_io(e, "read", shown))?;
    if meta.is_dir() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{shown} is a folder"),
        ));
    }
    let range = range.unwrap_or(ByteRange::from(0));
    if range.start > meta.len() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{shown} has {} bytes; cannot read from byte {}",
                meta.len(),
                range.start
            ),
        ));
    }
    file.seek(SeekFrom::Start(range.start))
        .await
        .map_err(|e| Error::from_io(e, "read", shown))?;
    let len = range.len.unwrap_or(u64::MAX);
    let owned = shown.to_owned();
    let stream = ReaderStream::with_capacity(file.take(len), CHUNK)
        .map(move |chunk| chunk.map_err(|e| Error::from_io(e, "read", &owned)));
    Ok(stream.boxed())
}
