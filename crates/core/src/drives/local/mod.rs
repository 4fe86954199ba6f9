//! This computer: a folder of the local disk (the home folder by default) as a drive.

mod list;
mod paths;
mod read;
mod write;

pub use list::natural_cmp;
pub use paths::ROOT_ID;

use crate::drive::{Drive, ListOptions, PageStream, Upload};
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ByteRange, Capabilities, DriveItem, ItemId, Page};
use async_trait::async_trait;
use futures::StreamExt;
use paths::{child_id, Confinement};
use std::path::{Path, PathBuf};

pub const KIND: &str = "local";
/// This computer does none of the extras: no search, thumbnails made here, no links.
pub const CAPABILITIES: Capabilities = Capabilities {
    search: false,
    thumbnail: false,
    share_link: false,
    server_side_copy: false,
    resumable_upload: false,
    verified_upload: false,
};

pub struct LocalDrive {
    confinement: Confinement,
    display_name: String,
}

impl LocalDrive {
    /// A drive over `root`, which must be an existing folder.
    pub fn new(root: &Path) -> Result<Self> {
        Ok(LocalDrive {
            confinement: Confinement::new(root)?,
            display_name: "This computer".to_owned(),
        })
    }

    pub fn with_display_name(mut self, name: impl Into<String>) -> Self {
        self.display_name = name.into();
        self
    }

    /// The root folder, canonical.
    pub fn root_path(&self) -> &Path {
        self.confinement.root()
    }

    /// The path on disk of an item, after checking it stays inside the root.
    pub fn path_of(&self, id: &ItemId) -> Result<PathBuf> {
        self.confinement.resolve(id)
    }

    async fn blocking<T: Send + 'static>(
        &self,
        job: impl FnOnce(Confinement) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let confinement = self.confinement.clone();
        tokio::task::spawn_blocking(move || job(confinement))
            .await
            .map_err(|e| Error::new(ErrorKind::Io, format!("The disk task stopped: {e}")))?
    }

    fn folder_path(&self, id: &ItemId) -> Result<PathBuf> {
        let path = self.confinement.resolve(id)?;
        if path.is_dir() {
            Ok(path)
        } else {
            Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{id} is not a folder"),
            ))
        }
    }
}

#[async_trait]
impl Drive for LocalDrive {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn display_name(&self) -> &str {
        &self.display_name
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    fn root(&self) -> ItemId {
        ItemId::new(ROOT_ID)
    }

    async fn account(&self) -> Result<Account> {
        let user = std::env::var("USER").unwrap_or_else(|_| "You".to_owned());
        Ok(Account {
            display_name: user,
            email: None,
            quota_used: None,
            quota_total: None,
        })
    }

    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        let folder = folder.clone();
        let page_size = options.page_size.max(1);
        let scan = self.blocking(move |c| list::scan(&c, &folder, options.include_hidden));
        futures::stream::once(scan)
            .flat_map(move |scanned| {
                let pages: Vec<Result<Page>> = match scanned {
                    Err(err) => vec![Err(err)],
                    Ok(items) => paginate(items, page_size),
                };
                futures::stream::iter(pages)
            })
            .boxed()
    }

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        let id = id.clone();
        self.blocking(move |c| {
            let path = c.resolve(&id)?;
            list::item_at(&path, id)
        })
        .await
    }

    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        let mut chain = vec![self.stat(&self.root()).await?];
        let mut current = self.root();
        for part in id.as_str().split('/').filter(|p| !p.is_empty()) {
            current = child_id(&current, part);
            chain.push(self.stat(&current).await?);
        }
        if let Some(root) = chain.first_mut() {
            root.name = self.display_name.clone();
        }
        Ok(chain)
    }

    async fn read(
        &self,
        id: &ItemId,
        range: Option<ByteRange>,
    ) -> Result<crate::drive::ByteStream> {
        let path = self.confinement.resolve(id)?;
        read::open(&path, id.as_str(), range).await
    }

    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        let dir = self.folder_path(folder)?;
        let stored = write::store(&dir, &upload.name, upload.body, upload.on_conflict).await?;
        let id = self.confinement.id_of(&stored);
        list::item_at(&stored, id)
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let dir = self.folder_path(parent)?;
        let name = crate::names::sanitize(name);
        let path = dir.join(&name);
        tokio::fs::create_dir(&path)
            .await
            .map_err(|e| Error::from_io(e, "create", &name))?;
        list::item_at(&path, self.confinement.id_of(&path))
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        // The link itself, not what it points to, is what gets deleted.
        let path = self.confinement.path_of(id)?;
        if path == self.confinement.root() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "The top folder cannot be deleted",
            ));
        }
        self.confinement.resolve(id)?;
        let meta = tokio::fs::symlink_metadata(&path)
            .await
            .map_err(|e| Error::from_io(e, "delete", id.as_str()))?;
        let removed = if meta.is_dir() {
            tokio::fs::remove_dir_all(&path).await
        } else {
            tokio::fs::remove_file(&path).await
        };
        removed.map_err(|e| Error::from_io(e, "delete", id.as_str()))
    }

    fn local_url(&self, id: &ItemId) -> Option<url::Url> {
        let path = self.confinement.resolve(id).ok()?;
        url::Url::from_file_path(path).ok()
    }
}

fn paginate(items: Vec<DriveItem>, page_size: usize) -> Vec<Result<Page>> {
    if items.is_empty() {
        return vec![Ok(Page::default())];
    }
    let total = items.len();
    let mut pages = Vec::with_capacity(total.div_ceil(page_size));
    let mut rest = items.into_iter().peekable();
    let mut offset = 0;
    while rest.peek().is_some() {
        let chunk: Vec<DriveItem> = rest.by_ref().take(page_size).collect();
        offset += chunk.len();
        let next_cursor = (offset < total).then(|| offset.to_string());
        pages.push(Ok(Page {
            items: chunk,
            next_cursor,
        }));
    }
    pages
}
