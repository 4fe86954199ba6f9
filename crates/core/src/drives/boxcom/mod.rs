//! Box (API 2.0): a `Drive` over the api and upload hosts.

pub mod client;
mod list;
mod read;
pub mod sign_in;
pub mod wire;
mod write;

pub use client::{Client, Endpoints};
pub use write::SESSION_MIN;

use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::{Cloud, Opening, Provider};
use crate::drives::remote::RetryPolicy;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, Capabilities, DriveItem, ItemId};
use async_trait::async_trait;
use serde_json::json;
use wire::split;

pub const KIND: &str = "box";

/// The drive, as the registry opens it.
pub type BoxDrive = Cloud<Client>;

#[async_trait]
impl Provider for Client {
    const KIND: &'static str = KIND;
    const NAME: &'static str = client::NAME;
    const CAPABILITIES: Capabilities = Capabilities::ALL;

    /// Opens Box at `hosts` (`api`, `upload`).
    fn at(opening: Opening<'_>) -> Result<Self> {
        Ok(Client::opened(opening))
    }

    fn root(&self) -> ItemId {
        wire::item_id("folder", "0")
    }

    fn retry(&self) -> RetryPolicy {
        self.retry
    }

    async fn account(&self) -> Result<Account> {
        let me: serde_json::Value = self.json(|http| http.get(self.api("/users/me"))).await?;
        Ok(Account {
            display_name: me["name"].as_str().unwrap_or("Box user").to_owned(),
            email: me["login"].as_str().map(str::to_owned),
            quota_used: me["space_used"].as_u64(),
            quota_total: me["space_amount"].as_u64(),
        })
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let arg = json!({ "name": name, "parent": { "id": split(parent).1 } });
        let created: wire::Item = self
            .json(|http| http.post(self.api("/folders")).json(&arg))
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
            self.api(&format!("/files/{raw}"))
        } else {
            self.api(&format!("/folders/{raw}?recursive=true"))
        };
        self.retry
            .run(|| self.send(|http| http.delete(&url)))
            .await
            .map(drop)
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        let url = self.api(&format!("/files/{}?fields=shared_link", split(id).1));
        let arg = json!({ "shared_link": { "access": "open" } });
        let file: serde_json::Value = self.json(|http| http.put(&url).json(&arg)).await?;
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
        let url = self.api(&format!("/files/{}/copy", split(id).1));
        let arg = json!({ "parent": { "id": split(folder).1 }, "name": name });
        let copied: wire::Item =
            self.json(|http| http.post(&url).json(&arg))
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
