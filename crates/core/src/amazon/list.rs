//! Listing with `nextToken`, metadata, breadcrumbs (nodes carry their
//! parents, not a path), search through name filters.

use super::api::{escape, Children, Node};
use super::AmazonDrive;
use crate::drive::PageStream;
use crate::error::Result;
use crate::item::{DriveItem, ItemId, ItemKind, Page};
use futures::StreamExt;
use std::collections::HashMap;

/// At most 200 children a page.
const MAX_PAGE: usize = 200;

pub fn list<'a>(
    drive: &'a AmazonDrive,
    folder: &'a ItemId,
    page_size: usize,
    include_hidden: bool,
) -> PageStream<'a> {
    let limit = page_size.clamp(1, MAX_PAGE);
    // (the folder's path once known, the next page's token); None when done.
    let first: Option<(Option<String>, Option<String>)> = Some((None, None));
    futures::stream::unfold(first, move |state| async move {
        let (path, token) = state?;
        let page = async {
            let path = match path {
                Some(path) => path,
                None => path_of(drive, folder).await?,
            };
            let id = drive.real_id(folder).await?;
            let mut query = vec![("limit", limit.to_string())];
            query.extend(token.map(|t| ("startToken", t)));
            let url = drive
                .client
                .metadata(&format!("nodes/{id}/children"))
                .await?;
            let children: Children = drive
                .client
                .json(|http| http.get(&url).query(&query))
                .await?;
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

pub async fn node(drive: &AmazonDrive, id: &str) -> Result<Node> {
    let url = drive.client.metadata(&format!("nodes/{id}")).await?;
    drive.client.json(|http| http.get(&url)).await
}

/// The root id, from the `isRoot` filter.
pub async fn root_id(drive: &AmazonDrive) -> Result<String> {
    let url = drive.client.metadata("nodes").await?;
    let found: Children = drive
        .client
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

pub fn root_item() -> DriveItem {
    DriveItem {
        id: ItemId::new(super::ROOT),
        name: super::client::NAME.into(),
        kind: ItemKind::Folder,
        size: None,
        modified: None,
        display_path: "/".into(),
        mime_type: None,
        hash: None,
    }
}

/// The root, then each folder down to the item, by walking `parents`.
pub async fn ancestry(drive: &AmazonDrive, id: &ItemId) -> Result<Vec<DriveItem>> {
    let root = drive.real_id(&ItemId::new(super::ROOT)).await?;
    let mut nodes = Vec::new();
    let mut current = drive.real_id(id).await?;
    while current != root {
        let found = node(drive, &current).await?;
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
    let mut chain = vec![root_item()];
    for found in nodes.into_iter().rev() {
        let path = chain
            .last()
            .map_or("/", |i| i.display_path.as_str())
            .to_owned();
        chain.push(found.into_item(&path));
    }
    Ok(chain)
}

pub async fn path_of(drive: &AmazonDrive, id: &ItemId) -> Result<String> {
    Ok(ancestry(drive, id)
        .await?
        .pop()
        .map_or_else(|| "/".to_owned(), |i| i.display_path))
}

pub async fn stat(drive: &AmazonDrive, id: &ItemId) -> Result<DriveItem> {
    ancestry(drive, id)
        .await?
        .pop()
        .ok_or_else(|| crate::error::Error::new(crate::error::ErrorKind::NotFound, "Not found"))
}

/// The child of `folder` named `name` (names are unique, ignoring case).
pub async fn child_named(drive: &AmazonDrive, folder: &str, name: &str) -> Result<Option<Node>> {
    let url = drive
        .client
        .metadata(&format!("nodes/{folder}/children"))
        .await?;
    let filter = format!("name:{}", escape(name));
    let found: Children = drive
        .client
        .json(|http| http.get(&url).query(&[("filters", filter.as_str())]))
        .await?;
    Ok(found.data.into_iter().find(|n| {
        n.name
            .as_deref()
            .is_some_and(|n| n.to_lowercase() == name.to_lowercase())
    }))
}

/// Names starting with `query`, anywhere in the drive.
pub async fn search(drive: &AmazonDrive, query: &str) -> Result<Vec<DriveItem>> {
    let url = drive.client.metadata("nodes").await?;
    let filter = format!("name:{}*", escape(query));
    let found: Children = drive
        .client
        .json(|http| http.get(&url).query(&[("filters", filter.as_str())]))
        .await?;
    let mut paths: HashMap<String, String> = HashMap::new();
    let mut items = Vec::new();
    for n in found.data {
        let parent = n.parents.first().cloned().unwrap_or_default();
        if !paths.contains_key(&parent) {
            let path = path_of(drive, &ItemId::new(parent.clone())).await?;
            paths.insert(parent.clone(), path);
        }
        items.push(n.into_item(&paths[&parent]));
    }
    Ok(items)
}
