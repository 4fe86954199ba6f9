//! Amazon Cloud Drive (the legacy v1 API; Amazon closed the service at the
//! end of 2023): a `Drive` over the metadata and content hosts that
//! `account/endpoint` names.

pub mod client;
mod list;
mod read;
pub mod sign_in;
pub mod wire;
mod write;

pub use client::{Client, Endpoints};

use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::{Cloud, Opening, Provider};
use crate::drives::remote::RetryPolicy;
use crate::error::Result;
use crate::item::{Account, Capabilities, DriveItem, ItemId};
use async_trait::async_trait;
use serde_json::json;

pub const KIND: &str = "clouddrive";

pub use client::ROOT;

/// The drive, as the registry opens it.
pub type AmazonDrive = Cloud<Client>;

#[async_trait]
impl Provider for Client {
    const KIND: &'static str = KIND;
    const NAME: &'static str = client::NAME;
    /// The v1 API has no thumbnails, share links, copy or chunked upload.
    const CAPABILITIES: Capabilities = Capabilities {
        search: true,
        thumbnail: false,
        share_link: false,
        server_side_copy: false,
        resumable_upload: false,
        verified_upload: false,
    };

    /// Opens Amazon Cloud Drive at `hosts` (`discovery`).
    fn at(opening: Opening<'_>) -> Result<Self> {
        let Opening {
            hosts,
            tokens,
            http,
            retry,
            ..
        } = opening;
        let real = Endpoints::default();
        let endpoints = Endpoints {
            discovery: hosts.get("discovery", &real.discovery),
        };
        Ok(Client::new(http, endpoints, tokens, retry))
    }

    fn root(&self) -> ItemId {
        ItemId::new(ROOT)
    }

    /// The node's metadata URL: a stored file's `url`, as there are no links.
    async fn location(&self, id: &ItemId) -> Option<String> {
        self.metadata(&format!("nodes/{}", id.as_str())).await.ok()
    }

    fn retry(&self) -> RetryPolicy {
        self.retry
    }

    async fn account(&self) -> Result<Account> {
        let url = self.metadata("account/quota").await?;
        let quota: serde_json::Value = self.json(|http| http.get(&url)).await?;
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

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let path = list::path_of(self, parent).await?;
        let parent = list::real_id(self, parent).await?;
        let url = self.metadata("nodes").await?;
        let arg = json!({ "name": name, "kind": "FOLDER", "parents": [parent] });
        let created: wire::Node = self.json(|http| http.post(&url).json(&arg)).await?;
        Ok(created.into_item(&path))
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        // Cloud Drive deletes by moving to the trash.
        let url = self
            .metadata(&format!("trash/{}", list::real_id(self, id).await?))
            .await?;
        self.retry
            .run(|| self.send(|http| http.put(&url)))
            .await
            .map(drop)
    }
}
