//! Listing with skipCount/maxItems, metadata, breadcrumbs, search.

use super::client::{Client, NAME, ROOT};
use super::wire::{Entry, List, Node};
use crate::drive::ListOptions;
use crate::drive::PageStream;
use crate::drives::remote::cloud::Listing;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId, Page};
use async_trait::async_trait;
use futures::StreamExt;

/// The home folder's id and its path (`/Company Home/User Homes/demo`), asked for once.
pub async fn home(client: &Client) -> Result<&(String, String)> {
    client
        .home
        .get_or_try_init(|| async {
            let node = node(client, ROOT).await?;
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
pub async fn folder_id(client: &Client, id: &ItemId) -> Result<ItemId> {
    if id.as_str() == ROOT {
        Ok(ItemId::new(home(client).await?.0.clone()))
    } else {
        Ok(id.clone())
    }
}

pub async fn node(client: &Client, id: &str) -> Result<Node> {
    let entry: Entry<Node> = client
        .json(|http| http.get(client.url(&format!("/nodes/{id}?include=path"))))
        .await?;
    Ok(entry.entry)
}

#[async_trait]
impl Listing for Client {
    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        let client = self;
        let (page_size, include_hidden) = (options.page_size, options.include_hidden);
        let max = page_size.clamp(1, 1000);
        futures::stream::unfold(Some(0usize), move |skip| async move {
            let skip = skip?;
            let home = match home(client).await {
                Ok(home) => home,
                Err(err) => return Some((Err(err), None)),
            };
            let url = client.url(&format!(
                "/nodes/{}/children?skipCount={skip}&maxItems={max}&include=path",
                folder.as_str()
            ));
            match client.json::<List>(|http| http.get(&url)).await {
                Err(err) => Some((Err(err), None)),
                Ok(page) => {
                    let more = page.list.pagination.has_more_items;
                    let next = skip + page.list.pagination.count;
                    let items = page
                        .list
                        .entries
                        .into_iter()
                        .map(|e| e.entry.into_item(&home.1))
                        .filter(|i| include_hidden || !i.name.starts_with('.'))
                        .collect();
                    Some((
                        Ok(Page {
                            items,
                            next_cursor: more.then(|| next.to_string()),
                        }),
                        more.then_some(next),
                    ))
                }
            }
        })
        .boxed()
    }

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        let client = self;
        let home = home(client).await?;
        if id.as_str() == ROOT || id.as_str() == home.0 {
            return Ok(DriveItem::root(ROOT, NAME));
        }
        Ok(node(client, id.as_str()).await?.into_item(&home.1))
    }

    /// The home folder, then the folders below it on the way to the item.
    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        let client = self;
        let mut chain = vec![DriveItem::root(ROOT, NAME)];
        let home = home(client).await?;
        if id.as_str() == ROOT || id.as_str() == home.0 {
            return Ok(chain);
        }
        let item = node(client, id.as_str()).await?;
        let elements = item
            .path
            .as_ref()
            .map(|p| p.elements.clone())
            .unwrap_or_default();
        let below = elements.iter().skip_while(|e| e.id != home.0).skip(1);
        for element in below {
            chain.push(node(client, &element.id).await?.into_item(&home.1));
        }
        chain.push(item.into_item(&home.1));
        Ok(chain)
    }

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        let client = self;
        if query.chars().count() < 3 {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Alfresco searches need at least three characters",
            ));
        }
        let home = home(client).await?;
        let term: String = url::form_urlencoded::byte_serialize(query.as_bytes()).collect();
        let found: List = client
            .json(|http| {
                http.get(client.url(&format!(
                    "/queries/nodes?term={term}&include=path&maxItems=200"
                )))
            })
            .await?;
        Ok(found
            .list
            .entries
            .into_iter()
            .map(|e| e.entry.into_item(&home.1))
            .collect())
    }
}
