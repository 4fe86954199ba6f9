//! Alfresco Content Services (REST v1) on a server the user names; the user's
//! home folder (`-my-`) is the drive's root.

pub mod api;
pub mod client;
mod list;
mod read;
mod write;

pub use client::{login, logout, Auth, Client, Server};

use crate::drive::{ByteStream, Drive, ListOptions, PageStream, Upload};
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ByteRange, Capabilities, DriveItem, ItemId};
use crate::remote::resume::ranged;
use async_trait::async_trait;
use serde_json::json;
use std::sync::Arc;

pub const KIND: &str = "alfresco";
pub const ROOT: &str = "-my-";

pub struct Alfresco {
    client: Arc<Client>,
    /// The home folder's id and its path (`/Company Home/User Homes/demo`).
    home: tokio::sync::OnceCell<(String, String)>,
}

impl Alfresco {
    pub fn new(client: Client) -> Self {
        Alfresco {
            client: Arc::new(client),
            home: tokio::sync::OnceCell::new(),
        }
    }

    async fn home(&self) -> Result<&(String, String)> {
        self.home
            .get_or_try_init(|| async {
                let node = list::node(&self.client, ROOT).await?;
                let parent = node
                    .path
                    .as_ref()
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                Ok((
                    node.id.clone(),
                    format!("{}/{}", parent.trim_end_matches('/'), node.name),
                ))
            })
            .await
    }

    /// The folder id to send: the home folder's real id for the root.
    async fn folder_id(&self, id: &ItemId) -> Result<ItemId> {
        if id.as_str() == ROOT {
            Ok(ItemId::new(self.home().await?.0.clone()))
        } else {
            Ok(id.clone())
        }
    }
}

#[async_trait]
impl Drive for Alfresco {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn display_name(&self) -> &str {
        client::NAME
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            search: true,
            thumbnail: true,
            share_link: true,
            server_side_copy: true,
            resumable_upload: false,
            verified_upload: false,
        }
    }

    fn root(&self) -> ItemId {
        ItemId::new(ROOT)
    }

    async fn account(&self) -> Result<Account> {
        let me: serde_json::Value = self
            .client
            .json(|http| http.get(self.client.url("/people/-me-")))
            .await?;
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
        let folder = self.folder_id(folder).await?;
        let upload = Upload {
            name: crate::names::sanitize(&upload.name),
            ..upload
        };
        let node = write::write(&self.client, &folder, upload).await?;
        let home = self.home().await?;
        // The reply has no path: ask for the node with it.
        Ok(list::node(&self.client, &node.id).await?.into_item(&home.1))
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let parent = self.folder_id(parent).await?;
        let url = self
            .client
            .url(&format!("/nodes/{}/children", parent.as_str()));
        let arg = json!({ "name": crate::names::sanitize(name), "nodeType": "cm:folder" });
        let created: api::Entry<api::Node> =
            self.client.json(|http| http.post(&url).json(&arg)).await?;
        let home = self.home().await?;
        Ok(list::node(&self.client, &created.entry.id)
            .await?
            .into_item(&home.1))
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        let url = self.client.url(&format!("/nodes/{}", id.as_str()));
        self.client
            .retry
            .run(|| self.client.send(|http| http.delete(&url)))
            .await
            .map(drop)
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        list::search(self, query).await
    }

    async fn thumbnail(&self, id: &ItemId, _side: u32) -> Result<ByteStream> {
        // Alfresco's `doclib` rendition: 100 pixels.
        let url = self
            .client
            .url(&format!("/nodes/{}/renditions/doclib/content", id.as_str()));
        let response = self
            .client
            .retry
            .run(|| self.client.send(|http| http.get(&url)))
            .await?;
        Ok(crate::remote::reply::body_stream(response, client::NAME))
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        let link: api::Entry<serde_json::Value> = self
            .client
            .json(|http| {
                http.post(self.client.url("/shared-links"))
                    .json(&json!({ "nodeId": id.as_str() }))
            })
            .await?;
        let link_id = link.entry["id"]
            .as_str()
            .ok_or_else(|| Error::new(ErrorKind::Io, "Alfresco did not return a link"))?;
        Ok(self.client.url(&format!("/shared-links/{link_id}/content")))
    }

    async fn copy(&self, id: &ItemId, folder: &ItemId, name: &str) -> Result<DriveItem> {
        let folder = self.folder_id(folder).await?;
        let url = self.client.url(&format!("/nodes/{}/copy", id.as_str()));
        let arg =
            json!({ "targetParentId": folder.as_str(), "name": crate::names::sanitize(name) });
        let copied: api::Entry<api::Node> =
            self.client.json(|http| http.post(&url).json(&arg)).await?;
        let home = self.home().await?;
        Ok(list::node(&self.client, &copied.entry.id)
            .await?
            .into_item(&home.1))
    }
}
