//! OneDrive through Microsoft Graph v1.0: a `Drive` over `/me/drive`.

pub mod api;
pub mod client;
mod list;
mod read;
pub mod sign_in;
mod write;

pub use client::{address, Client, ROOT};
pub use write::FRAGMENT;

use crate::connect::apps::AppSettings;
use crate::drive::{ByteStream, Drive, Journal, ListOptions, PageStream, Upload, UploadSession};
use crate::drives::remote::resume::ranged;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::drives::row::ApiHosts;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ByteRange, Capabilities, ConflictPolicy, DriveItem, ItemId};
use async_trait::async_trait;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

pub const KIND: &str = "onedrive";

/// What it can do beyond the basics.
pub const CAPABILITIES: Capabilities = Capabilities {
    search: true,
    thumbnail: true,
    share_link: true,
    server_side_copy: true,
    resumable_upload: true,
    verified_upload: false,
};

/// Opens OneDrive at `hosts` (`api`).
pub fn open(
    hosts: &ApiHosts,
    _: &AppSettings,
    tokens: Arc<dyn TokenSource>,
    http: reqwest::Client,
    retry: RetryPolicy,
) -> Result<Arc<dyn Drive>> {
    Ok(Arc::new(OneDrive::new(Client {
        http,
        api: hosts.get("api", client::REAL_API),
        tokens,
        retry,
    })))
}

pub struct OneDrive {
    client: Arc<Client>,
}

impl OneDrive {
    pub fn new(client: Client) -> Self {
        OneDrive {
            client: Arc::new(client),
        }
    }
}

#[async_trait]
impl Drive for OneDrive {
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
        let user: api::User = self
            .client
            .json(|http| http.get(self.client.url("/me")))
            .await?;
        let drive: api::Drive = self
            .client
            .json(|http| http.get(self.client.url("/me/drive")))
            .await?;
        Ok(Account {
            display_name: user.display_name,
            email: user.mail.or(user.user_principal_name),
            quota_used: drive.quota.as_ref().and_then(|q| q.used),
            quota_total: drive.quota.and_then(|q| q.total),
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
        write::write(&self.client, folder, upload).await
    }

    async fn start_upload(
        &self,
        folder: &ItemId,
        name: &str,
        size: u64,
        on_conflict: ConflictPolicy,
    ) -> Result<UploadSession> {
        let name = crate::names::sanitize(name);
        write::start(&self.client, folder, &name, size, on_conflict).await
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
        let url = self.client.url(&format!("{}/children", address(parent)));
        let arg = json!({ "name": crate::names::sanitize(name), "folder": {}, "@microsoft.graph.conflictBehavior": "fail" });
        let item: api::Item = self.client.json(|http| http.post(&url).json(&arg)).await?;
        Ok(item.into_item())
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        let url = self.client.url(&address(id));
        self.client
            .retry
            .run(|| self.client.send(|http| http.delete(&url)))
            .await
            .map(drop)
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        list::search(&self.client, query).await
    }

    async fn thumbnail(&self, id: &ItemId, max_side: u32) -> Result<ByteStream> {
        read::thumbnail(&self.client, id, max_side).await
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        let url = self.client.url(&format!("{}/createLink", address(id)));
        let arg = json!({ "type": "view", "scope": "anonymous" });
        let permission: serde_json::Value =
            self.client.json(|http| http.post(&url).json(&arg)).await?;
        permission["link"]["webUrl"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Error::new(ErrorKind::Io, "OneDrive did not return a link"))
    }

    /// `POST .../copy` answers 202 with a monitor URL; polled until done.
    async fn copy(&self, id: &ItemId, folder: &ItemId, name: &str) -> Result<DriveItem> {
        let url = self.client.url(&format!("{}/copy", address(id)));
        let parent = if folder.as_str() == ROOT {
            self.stat(folder).await?.id
        } else {
            folder.clone()
        };
        let arg = json!({ "parentReference": { "id": parent.as_str() }, "name": crate::names::sanitize(name) });
        let started = self
            .client
            .retry
            .run(|| self.client.send(|http| http.post(&url).json(&arg)))
            .await?;
        let monitor = started
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Io,
                    "OneDrive did not say where to follow the copy",
                )
            })?
            .to_owned();
        for _ in 0..120 {
            let status: serde_json::Value = self
                .client
                .http
                .get(&monitor)
                .send()
                .await
                .map_err(|e| crate::drives::remote::transport_error(client::NAME, e))?
                .json()
                .await
                .unwrap_or_default();
            match status["status"].as_str() {
                Some("completed") => {
                    let new_id = status["resourceId"]
                        .as_str()
                        .ok_or_else(|| Error::new(ErrorKind::Io, "The finished copy has no id"))?;
                    return self.stat(&ItemId::new(new_id)).await;
                }
                Some("failed") => {
                    return Err(Error::new(
                        ErrorKind::Io,
                        "OneDrive could not copy the file",
                    ))
                }
                _ => tokio::time::sleep(Duration::from_millis(500)).await,
            }
        }
        Err(Error::new(
            ErrorKind::Transient,
            "OneDrive is still copying the file; look for it later",
        ))
    }
}
