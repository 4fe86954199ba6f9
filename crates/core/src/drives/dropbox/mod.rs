//! Dropbox (API v2): a `Drive` over the RPC and content hosts.

pub mod client;
mod list;
mod read;
pub mod sign_in;
pub mod wire;
mod write;

pub use client::{Client, Endpoints};
pub use write::CHUNK;

use crate::drives::remote::cloud::{Cloud, Opening, Provider};
use crate::drives::remote::RetryPolicy;
use crate::error::Result;
use crate::item::{Account, Capabilities, DriveItem, ItemId};
use async_trait::async_trait;
use serde_json::json;

pub const KIND: &str = "dropbox";

/// The drive, as the registry opens it.
pub type Dropbox = Cloud<Client>;

#[async_trait]
impl Provider for Client {
    const KIND: &'static str = KIND;
    const NAME: &'static str = client::NAME;
    const CAPABILITIES: Capabilities = Capabilities::ALL;

    /// Opens Dropbox at `hosts` (`api`, `content`).
    fn at(opening: Opening<'_>) -> Result<Self> {
        Ok(Client::opened(opening))
    }

    fn root(&self) -> ItemId {
        ItemId::new("")
    }

    fn retry(&self) -> RetryPolicy {
        self.retry
    }

    async fn account(&self) -> Result<Account> {
        let account: wire::FullAccount = self
            .rpc("users/get_current_account", &serde_json::Value::Null)
            .await?;
        let usage: wire::SpaceUsage = self
            .rpc("users/get_space_usage", &serde_json::Value::Null)
            .await?;
        Ok(Account {
            display_name: account.name.display_name,
            email: Some(account.email),
            quota_used: Some(usage.used),
            quota_total: usage.allocation.allocated,
        })
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let base = write::folder_path(self, parent).await?;
        let path = format!("{}/{}", base.trim_end_matches('/'), name);
        let created: wire::MetadataResult = self
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
        let _: wire::MetadataResult = self
            .rpc("files/delete_v2", &json!({ "path": id.as_str() }))
            .await?;
        Ok(())
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        let arg = json!({ "path": id.as_str() });
        match self
            .rpc::<wire::SharedLink>("sharing/create_shared_link_with_settings", &arg)
            .await
        {
            Ok(link) => Ok(link.url),
            // The link exists already: Dropbox sends it along with the error.
            Err(err) if err.kind() == crate::ErrorKind::Conflict => {
                let existing: serde_json::Value = self
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
        let base = write::folder_path(self, folder).await?;
        let to = format!("{}/{}", base.trim_end_matches('/'), name);
        let copied: wire::MetadataResult = self
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
