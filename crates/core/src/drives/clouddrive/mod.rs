//! Amazon Cloud Drive (the legacy v1 API; Amazon closed the service at the
//! end of 2023): a `Drive` over the metadata and content hosts that
//! `account/endpoint` names.

pub mod api;
pub mod client;
mod list;
mod read;
pub mod sign_in;
mod write;

pub use client::{Client, Endpoints};

use crate::connect::apps::AppSettings;
use crate::drive::{ByteStream, Drive, ListOptions, PageStream, Upload};
use crate::drives::remote::resume::ranged;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::drives::row::ApiHosts;
use crate::error::Result;
use crate::item::{Account, ByteRange, Capabilities, DriveItem, ItemId};
use async_trait::async_trait;
use serde_json::json;
use std::sync::Arc;

pub const KIND: &str = "clouddrive";

/// What it can do beyond the basics. The v1 API has no thumbnails, share links, copy or chunked upload.
pub const CAPABILITIES: Capabilities = Capabilities {
    search: true,
    thumbnail: false,
    share_link: false,
    server_side_copy: false,
    resumable_upload: false,
    verified_upload: false,
};

/// Opens Amazon Cloud Drive at `hosts` (`discovery`).
pub fn open(
    hosts: &ApiHosts,
    _: &AppSettings,
    tokens: Arc<dyn TokenSource>,
    http: reqwest::Client,
    retry: RetryPolicy,
) -> Result<Arc<dyn Drive>> {
    let real = Endpoints::default();
    let endpoints = Endpoints {
        discovery: hosts.get("discovery", &real.discovery),
    };
    let client = Client::new(http, endpoints, tokens, retry);
    Ok(Arc::new(AmazonDrive::new(client)))
}
/// The root's id here; the real one is asked for once.
pub use client::ROOT;

pub struct AmazonDrive {
    client: Arc<Client>,
}

impl AmazonDrive {
    pub fn new(client: Client) -> Self {
        AmazonDrive {
            client: Arc::new(client),
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
        CAPABILITIES
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
        list::list(
            &self.client,
            folder,
            options.page_size,
            options.include_hidden,
        )
    }

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        list::stat(&self.client, id).await
    }

    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        list::ancestry(&self.client, id).await
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
        let path = list::path_of(&self.client, folder).await?;
        Ok(write::write(&self.client, folder, upload)
            .await?
            .into_item(&path))
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let path = list::path_of(&self.client, parent).await?;
        let parent = list::real_id(&self.client, parent).await?;
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
            .metadata(&format!("trash/{}", list::real_id(&self.client, id).await?))
            .await?;
        self.client
            .retry
            .run(|| self.client.send(|http| http.put(&url)))
            .await
            .map(drop)
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        list::search(&self.client, query).await
    }
}
