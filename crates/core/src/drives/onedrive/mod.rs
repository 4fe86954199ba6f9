//! OneDrive through Microsoft Graph v1.0: a `Drive` over `/me/drive`.

pub mod client;
mod list;
mod read;
pub mod sign_in;
pub mod wire;
mod write;

pub use client::{address, Client, ROOT};
pub use write::FRAGMENT;

use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::{Cloud, Listing, Opening, Provider};
use crate::drives::remote::RetryPolicy;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, Capabilities, DriveItem, ItemId};
use async_trait::async_trait;
use serde_json::json;
use std::time::Duration;

pub const KIND: &str = "onedrive";

/// The drive, as the registry opens it.
pub type OneDrive = Cloud<Client>;

#[async_trait]
impl Provider for Client {
    const KIND: &'static str = KIND;
    const NAME: &'static str = client::NAME;
    const CAPABILITIES: Capabilities = Capabilities {
        verified_upload: false,
        ..Capabilities::ALL
    };

    /// Opens OneDrive at `hosts` (`api`).
    fn at(opening: Opening<'_>) -> Result<Self> {
        let Opening {
            hosts,
            tokens,
            http,
            retry,
            ..
        } = opening;
        Ok(Client {
            http,
            api: hosts.get("api", client::REAL_API),
            tokens,
            retry,
        })
    }

    fn root(&self) -> ItemId {
        ItemId::new(ROOT)
    }

    fn retry(&self) -> RetryPolicy {
        self.retry
    }

    async fn account(&self) -> Result<Account> {
        let user: wire::User = self.json(|http| http.get(self.url("/me"))).await?;
        let drive: wire::Drive = self.json(|http| http.get(self.url("/me/drive"))).await?;
        Ok(Account {
            display_name: user.display_name,
            email: user.mail.or(user.user_principal_name),
            quota_used: drive.quota.as_ref().and_then(|q| q.used),
            quota_total: drive.quota.and_then(|q| q.total),
        })
    }

    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        let url = self.url(&format!("{}/children", address(parent)));
        let arg =
            json!({ "name": name, "folder": {}, "@microsoft.graph.conflictBehavior": "fail" });
        let item: wire::Item = self.json(|http| http.post(&url).json(&arg)).await?;
        Ok(item.into_item())
    }

    async fn delete(&self, id: &ItemId) -> Result<()> {
        let url = self.url(&address(id));
        self.retry
            .run(|| self.send(|http| http.delete(&url)))
            .await
            .map(drop)
    }

    async fn share_link(&self, id: &ItemId) -> Result<String> {
        let url = self.url(&format!("{}/createLink", address(id)));
        let arg = json!({ "type": "view", "scope": "anonymous" });
        let permission: serde_json::Value = self.json(|http| http.post(&url).json(&arg)).await?;
        permission["link"]["webUrl"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Error::new(ErrorKind::Io, "OneDrive did not return a link"))
    }

    async fn copy(&self, id: &ItemId, folder: &ItemId, name: &str) -> Result<DriveItem> {
        let url = self.url(&format!("{}/copy", address(id)));
        let parent = if folder.as_str() == ROOT {
            self.stat(folder).await?.id
        } else {
            folder.clone()
        };
        let arg = json!({ "parentReference": { "id": parent.as_str() }, "name": name });
        let started = self
            .retry
            .run(|| self.send(|http| http.post(&url).json(&arg)))
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
                .http
                .get(&monitor)
                .timeout(crate::drives::remote::deadline::metadata())
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
