//! Amazon Cloud Drive (the legacy v1 API; Amazon closed the service at the
//! end of 2023): a `Drive` over the metadata and content hosts that
//! `account/endpoint` names.

pub mod api;
pub mod client;
mod list;
mod read;
mod write;

pub use client::{Client, Endpoints};

use crate::drive::{ByteStream, Drive, ListOptions, PageStream, Upload};
use crate::error::Result;
use crate::item::{Account, ByteRange, Capabilities, DriveItem, ItemId};
use crate::remote::resume::ranged;
use async_trait::async_trait;
use serde_json::json;
use std::sync::Arc;

pub const KIND: &str = "clouddrive";
/// The root's id here; the real one is asked for once.
pub const ROOT: &str = "root";

pub struct AmazonDrive {
    client: Arc<Client>,
    root: tokio::sync::OnceCell<String>,
}

impl AmazonDrive {
    pub fn new(client: Client) -> Self {
        AmazonDrive {
            client: Arc::new(client),
            root: tokio::sync::OnceCell::new(),
        }
    }

    /// The id to send: the real root id for `root`.
    async fn real_id(&self, id: &ItemId) -> Result<String> {
        if id.as_str() == ROOT {
            Ok(self
                .root
                .get_or_try_init(|| list::root_id(self))
                .await?
                .clone())
        } else {
            Ok(id.as_str().to_owned())
        }
    }
}

#[async_trait]
impl Drive for AmazonDrive {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn display_name(&self) -> &str {
        client::NAME
    }

    fn capabilities(&self) -> Capabilities {
        // The v1 API has no thumbnails, share links, copy or chunked upload.
        Capabilities {
            search: true,
            thumbnail: false,
            share_link: false,
            server_side_copy: false,
            resumable_upload: false,
            verified_upload: false,
        }
    }

    fn root(&self) -> ItemId {
        ItemId::new(ROOT)
    }

    async fn account(&self) -> Result<Account> {
        let url = self.client.metadata("account/quota").await?;
        let quota: serde_json::Value = self.client.json(|http| http.get(&url)).await?;
        let total = quota["quota"].as_u64();
        let available = quota["available"].as_u64();
        // The v1 API does not tell the owner's name.
        Ok(Account {
            display_name: client::NAME.to_owned(),
            email: None,
            quota_used: total.zip(available).map(|(t, a)| t.saturating_sub(a)),
            quota_total: total,
        })
    }

    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        list::list(self, folder, options.page_size, options.include_hidden)
    }

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        list::stat(self, id).await
    }

    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        list::ancestry(self, id).await
    }

    async fn read(&self, id: &ItemId, range: Option<ByteRange>) -> Result<ByteStream> {
        let retry = self.client.retry;
        ranged(self.client.clone(), id, range, retry, read::open).await
    }

    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        let upload = Upload {
            name: crate::names::sanitize(&upload.name),
            ..upload
        };
        let path = list::path_of(self, folder).await?;
        Ok(write::write(self, folder, upload).await?.into_item(&path))
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let path = list::path_of(self, parent).await?;
        let parent = self.real_id(parent).await?;
        let url = self.client.metadata("nodes").await?;
        let arg =
            json!({ "name": crate::names::sanitize(name), "kind": "FOLDER", "parents": [parent] });
        let created: api::Node = self.client.json(|http| http.post(&url).json(&arg)).await?;
        Ok(created.into_item(&path))
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        // Cloud Drive deletes by moving to the trash.
        let url = self
            .client
            .metadata(&format!("trash/{}", self.real_id(id).await?))
            .await?;
        self.client
            .retry
            .run(|| self.client.send(|http| http.put(&url)))
            .await
            .map(drop)
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        list::search(self, query).await
    }
}
