//! Alfresco Content Services (REST v1) on a server the user names; the user's
//! home folder (`-my-`) is the drive's root.

pub mod api;
pub mod client;
mod list;
mod read;
pub mod sign_in;
mod write;

pub use client::{login, logout, Auth, Client, Server};

use crate::connect::apps::AppSettings;
use crate::drive::{ByteStream, Drive, ListOptions, PageStream, Upload};
use crate::drives::remote::resume::ranged;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::drives::row::ApiHosts;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ByteRange, Capabilities, DriveItem, ItemId};
use async_trait::async_trait;
use serde_json::json;
use std::sync::Arc;

pub const KIND: &str = "alfresco";

/// What it can do beyond the basics.
pub const CAPABILITIES: Capabilities = Capabilities {
    search: true,
    thumbnail: true,
    share_link: true,
    server_side_copy: true,
    resumable_upload: false,
    verified_upload: false,
};

/// Opens Alfresco on the server `hosts` names, else the app's.
pub fn open(
    hosts: &ApiHosts,
    app: &AppSettings,
    tokens: Arc<dyn TokenSource>,
    http: reqwest::Client,
    retry: RetryPolicy,
) -> Result<Arc<dyn Drive>> {
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
    Ok(Arc::new(Alfresco::new(Client::new(
        http,
        Server(server),
        Auth::Bearer(tokens),
        retry,
    ))))
}
pub use client::ROOT;

pub struct Alfresco {
    client: Arc<Client>,
}

impl Alfresco {
    pub fn new(client: Client) -> Self {
        Alfresco {
            client: Arc::new(client),
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
        CAPABILITIES
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
        let folder = list::folder_id(&self.client, folder).await?;
        let upload = Upload {
            name: crate::names::sanitize(&upload.name),
            ..upload
        };
        let node = write::write(&self.client, &folder, upload).await?;
        let home = list::home(&self.client).await?;
        // The reply has no path: ask for the node with it.
        Ok(list::node(&self.client, &node.id).await?.into_item(&home.1))
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let parent = list::folder_id(&self.client, parent).await?;
        let url = self
            .client
            .url(&format!("/nodes/{}/children", parent.as_str()));
        let arg = json!({ "name": crate::names::sanitize(name), "nodeType": "cm:folder" });
        let created: api::Entry<api::Node> =
            self.client.json(|http| http.post(&url).json(&arg)).await?;
        let home = list::home(&self.client).await?;
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
        list::search(&self.client, query).await
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
        Ok(crate::drives::remote::reply::body_stream(
            response,
            client::NAME,
        ))
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
        let folder = list::folder_id(&self.client, folder).await?;
        let url = self.client.url(&format!("/nodes/{}/copy", id.as_str()));
        let arg =
            json!({ "targetParentId": folder.as_str(), "name": crate::names::sanitize(name) });
        let copied: api::Entry<api::Node> =
            self.client.json(|http| http.post(&url).json(&arg)).await?;
        let home = list::home(&self.client).await?;
        Ok(list::node(&self.client, &copied.entry.id)
            .await?
            .into_item(&home.1))
    }
}
