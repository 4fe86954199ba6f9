//! Listing with `nextToken`, metadata, breadcrumbs (nodes carry their
//! parents, not a path), search through name filters.

use super::client::{Client, NAME, ROOT};
use super::wire::{escape, Children, Node};
use crate::drive::ListOptions;
use crate::drive::PageStream;
use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::Listing;
use crate::error::Result;
use crate::item::{DriveItem, ItemId, Page};
use async_trait::async_trait;
use futures::StreamExt;
use std::collections::HashMap;

/// At most 200 children a page.
const MAX_PAGE: usize = 200;

pub async fn node(client: &Client, id: &str) -> Result<Node> {
    let url = client.metadata(&format!("nodes/{id}")).await?;
    client.json(|http| http.get(&url)).await
}

/// The root id, from the `isRoot` filter.
pub async fn root_id(client: &Client) -> Result<String> {
    let url = client.metadata("nodes").await?;
    let found: Children = client
        .json(|http| {
            http.get(&url)
                .query(&[("filters", "kind:FOLDER AND isRoot:true")])
        })
        .await?;
    found.data.into_iter().next().map(|n| n.id).ok_or_else(|| {
        crate::error::Error::new(
            crate::error::ErrorKind::Transient,
            "Amazon Cloud Drive did not say which folder is the root",
        )
    })
}

pub async fn path_of(client: &Client, id: &ItemId) -> Result<String> {
    Ok(client
        .ancestry(id)
        .await?
        .pop()
        .map_or_else(|| "/".to_owned(), |i| i.display_path))
}

/// The child of `folder` named `name` (names are unique, ignoring case).
pub async fn child_named(client: &Client, folder: &str, name: &str) -> Result<Option<Node>> {
    let url = client.metadata(&format!("nodes/{folder}/children")).await?;
    let filter = format!("name:{}", escape(name));
    let found: Children = client
        .json(|http| http.get(&url).query(&[("filters", filter.as_str())]))
        .await?;
    Ok(found.data.into_iter().find(|n| {
        n.name
            .as_deref()
            .is_some_and(|n| n.to_lowercase() == name.to_lowercase())
    }))
}

/// The id to send: the real root id for `root` (asked for once).
pub async fn real_id(client: &Client, id: &ItemId) -> Result<String> {
    if id.as_str() == ROOT {
        Ok(client
            .root
            .get_or_try_init(|| root_id(client))
            .await?
            .clone())
    } else {
        Ok(id.as_str().to_owned())
    }
}

#[async_trait]
impl Listing for Client {
    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        let client = self;
        let (page_size, include_hidden) = (options.page_size, options.include_hidden);
        let limit = page_size.clamp(1, MAX_PAGE);
        // (the folder's path once known, the next page's token); None when done.
        let first: Option<(Option<String>, Option<String>)> = Some((None, None));
        futures::stream::unfold(first, move |state| async move {
            let (path, token) = state?;
            let page = async {
                let path = match path {
                    Some(path) => path,
                    None => path_of(client, folder).await?,
                };
                let id = real_id(client, folder).await?;
                let mut query = vec![("limit", limit.to_string())];
                query.extend(token.map(|t| ("startToken", t)));
                let url = client.metadata(&format!("nodes/{id}/children")).await?;
                let children: Children = client.json(|http| http.get(&url).query(&query)).await?;
                Ok::<_, crate::error::Error>((path, children))
            };
            match page.await {
                Err(err) => Some((Err(err), None)),
                Ok((path, children)) => {
                    let items = children
                        .data
                        .into_iter()
                        .map(|n| n.into_item(&path))
                        .filter(|i| include_hidden || !i.name.starts_with('.'))
                        .collect();
                    let next = children.next_token;
                    Some((
                        Ok(Page {
                            items,
                            next_cursor: next.clone(),
                        }),
                        next.map(|t| (Some(path), Some(t))),
                    ))
                }
            }
        })
        .boxed()
    }

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        let client = self;
        client
            .ancestry(id)
            .await?
            .pop()
            .ok_or_else(|| crate::error::Error::new(crate::error::ErrorKind::NotFound, "Not found"))
    }

    /// The root, then each folder down to the item, by walking `parents`.
    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        let client = self;
        let root = real_id(client, &ItemId::new(ROOT)).await?;
        let mut nodes = Vec::new();
        let mut current = real_id(client, id).await?;
        while current != root {
            let found = node(client, &current).await?;
            if found.is_root {
                break;
            }
            let parent = found.parents.first().cloned();
            nodes.push(found);
            match parent {
                Some(parent) => current = parent,
                None => break,
            }
        }
        let mut chain = vec![DriveItem::root(ROOT, NAME)];
        for found in nodes.into_iter().rev() {
            let path = chain
                .last()
                .map_or("/", |i| i.display_path.as_str())
                .to_owned();
            chain.push(found.into_item(&path));
        }
        Ok(chain)
    }

    /// Names starting with `query`, anywhere in the drive.
    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        let client = self;
        let url = client.metadata("nodes").await?;
        let filter = format!("name:{}*", escape(query));
        let found: Children = client
            .json(|http| http.get(&url).query(&[("filters", filter.as_str())]))
            .await?;
        let mut paths: HashMap<String, String> = HashMap::new();
        let mut items = Vec::new();
        for n in found.data {
            let parent = n.parents.first().cloned().unwrap_or_default();
            if !paths.contains_key(&parent) {
                let path = path_of(client, &ItemId::new(parent.clone())).await?;
                paths.insert(parent.clone(), path);
            }
            items.push(n.into_item(&paths[&parent]));
        }
        Ok(items)
    }
}
