//! Listing, metadata, breadcrumbs and search.

use super::api::{ListFolderResult, Metadata, SearchV2Result};
use super::client::Client;
use crate::drive::PageStream;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId, Page};
use futures::StreamExt;
use serde_json::json;

/// Dropbox's largest page.
const MAX_PAGE: usize = 2000;

/// `""` is the root; ids (`id:...`) and paths are both accepted by the API.
pub fn path_arg(id: &ItemId) -> &str {
    id.as_str()
}

pub fn list<'a>(
    client: &'a Client,
    folder: &'a ItemId,
    page_size: usize,
    include_hidden: bool,
) -> PageStream<'a> {
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

pub async fn stat(client: &Client, id: &ItemId) -> Result<DriveItem> {
    if id.as_str().is_empty() {
        return Ok(root_item());
    }
    let metadata: Metadata = client
        .rpc("files/get_metadata", &json!({ "path": path_arg(id) }))
        .await?;
    metadata
        .into_item()
        .ok_or_else(|| Error::new(ErrorKind::NotFound, "That item was deleted from Dropbox"))
}

pub fn root_item() -> DriveItem {
    DriveItem {
        id: ItemId::new(""),
        name: "Dropbox".into(),
        kind: crate::item::ItemKind::Folder,
        size: None,
        modified: None,
        display_path: "/".into(),
        mime_type: None,
        hash: None,
    }
}

/// The root, then each folder on the item's path, then the item.
pub async fn ancestry(client: &Client, id: &ItemId) -> Result<Vec<DriveItem>> {
    let item = stat(client, id).await?;
    let mut chain = vec![root_item()];
    if id.as_str().is_empty() {
        return Ok(chain);
    }
    let parts: Vec<&str> = item
        .display_path
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let mut path = String::new();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        path.push('/');
        path.push_str(part);
        chain.push(stat(client, &ItemId::new(path.clone())).await?);
    }
    chain.push(item);
    Ok(chain)
}

pub async fn search(client: &Client, query: &str) -> Result<Vec<DriveItem>> {
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
