//! Writing files to the This computer drive atomically: the body streams into a
//! hidden temp file beside the target, is fsynced, then takes its final name
//! without ever replacing a file unless the caller asked for that.

use crate::drive::ByteStream;
use crate::error::{Error, ErrorKind, Result};
use crate::item::ConflictPolicy;
use crate::names;
use futures::StreamExt;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// How many ` (n)` names to try before giving up.
const MAX_RENAMES: u32 = 10_000;

/// Streams `body` into `folder`/`name` and returns the path it was stored at.
pub async fn store(
    folder: &Path,
    name: &str,
    body: ByteStream,
    policy: ConflictPolicy,
) -> Result<PathBuf> {
    let name = names::sanitize(name);
    let temp = TempFile::create(folder, &name).await?;
    let filled = fill(&temp.path, body, &name).await;
    if let Err(err) = filled {
        temp.discard().await;
        return Err(err);
    }
    let placed = place(&temp.path, folder, &name, policy).await;
    match placed {
        Ok(path) => {
            sync_dir(folder).await;
            Ok(path)
        }
        Err(err) => {
            temp.discard().await;
            Err(err)
        }
    }
}

struct TempFile {
    path: PathBuf,
}

impl TempFile {
    async fn create(folder: &Path, name: &str) -> Result<TempFile> {
        let stem: String = name.chars().take(32).collect();
        for _ in 0..16 {
            let tag: u64 = rand::random();
            let path = folder.join(format!(".{stem}.{tag:016x}.cloudpick-part"));
            match tokio::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .await
            {
                Ok(_) => return Ok(TempFile { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::from_io(e, "write to", &folder.display().to_string())),
            }
        }
        Err(Error::new(
            ErrorKind::Io,
            "Could not create a temporary file",
        ))
    }

    async fn discard(self) {
        let _ = tokio::fs::remove_file(&self.path).await;
    }
}

/// A write that is dropped half-way (its pick cancelled while it waited)
/// leaves no part behind; once placed, the temp name is gone already.
impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

async fn fill(path: &Path, mut body: ByteStream, name: &str) -> Result<()> {
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .await
        .map_err(|e| Error::from_io(e, "write", name))?;
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        file.write_all(&chunk)
            .await
            .map_err(|e| Error::from_io(e, "write", name))?;
    }
    file.flush()
        .await
        .map_err(|e| Error::from_io(e, "write", name))?;
    file.sync_all()
        .await
        .map_err(|e| Error::from_io(e, "write", name))?;
    Ok(())
}

/// Gives the finished temp file its name, by the policy.
async fn place(temp: &Path, folder: &Path, name: &str, policy: ConflictPolicy) -> Result<PathBuf> {
    match policy {
        ConflictPolicy::Replace => {
            let target = folder.join(name);
            if target.is_dir() {
                return Err(taken(name));
            }
            tokio::fs::rename(temp, &target)
                .await
                .map_err(|e| Error::from_io(e, "save", name))?;
            Ok(target)
        }
        ConflictPolicy::Fail => {
            let target = folder.join(name);
            claim(temp, &target, name)
                .await?
                .then_some(target)
                .ok_or_else(|| taken(name))
        }
        ConflictPolicy::Rename => {
            for n in 0..MAX_RENAMES {
                let candidate = if n == 0 {
                    name.to_owned()
                } else {
                    names::numbered(name, n)
                };
                let target = folder.join(&candidate);
                if claim(temp, &target, &candidate).await? {
                    return Ok(target);
                }
            }
            Err(taken(name))
        }
    }
}

/// Moves `temp` to `target` only if nothing is there yet. `Ok(false)` when taken.
async fn claim(temp: &Path, target: &Path, shown: &str) -> Result<bool> {
    // A hard link fails atomically when the name exists, so no other writer can
    // be overwritten between a check and a rename.
    match tokio::fs::hard_link(temp, target).await {
        Ok(()) => {
            let _ = tokio::fs::remove_file(temp).await;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(_) => {
            // Filesystems without hard links (FAT, some network mounts).
            if tokio::fs::symlink_metadata(target).await.is_ok() {
                return Ok(false);
            }
            tokio::fs::rename(temp, target)
                .await
                .map_err(|e| Error::from_io(e, "save", shown))?;
            Ok(true)
        }
    }
}

fn taken(name: &str) -> Error {
    Error::new(
        ErrorKind::Conflict,
        format!("\"{name}\" already exists here. Choose another name, or allow replacing it"),
    )
    .with_path(name)
}

/// Makes the new directory entry durable.
async fn sync_dir(folder: &Path) {
    if let Ok(dir) = tokio::fs::File::open(folder).await {
        let _ = dir.sync_all().await;
    }
}
