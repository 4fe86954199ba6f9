//! Object storage (S3, Azure Blob) as a `Drive`, through Apache OpenDAL: the
//! buckets (containers) at the top, then their keys folded at `/` into
//! folders. Each service supplies a [`Store`]: how to open one bucket, list
//! the buckets, make a link and read a hash; `store.rs` holds the drive's
//! parts and this file the `Drive` itself.

mod failure;
pub mod keys;
mod list;
pub mod paths;
mod store;
mod write;

pub use keys::{ObjectStore, StoreSecret};
pub use store::{fetch_listing, operator, Objects, Store, CAPABILITIES};

use crate::drive::{Drive, ListOptions, PageStream, Upload};
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ByteRange, Capabilities, DriveItem, ItemId, ItemKind};
use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use opendal::Metadata;
use paths::Place;

/// Opens `S`'s account at `config` as a drive (`KeyRules::open`).
pub fn open<S: Store>(
    config: ObjectStore,
    secret: StoreSecret,
    http: reqwest::Client,
) -> Result<std::sync::Arc<dyn Drive>> {
    Ok(std::sync::Arc::new(Objects::new(S::new(
        config, secret, http,
    ))))
}

#[async_trait]
impl<S: Store> Drive for Objects<S> {
    fn kind(&self) -> &'static str {
        S::KIND
    }

    fn display_name(&self) -> &str {
        S::NAME
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    fn root(&self) -> ItemId {
        ItemId::new("")
    }

    /// Lists the buckets too, so keys that do not work are found at once.
    async fn account(&self) -> Result<Account> {
        self.store().buckets().await?;
        Ok(self.store().account())
    }

    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        list::pages(self, folder, options)
    }

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        let Some(place) = Place::of(id)? else {
            return Ok(DriveItem::root("", S::NAME));
        };
        let op = self.op(place.bucket)?;
        if place.key.is_empty() {
            op.list_with("")
                .limit(1)
                .await
                .map_err(|e| self.failed(e, "open", place.bucket))?;
            return Ok(Self::bucket_item(place.bucket));
        }
        let meta = op
            .stat(place.key)
            .await
            .map_err(|e| self.failed(e, "find", &paths::display(place.bucket, place.key)))?;
        Ok(self.item(place.bucket, place.key, &meta))
    }

    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        let mut chain = vec![DriveItem::root("", S::NAME)];
        let Some(place) = Place::of(id)? else {
            return Ok(chain);
        };
        chain.push(Self::bucket_item(place.bucket));
        let mut prefix = String::new();
        for part in place
            .key
            .trim_end_matches('/')
            .split('/')
            .filter(|p| !p.is_empty())
        {
            prefix.push_str(part);
            prefix.push('/');
            chain.push(DriveItem {
                id: paths::id(place.bucket, &prefix),
                name: part.to_owned(),
                kind: ItemKind::Folder,
                size: None,
                modified: None,
                display_path: paths::display(place.bucket, &prefix),
                mime_type: None,
                hash: None,
            });
        }
        if !place.is_folder() {
            chain.pop();
            chain.push(self.stat(id).await?);
        }
        Ok(chain)
    }

    async fn read(
        &self,
        id: &ItemId,
        range: Option<ByteRange>,
    ) -> Result<crate::drive::ByteStream> {
        let place = self.place(id, "read from")?;
        let shown = paths::display(place.bucket, place.key);
        let op = self.op(place.bucket)?;
        let reader = op
            .reader_with(place.key)
            .chunk(4 << 20)
            .await
            .map_err(|e| self.failed(e, "read", &shown))?;
        let start = range.map_or(0, |r| r.start);
        let bytes = match range.and_then(|r| r.len) {
            Some(len) => reader.into_bytes_stream(start..start + len).await,
            None => reader.into_bytes_stream(start..).await,
        }
        .map_err(|e| self.failed(e, "read", &shown))?;
        let drive = S::NAME;
        Ok(bytes
            .map_err(move |e| {
                Error::new(
                    ErrorKind::Transient,
                    format!("The download from {drive} broke off: {e}"),
                )
                .with_drive(drive)
            })
            .boxed())
    }

    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        let place = self.place(folder, "store files")?;
        write::store(self, place.bucket, place.key, upload).await
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        if Place::of(parent)?.is_none() {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!(
                    "There is no bucket called {name} on {}. Cloudpick does not make buckets: create it in the service's console, or choose another",
                    S::NAME
                ),
            ));
        }
        let place = self.place(parent, "make folders")?;
        let key = format!("{}{}/", place.key, paths::checked_name(name)?);
        let op = self.op(place.bucket)?;
        if op.exists(&key).await.unwrap_or(false) {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("{} already exists", paths::display(place.bucket, &key)),
            )
            .with_existing(paths::id(place.bucket, &key).0));
        }
        op.create_dir(&key)
            .await
            .map_err(|e| self.failed(e, "make", &paths::display(place.bucket, &key)))?;
        Ok(self.item(place.bucket, &key, &Metadata::new(opendal::EntryMode::DIR)))
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        let place = self.place(id, "delete")?;
        if place.key.is_empty() {
            return Err(Error::new(
                ErrorKind::PermissionDenied,
                format!(
                    "Cloudpick does not delete buckets: use {}'s console",
                    S::NAME
                ),
            ));
        }
        let op = self.op(place.bucket)?;
        let shown = paths::display(place.bucket, place.key);
        let done = if place.is_folder() {
            op.remove_all(place.key).await
        } else {
            op.delete(place.key).await
        };
        done.map_err(|e| self.failed(e, "delete", &shown))
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        let place = self.place(id, "link to")?;
        if place.is_folder() {
            return Err(self.unsupported("links to folders"));
        }
        let op = self.op(place.bucket)?;
        self.store().link(&op, place.bucket, place.key).await
    }

    async fn location(&self, id: &ItemId) -> Option<String> {
        let place = Place::of(id).ok()??;
        self.store().address(place.bucket, place.key).ok()
    }

    async fn copy(&self, id: &ItemId, folder: &ItemId, name: &str) -> Result<DriveItem> {
        let from = self.place(id, "copy")?;
        let to = self.place(folder, "copy into")?;
        let name = paths::checked_name(name)?;
        let key = write::free_key(self, to.bucket, to.key, &name).await?;
        let shown = paths::display(to.bucket, &key);
        if from.bucket == to.bucket {
            self.op(to.bucket)?
                .copy(from.key, &key)
                .await
                .map_err(|e| self.failed(e, "copy to", &shown))?;
        } else {
            // Each operator holds one bucket: across buckets the bytes
            // stream through, a part at a time.
            let body = self.read(id, None).await?;
            write::put(self, to.bucket, &key, body, false).await?;
        }
        let meta = self
            .op(to.bucket)?
            .stat(&key)
            .await
            .map_err(|e| self.failed(e, "find", &shown))?;
        Ok(self.item(to.bucket, &key, &meta))
    }
}
