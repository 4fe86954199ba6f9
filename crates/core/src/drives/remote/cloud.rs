//! A cloud drive, written once: `Cloud<C>` is the `Drive` of any provider's
//! client `C`. What every cloud drive does the same way lives here: its
//! identity from the provider's constants, names made safe before they are
//! sent, ranged reads that retry and resume, and the operations a drive's
//! capabilities rule out answered as unsupported. Each provider implements
//! the rest where it belongs: `Listing` in its `list.rs`, `Reading` in its
//! `read.rs`, `Writing` in its `write.rs`, and `Provider` in its `mod.rs`.

use crate::connect::apps::AppSettings;
use crate::drive::{ByteStream, Drive, Journal, ListOptions, PageStream, Upload, UploadSession};
use crate::drives::remote::resume::ranged;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::drives::row::ApiHosts;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ByteRange, Capabilities, ConflictPolicy, DriveItem, ItemId};
use async_trait::async_trait;
use std::sync::Arc;

/// What a provider's `list.rs` does.
#[async_trait]
pub trait Listing {
    /// A folder's items, page by page.
    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a>;
    async fn stat(&self, id: &ItemId) -> Result<DriveItem>;
    /// From the root down to `id`, both included.
    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>>;
    /// Only called when the provider's capabilities say `search`.
    async fn search(&self, _query: &str) -> Result<Vec<DriveItem>> {
        Err(not_here("search"))
    }
}

/// What a provider's `read.rs` does.
#[async_trait]
pub trait Reading {
    /// Asks for `[start, end)` of a file; `Cloud` retries it and resumes a cut.
    async fn open(self: Arc<Self>, id: ItemId, start: u64, end: Option<u64>) -> Result<ByteStream>;
    /// Only called when the provider's capabilities say `thumbnail`.
    async fn thumbnail(&self, _id: &ItemId, _side: u32) -> Result<ByteStream> {
        Err(not_here("thumbnails"))
    }
}

/// What a provider's `write.rs` does. Names arrive made safe.
#[async_trait]
pub trait Writing {
    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem>;
    /// Only called when the provider's capabilities say `resumable_upload`.
    async fn start(
        &self,
        _folder: &ItemId,
        _name: &str,
        _size: u64,
        _on_conflict: ConflictPolicy,
    ) -> Result<UploadSession> {
        Err(not_here("resumable uploads"))
    }

    async fn resume(
        &self,
        _session: UploadSession,
        _body: ByteStream,
        _journal: Journal<'_>,
    ) -> Result<DriveItem> {
        Err(not_here("resumable uploads"))
    }
}

/// The rest of a provider, in its `mod.rs`. Names arrive made safe.
#[async_trait]
pub trait Provider: Listing + Reading + Writing + Send + Sync + 'static {
    /// The registry's spelling (`dropbox`).
    const KIND: &'static str;
    /// What people call it (`Dropbox`).
    const NAME: &'static str;
    const CAPABILITIES: Capabilities;
    /// The client as `opening` asks.
    fn at(opening: Opening<'_>) -> Result<Self>
    where
        Self: Sized;
    fn root(&self) -> ItemId;
    fn retry(&self) -> RetryPolicy;
    async fn account(&self) -> Result<Account>;
    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem>;
    async fn delete(&self, id: &ItemId) -> Result<()>;
    /// Only called when the provider's capabilities say `share_link`.
    async fn share_link(&self, _id: &ItemId) -> Result<String> {
        Err(not_here("share links"))
    }

    /// Only called when the provider's capabilities say `server_side_copy`.
    /// The file's address in the provider's API, for stored files without a link.
    async fn location(&self, _id: &ItemId) -> Option<String> {
        None
    }

    async fn copy(&self, _id: &ItemId, _folder: &ItemId, _name: &str) -> Result<DriveItem> {
        Err(not_here("server-side copy"))
    }
}

/// Opens the drive of the provider whose client is `C`: the registry's `open`.
pub fn open<C: Provider>(
    hosts: &ApiHosts,
    app: &AppSettings,
    tokens: Arc<dyn TokenSource>,
    http: reqwest::Client,
    retry: RetryPolicy,
) -> Result<Arc<dyn Drive>> {
    let opening = Opening {
        hosts,
        app,
        tokens,
        http,
        retry,
    };
    Ok(Arc::new(Cloud::new(C::at(opening)?)))
}

/// What a client is opened with.
pub struct Opening<'a> {
    /// Base URLs by name; an absent one means the real host.
    pub hosts: &'a ApiHosts,
    /// The user's app for the provider (Alfresco's server).
    pub app: &'a AppSettings,
    pub tokens: Arc<dyn TokenSource>,
    pub http: reqwest::Client,
    pub retry: RetryPolicy,
}

/// An operation a provider left out; `Cloud` never calls it.
fn not_here(what: &str) -> Error {
    Error::new(ErrorKind::Unsupported, format!("no {what} here"))
}

/// The `Drive` of the provider whose client is `C`.
pub struct Cloud<C> {
    client: Arc<C>,
}

impl<C: Provider> Cloud<C> {
    pub fn new(client: C) -> Self {
        Cloud {
            client: Arc::new(client),
        }
    }

    /// The provider's client.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// Refuses what the provider's capabilities rule out.
    fn can(&self, able: bool, what: &str) -> Result<()> {
        if able {
            Ok(())
        } else {
            Err(self.unsupported(what))
        }
    }
}

#[async_trait]
impl<C: Provider> Drive for Cloud<C> {
    fn kind(&self) -> &'static str {
        C::KIND
    }

    fn display_name(&self) -> &str {
        C::NAME
    }

    fn capabilities(&self) -> Capabilities {
        C::CAPABILITIES
    }

    fn root(&self) -> ItemId {
        self.client.root()
    }

    async fn account(&self) -> Result<Account> {
        self.client.account().await
    }

    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        self.client.list(folder, options)
    }

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        self.client.stat(id).await
    }

    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        self.client.ancestry(id).await
    }

    async fn read(&self, id: &ItemId, range: Option<ByteRange>) -> Result<ByteStream> {
        let retry = self.client.retry();
        ranged(
            self.client.clone(),
            id,
            range,
            retry,
            |client, id, start, end| client.open(id, start, end),
        )
        .await
    }

    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        let upload = Upload {
            name: crate::names::sanitize(&upload.name),
            ..upload
        };
        self.client.write(folder, upload).await
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let name = crate::names::sanitize(name);
        self.client.create_folder(parent, &name).await
    }

    async fn start_upload(
        &self,
        folder: &ItemId,
        name: &str,
        size: u64,
        on_conflict: ConflictPolicy,
    ) -> Result<UploadSession> {
        self.can(C::CAPABILITIES.resumable_upload, "resumable uploads")?;
        let name = crate::names::sanitize(name);
        self.client.start(folder, &name, size, on_conflict).await
    }

    async fn resume_upload(
        &self,
        session: UploadSession,
        body: ByteStream,
        journal: Journal<'_>,
    ) -> Result<DriveItem> {
        self.can(C::CAPABILITIES.resumable_upload, "resumable uploads")?;
        self.client.resume(session, body, journal).await
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        self.client.delete(id).await
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        self.can(C::CAPABILITIES.search, "search")?;
        self.client.search(query).await
    }

    async fn thumbnail(&self, id: &ItemId, side: u32) -> Result<ByteStream> {
        self.can(C::CAPABILITIES.thumbnail, "thumbnails")?;
        self.client.thumbnail(id, side).await
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        self.can(C::CAPABILITIES.share_link, "share links")?;
        self.client.share_link(id).await
    }

    async fn location(&self, id: &ItemId) -> Option<String> {
        self.client.location(id).await
    }

    async fn copy(&self, id: &ItemId, folder: &ItemId, name: &str) -> Result<DriveItem> {
        self.can(C::CAPABILITIES.server_side_copy, "server-side copy")?;
        let name = crate::names::sanitize(name);
        self.client.copy(id, folder, &name).await
    }
}
