//! Box (API 2.0): a `Drive` over the api and upload hosts.

pub mod api;
pub mod client;
mod list;
mod read;
pub mod sign_in;
mod write;

pub use client::{Client, Endpoints};
pub use write::SESSION_MIN;

use crate::connect::apps::AppSettings;
use crate::drive::{ByteStream, Drive, Journal, ListOptions, PageStream, Upload, UploadSession};
use crate::drives::remote::resume::ranged;
use crate::drives::remote::{RetryPolicy, TokenSource};
use crate::drives::row::ApiHosts;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ByteRange, Capabilities, ConflictPolicy, DriveItem, ItemId};
use api::split;
use async_trait::async_trait;
use serde_json::json;
use std::sync::Arc;

pub const KIND: &str = "box";

/// What it can do beyond the basics.
pub const CAPABILITIES: Capabilities = Capabilities {
    search: true,
    thumbnail: true,
    share_link: true,
    server_side_copy: true,
    resumable_upload: true,
    verified_upload: true,
};

/// Opens Box at `hosts` (`api`, `upload`).
pub fn open(
    hosts: &ApiHosts,
    _: &AppSettings,
    tokens: Arc<dyn TokenSource>,
    http: reqwest::Client,
    retry: RetryPolicy,
) -> Result<Arc<dyn Drive>> {
    let real = Endpoints::default();
    Ok(Arc::new(BoxDrive::new(Client {
        http,
        endpoints: Endpoints {
            api: hosts.get("api", &real.api),
            upload: hosts.get("upload", &real.upload),
        },
        tokens,
        retry,
    })))
}

pub struct BoxDrive {
    client: Arc<Client>,
}

impl BoxDrive {
    pub fn new(client: Client) -> Self {
        BoxDrive {
            client: Arc::new(client),
        }
    }
}

#[async_trait]
impl Drive for BoxDrive {
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
        api::item_id("folder", "0")
    }

    async fn account(&self) -> Result<Account> {
        let me: serde_json::Value = self
            .client
            .json(|http| http.get(self.client.api("/users/me")))
            .await?;
        Ok(Account {
            display_name: me["name"].as_str().unwrap_or("Box user").to_owned(),
            email: me["login"].as_str().map(str::to_owned),
            quota_used: me["space_used"].as_u64(),
            quota_total: me["space_amount"].as_u64(),
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
        let arg =
            json!({ "name": crate::names::sanitize(name), "parent": { "id": split(parent).1 } });
        let created: api::Item = self
            .client
            .json(|http| http.post(self.client.api("/folders")).json(&arg))
            .await
            .map_err(|e| {
                if e.kind() == ErrorKind::Conflict {
                    Error::new(
                        ErrorKind::Conflict,
                        format!("\"{name}\" already exists in that Box folder"),
                    )
                } else {
                    e
                }
            })?;
        Ok(created.into_item())
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        let (kind, raw) = split(id);
        let url = if kind == "file" {
            self.client.api(&format!("/files/{raw}"))
        } else {
            self.client.api(&format!("/folders/{raw}?recursive=true"))
        };
        self.client
            .retry
            .run(|| self.client.send(|http| http.delete(&url)))
            .await
            .map(drop)
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        list::search(&self.client, query).await
    }

    async fn thumbnail(&self, id: &ItemId, side: u32) -> Result<ByteStream> {
        read::thumbnail(&self.client, id, side).await
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        let url = self
            .client
            .api(&format!("/files/{}?fields=shared_link", split(id).1));
        let arg = json!({ "shared_link": { "access": "open" } });
        let file: serde_json::Value = self.client.json(|http| http.put(&url).json(&arg)).await?;
        // `url` is Box's web page for the file; `download_url` its bytes,
        // which is what a pick's link must give (absent on some plans).
        let link = &file["shared_link"];
        link["download_url"]
            .as_str()
            .or_else(|| link["url"].as_str())
            .map(str::to_owned)
            .ok_or_else(|| Error::new(ErrorKind::Io, "Box did not return a link"))
    }

    async fn copy(&self, id: &ItemId, folder: &ItemId, name: &str) -> Result<DriveItem> {
        let url = self.client.api(&format!("/files/{}/copy", split(id).1));
        let arg =
            json!({ "parent": { "id": split(folder).1 }, "name": crate::names::sanitize(name) });
        let copied: api::Item = self
            .client
            .json(|http| http.post(&url).json(&arg))
            .await
            .map_err(|e| {
                if e.kind() == ErrorKind::Conflict {
                    Error::new(
                        ErrorKind::Conflict,
                        format!("\"{name}\" already exists in that Box folder"),
                    )
                } else {
                    e
                }
            })?;
        Ok(copied.into_item())
    }
}
