//! Alfresco Content Services (REST v1) on a server the user names; the user's
//! home folder (`-my-`) is the drive's root.

pub mod client;
mod list;
mod read;
pub mod sign_in;
pub mod wire;
mod write;

pub use client::{login, logout, Auth, Client, Server};

use crate::drives::remote::cloud::{Cloud, Opening, Provider};
use crate::drives::remote::RetryPolicy;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, Capabilities, DriveItem, ItemId};
use async_trait::async_trait;
use serde_json::json;

pub const KIND: &str = "alfresco";

pub use client::ROOT;

/// The drive, as the registry opens it.
pub type Alfresco = Cloud<Client>;

#[async_trait]
impl Provider for Client {
    const KIND: &'static str = KIND;
    const NAME: &'static str = client::NAME;
    const CAPABILITIES: Capabilities = Capabilities {
        resumable_upload: false,
        verified_upload: false,
        ..Capabilities::ALL
    };

    /// Opens Alfresco on the server `hosts` names, else the app's.
    fn at(opening: Opening<'_>) -> Result<Self> {
        let Opening {
            hosts,
            app,
            tokens,
            http,
            retry,
            ..
        } = opening;
        let server = hosts
            .0
            .get("server")
            .cloned()
            .or_else(|| app.server_url.clone())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    "To connect Alfresco, enter its server URL in Settings",
                )
            })?;
        Ok(Client::new(
            http,
            Server(server),
            Auth::Bearer(tokens),
            retry,
        ))
    }

    fn root(&self) -> ItemId {
        ItemId::new(ROOT)
    }

    fn retry(&self) -> RetryPolicy {
        self.retry
    }

    async fn account(&self) -> Result<Account> {
        let me: serde_json::Value = self.json(|http| http.get(self.url("/people/-me-"))).await?;
        let entry = &me["entry"];
        let name = entry["displayName"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| {
                format!(
                    "{} {}",
                    entry["firstName"].as_str().unwrap_or(""),
                    entry["lastName"].as_str().unwrap_or("")
                )
            });
        // Alfresco has no per-user quota.
        Ok(Account {
            display_name: name.trim().to_owned(),
            email: entry["email"].as_str().map(str::to_owned),
            quota_used: None,
            quota_total: None,
        })
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let parent = list::folder_id(self, parent).await?;
        let url = self.url(&format!("/nodes/{}/children", parent.as_str()));
        let arg = json!({ "name": name, "nodeType": "cm:folder" });
        let created: wire::Entry<wire::Node> = self.json(|http| http.post(&url).json(&arg)).await?;
        let home = list::home(self).await?;
        Ok(list::node(self, &created.entry.id)
            .await?
            .into_item(&home.1))
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        let url = self.url(&format!("/nodes/{}", id.as_str()));
        self.retry
            .run(|| self.send(|http| http.delete(&url)))
            .await
            .map(drop)
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        let link: wire::Entry<serde_json::Value> = self
            .json(|http| {
                http.post(self.url("/shared-links"))
                    .json(&json!({ "nodeId": id.as_str() }))
            })
            .await?;
        let link_id = link.entry["id"]
            .as_str()
            .ok_or_else(|| Error::new(ErrorKind::Io, "Alfresco did not return a link"))?;
        Ok(self.url(&format!("/shared-links/{link_id}/content")))
    }

    async fn copy(&self, id: &ItemId, folder: &ItemId, name: &str) -> Result<DriveItem> {
        let folder = list::folder_id(self, folder).await?;
        let url = self.url(&format!("/nodes/{}/copy", id.as_str()));
        let arg = json!({ "targetParentId": folder.as_str(), "name": name });
        let copied: wire::Entry<wire::Node> = self.json(|http| http.post(&url).json(&arg)).await?;
        let home = list::home(self).await?;
        Ok(list::node(self, &copied.entry.id).await?.into_item(&home.1))
    }
}
