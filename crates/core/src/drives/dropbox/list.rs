//! Listing, metadata, breadcrumbs and search.

use super::client::{Client, NAME};
use super::wire::{ListFolderResult, Metadata, SearchV2Result};
use crate::drive::ListOptions;
use crate::drive::PageStream;
use crate::drives::remote::cloud::Listing;
use crate::drives::remote::paths::folders_above;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId, Page};
use async_trait::async_trait;
use futures::StreamExt;
use serde_json::json;

/// Dropbox's largest page.
const MAX_PAGE: usize = 2000;

/// `""` is the root; ids (`id:...`) and paths are both accepted by the API.
pub fn path_arg(id: &ItemId) -> &str {
    id.as_str()
}

#[async_trait]
impl Listing for Client {
    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        let client = self;
        let (page_size, include_hidden) = (options.page_size, options.include_hidden);
        let limit = page_size.clamp(1, MAX_PAGE);
        let first = json!({ "path": path_arg(folder), "limit": limit });
        futures::stream::unfold(Some((first, true)), move |state| async move {
            let (arg, first) = state?;
            let route = if first {
                "files/list_folder"
            } else {
                "files/list_folder/continue"
            };
            match client.rpc::<ListFolderResult>(route, &arg).await {
                Err(err) => Some((Err(err), None)),
                Ok(result) => {
                    let items: Vec<DriveItem> = result
                        .entries
                        .into_iter()
                        .filter_map(Metadata::into_item)
                        .filter(|i| include_hidden || !i.name.starts_with('.'))
                        .collect();
                    let next = result
                        .has_more
                        .then(|| (json!({ "cursor": result.cursor }), false));
                    let page = Page {
                        items,
                        next_cursor: next
                            .as_ref()
                            .map(|(c, _)| c["cursor"].as_str().unwrap_or_default().to_owned()),
                    };
                    Some((Ok(page), next))
                }
            }
        })
        .boxed()
    }

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        let client = self;
        if id.as_str().is_empty() {
            return Ok(DriveItem::root("", NAME));
        }
        let metadata: Metadata = client
            .rpc("files/get_metadata", &json!({ "path": path_arg(id) }))
            .await?;
        metadata
            .into_item()
            .ok_or_else(|| Error::new(ErrorKind::NotFound, "That item was deleted from Dropbox"))
    }

    /// The root, then each folder on the item's path, then the item.
    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        let client = self;
        let item = client.stat(id).await?;
        let mut chain = vec![DriveItem::root("", NAME)];
        if id.as_str().is_empty() {
            return Ok(chain);
        }
        for path in folders_above(&item.display_path) {
            chain.push(client.stat(&ItemId::new(path)).await?);
        }
        chain.push(item);
        Ok(chain)
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        let client = self;
        let result: SearchV2Result = client
            .rpc(
                "files/search_v2",
                &json!({ "query": query, "options": { "max_results": 200 } }),
            )
            .await?;
        Ok(result
            .matches
            .into_iter()
            .filter_map(|m| m.metadata.metadata.and_then(Metadata::into_item))
            .collect())
    }
}
