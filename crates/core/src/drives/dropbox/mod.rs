//! Dropbox (API v2): a `Drive` over the RPC and content hosts.

pub mod api;
pub mod client;
mod list;
mod read;
pub mod sign_in;
mod write;

pub use client::{Client, Endpoints};
pub use write::CHUNK;

use crate::connect::apps::AppSettings;
use crate::drive::{ByteStream, Drive, Journal, ListOptions, PageStream, Upload, UploadSession};
use crate::drives::remote::resume::ranged;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::drives::row::ApiHosts;
use crate::error::Result;
use crate::item::{Account, ByteRange, Capabilities, ConflictPolicy, DriveItem, ItemId};
use async_trait::async_trait;
use serde_json::json;
use std::sync::Arc;

pub const KIND: &str = "dropbox";

/// What it can do beyond the basics.
pub const CAPABILITIES: Capabilities = Capabilities {
    search: true,
    thumbnail: true,
    share_link: true,
    server_side_copy: true,
    resumable_upload: true,
    verified_upload: true,
};

/// Opens Dropbox at `hosts` (`api`, `content`).
pub fn open(
    hosts: &ApiHosts,
    _: &AppSettings,
    tokens: Arc<dyn TokenSource>,
    http: reqwest::Client,
    retry: RetryPolicy,
) -> Result<Arc<dyn Drive>> {
    let real = Endpoints::default();
    Ok(Arc::new(Dropbox::new(Client {
        http,
        endpoints: Endpoints {
            api: hosts.get("api", &real.api),
            content: hosts.get("content", &real.content),
        },
        tokens,
        retry,
    })))
}

pub struct Dropbox {
    client: Arc<Client>,
}

impl Dropbox {
    pub fn new(client: Client) -> Self {
        Dropbox {
            client: Arc::new(client),
        }
    }
}

#[async_trait]
impl Drive for Dropbox {
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
        ItemId::new("")
    }

    async fn account(&self) -> Result<Account> {
        let account: api::FullAccount = self
            .client
            .rpc("users/get_current_account", &serde_json::Value::Null)
            .await?;
        let usage: api::SpaceUsage = self
            .client
            .rpc("users/get_space_usage", &serde_json::Value::Null)
            .await?;
        Ok(Account {
            display_name: account.name.display_name,
            email: Some(account.email),
            quota_used: Some(usage.used),
            quota_total: usage.allocation.allocated,
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
        let folder_path = if folder.as_str().is_empty() {
            String::new()
        } else {
            list::stat(&self.client, folder).await?.display_path
        };
        let upload = Upload {
            name: crate::names::sanitize(&upload.name),
            ..upload
        };
        write::write(&self.client, &folder_path, upload).await
    }

    async fn start_upload(
        &self,
        folder: &ItemId,
        name: &str,
        _size: u64,
        on_conflict: ConflictPolicy,
    ) -> Result<UploadSession> {
        let folder_path = if folder.as_str().is_empty() {
            String::new()
        } else {
            list::stat(&self.client, folder).await?.display_path
        };
        write::start(
            &self.client,
            &folder_path,
            &crate::names::sanitize(name),
            on_conflict,
        )
        .await
    }

    async fn resume_upload(
        &self,
        session: UploadSession,
        body: ByteStream,
        journal: Journal<'_>,
    ) -> Result<DriveItem> {
        write::resume(&self.client, session, body, journal).await
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let base = if parent.as_str().is_empty() {
            String::new()
        } else {
            list::stat(&self.client, parent).await?.display_path
        };
        let path = format!(
            "{}/{}",
            base.trim_end_matches('/'),
            crate::names::sanitize(name)
        );
        let created: api::MetadataResult = self
            .client
            .rpc(
                "files/create_folder_v2",
                &json!({ "path": path, "autorename": false }),
            )
            .await?;
        created.metadata.into_item().ok_or_else(|| {
            crate::Error::new(crate::ErrorKind::Io, "Dropbox did not return the folder")
        })
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        let _: api::MetadataResult = self
            .client
            .rpc("files/delete_v2", &json!({ "path": id.as_str() }))
            .await?;
        Ok(())
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        list::search(&self.client, query).await
    }

    async fn thumbnail(&self, id: &ItemId, max_side: u32) -> Result<ByteStream> {
        read::thumbnail(&self.client, id, max_side).await
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        let arg = json!({ "path": id.as_str() });
        match self
            .client
            .rpc::<api::SharedLink>("sharing/create_shared_link_with_settings", &arg)
            .await
        {
            Ok(link) => Ok(link.url),
            // The link exists already: Dropbox sends it along with the error.
            Err(err) if err.kind() == crate::ErrorKind::Conflict => {
                let existing: serde_json::Value = self
                    .client
                    .rpc(
                        "sharing/list_shared_links",
                        &json!({ "path": id.as_str(), "direct_only": true }),
                    )
                    .await?;
                existing["links"][0]["url"]
                    .as_str()
                    .map(str::to_owned)
                    .ok_or(err)
            }
            Err(err) => Err(err),
        }
    }

    async fn copy(&self, id: &ItemId, folder: &ItemId, name: &str) -> Result<DriveItem> {
        let base = if folder.as_str().is_empty() {
            String::new()
        } else {
            list::stat(&self.client, folder).await?.display_path
        };
        let to = format!(
            "{}/{}",
            base.trim_end_matches('/'),
            crate::names::sanitize(name)
        );
        let copied: api::MetadataResult = self
            .client
            .rpc(
                "files/copy_v2",
                &json!({ "from_path": id.as_str(), "to_path": to, "autorename": true }),
            )
            .await?;
        copied.metadata.into_item().ok_or_else(|| {
            crate::Error::new(crate::ErrorKind::Io, "Dropbox did not return the copy")
        })
    }
}
