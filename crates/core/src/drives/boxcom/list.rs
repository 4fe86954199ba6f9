//! Listing by marker, metadata, breadcrumbs and search.

use super::client::Client;
use super::wire::{item_id, split, Item, Items, FIELDS};
use crate::drive::ListOptions;
use crate::drive::PageStream;
use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::Listing;
use crate::error::Result;
use crate::item::{DriveItem, ItemId, Page};
use async_trait::async_trait;
use futures::StreamExt;

#[async_trait]
impl Listing for Client {
    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        let client = self;
        let (page_size, include_hidden) = (options.page_size, options.include_hidden);
        let (_, id) = split(folder);
        let limit = page_size.clamp(1, 1000);
        futures::stream::unfold(Some(String::new()), move |marker| async move {
            let marker = marker?;
            let url = client.api(&format!(
                "/folders/{id}/items?limit={limit}&usemarker=true&fields={FIELDS}&marker={marker}"
            ));
            match client.json::<Items>(|http| http.get(&url)).await {
                Err(err) => Some((Err(err), None)),
                Ok(page) => {
                    let items = page
                        .entries
                        .into_iter()
                        .map(Item::into_item)
                        .filter(|i| include_hidden || !i.name.starts_with('.'))
                        .collect();
                    Some((
                        Ok(Page {
                            items,
                            next_cursor: page.next_marker.clone(),
                        }),
                        page.next_marker,
                    ))
                }
            }
        })
        .boxed()
    }

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        let client = self;
        let (kind, raw) = split(id);
        let route = if kind == "file" { "files" } else { "folders" };
        let item: Item = client
            .json(|http| http.get(client.api(&format!("/{route}/{raw}?fields={FIELDS}"))))
            .await?;
        Ok(item.into_item())
    }

    /// The path collection names every folder above the item, with its id.
    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        let client = self;
        let (kind, raw) = split(id);
        let route = if kind == "file" { "files" } else { "folders" };
        let item: Item = client
            .json(|http| http.get(client.api(&format!("/{route}/{raw}?fields={FIELDS}"))))
            .await?;
        let mut chain = vec![client.stat(&item_id("folder", "0")).await?];
        for entry in item
            .path_collection
            .iter()
            .flat_map(|p| p.entries.iter())
            .filter(|e| e.id != "0")
        {
            chain.push(client.stat(&item_id("folder", &entry.id)).await?);
        }
        if raw != "0" {
            chain.push(item.into_item());
        }
        Ok(chain)
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        let client = self;
        let encoded: String = url::form_urlencoded::byte_serialize(query.as_bytes()).collect();
        let found: Items = client
            .json(|http| {
                http.get(client.api(&format!(
                    "/search?query={encoded}&limit=200&fields={FIELDS}"
                )))
            })
            .await?;
        Ok(found.entries.into_iter().map(Item::into_item).collect())
    }
}
