//! The `Drive` trait: what every source and destination of files offers.
//!
//! Required operations are the ones every drive has. Optional ones are declared in
//! [`Capabilities`]; their default bodies answer `Unsupported`, so a caller reads the
//! capabilities first instead of discovering them by failure.

use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ByteRange, Capabilities, ConflictPolicy, DriveItem, ItemId, Page};
use async_trait::async_trait;
use futures::stream::BoxStream;

pub use crate::item::ByteStream;

/// A folder listing, one page at a time.
pub type PageStream<'a> = BoxStream<'a, Result<Page>>;

/// How to list a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListOptions {
    /// At most this many items per page.
    pub page_size: usize,
    /// Show names that start with a dot.
    pub include_hidden: bool,
}

impl Default for ListOptions {
    fn default() -> Self {
        ListOptions {
            page_size: 200,
            include_hidden: false,
        }
    }
}

/// A file to write: its name in the target folder and its streamed body.
pub struct Upload {
    pub name: String,
    /// The total size, when known in advance.
    pub size: Option<u64>,
    pub body: ByteStream,
    pub on_conflict: ConflictPolicy,
}

/// A resumable upload as it is journaled after every chunk the server
/// confirmed: the provider's own state (its session id, upload URL or
/// parts) and how many bytes it has.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UploadSession {
    pub state: serde_json::Value,
    pub confirmed: u64,
}

/// Told the session after each confirmed chunk, before the next one is sent.
/// An error stops the upload (the journal could not be written).
pub type Journal<'a> = &'a (dyn Fn(&UploadSession) -> Result<()> + Send + Sync);

#[async_trait]
pub trait Drive: Send + Sync {
    /// A stable, lower-case identifier: `local`, `dropbox`, ...
    fn kind(&self) -> &'static str;

    /// What people call it: "This computer", "Dropbox".
    fn display_name(&self) -> &str;

    fn capabilities(&self) -> Capabilities;

    /// The id of the top folder.
    fn root(&self) -> ItemId;

    async fn account(&self) -> Result<Account>;

    /// The folder's children, page by page.
    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a>;

    async fn stat(&self, id: &ItemId) -> Result<DriveItem>;

    /// The folders from the root down to `id`, both included, for breadcrumbs.
    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>>;

    async fn read(&self, id: &ItemId, range: Option<ByteRange>) -> Result<ByteStream>;

    /// The whole file, checked as it streams against the size and the hash
    /// the drive reported in `item`: a mismatch ends the stream in an error.
    async fn read_verified(&self, item: &DriveItem) -> Result<ByteStream> {
        let body = self.read(&item.id, None).await?;
        Ok(crate::drives::remote::hashing::verified(
            body,
            item,
            self.display_name(),
        ))
    }

    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem>;

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem>;

    /// Opens a resumable upload of a `size`-byte file called `name` in
    /// `folder` (drives whose capabilities say `resumable_upload`).
    async fn start_upload(
        &self,
        _folder: &ItemId,
        _name: &str,
        _size: u64,
        _on_conflict: ConflictPolicy,
    ) -> Result<UploadSession> {
        Err(self.unsupported("resumable uploads"))
    }

    /// Goes on with `session` until the file is complete. `body` is the whole
    /// file from its first byte: the bytes the server already has (it is
    /// asked) are read and hashed but not sent again. Each confirmed chunk is
    /// journaled; the end is checked against the drive's hash.
    async fn resume_upload(
        &self,
        _session: UploadSession,
        _body: ByteStream,
        _journal: Journal<'_>,
    ) -> Result<DriveItem> {
        Err(self.unsupported("resumable uploads"))
    }

    async fn delete(&self, id: &ItemId) -> Result<()>;

    async fn search(&self, _query: &str) -> Result<Vec<DriveItem>> {
        Err(self.unsupported("search"))
    }

    /// A small image of the file, for a grid cell `side` pixels wide: the
    /// provider's nearest size at least that big, or its largest.
    async fn thumbnail(&self, _id: &ItemId, _side: u32) -> Result<ByteStream> {
        Err(self.unsupported("thumbnails"))
    }

    async fn share_link(&self, _id: &ItemId) -> Result<String> {
        Err(self.unsupported("share links"))
    }

    async fn copy(&self, _id: &ItemId, _folder: &ItemId, _name: &str) -> Result<DriveItem> {
        Err(self.unsupported("server-side copy"))
    }

    /// The file's address in the drive's API, for a stored file that has no
    /// share link (Amazon Cloud Drive; Azure with a SAS token). It opens
    /// only with the account's own sign-in.
    async fn location(&self, _id: &ItemId) -> Option<String> {
        None
    }

    /// A `file://` URL for an item, where the drive is a local disk.
    fn local_url(&self, _id: &ItemId) -> Option<url::Url> {
        None
    }

    fn unsupported(&self, what: &str) -> Error {
        Error::new(
            ErrorKind::Unsupported,
            format!("{} does not support {what}", self.display_name()),
        )
        .with_drive(self.kind())
    }
}
