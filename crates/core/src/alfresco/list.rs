//! Listing with skipCount/maxItems, metadata, breadcrumbs, search.

use super::api::{Entry, List, Node};
use super::client::Client;
use super::Alfresco;
use crate::drive::PageStream;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId, Page};
use futures::StreamExt;

pub fn list<'a>(
    drive: &'a Alfresco,
    folder: &'a ItemId,
    page_size: usize,
    include_hidden: bool,
) -> PageStream<'a> {
    let max = page_size.clamp(1, 1000);
    futures::stream::unfold(Some(0usize), move |skip| async move {
        let skip = skip?;
        let home = match drive.home().await {
            Ok(home) => home,
            Err(err) => return Some((Err(err), None)),
        };
        let url = drive.client.url(&format!(
            "/nodes/{}/children?skipCount={skip}&maxItems={max}&include=path",
            folder.as_str()
        ));
        match drive.client.json::<List>(|http| http.get(&url)).await {
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

pub async fn node(client: &Client, id: &str) -> Result<Node> {
    let entry: Entry<Node> = client
        .json(|http| http.get(client.url(&format!("/nodes/{id}?include=path"))))
        .await?;
    Ok(entry.entry)
}

pub async fn stat(drive: &Alfresco, id: &ItemId) -> Result<DriveItem> {
    let home = drive.home().await?;
    if id.as_str() == super::ROOT || id.as_str() == home.0 {
        return Ok(root_item());
    }
    Ok(node(&drive.client, id.as_str()).await?.into_item(&home.1))
}

pub fn root_item() -> DriveItem {
    DriveItem {
        id: ItemId::new(super::ROOT),
        name: "Alfresco".into(),
        kind: crate::item::ItemKind::Folder,
        size: None,
        modified: None,
        display_path: "/".into(),
        mime_type: None,
        hash: None,
    }
}

/// The home folder, then the folders below it on the way to the item.
pub async fn ancestry(drive: &Alfresco, id: &ItemId) -> Result<Vec<DriveItem>> {
    let mut chain = vec![root_item()];
    let home = drive.home().await?;
    if id.as_str() == super::ROOT || id.as_str() == home.0 {
        return Ok(chain);
    }
    let item = node(&drive.client, id.as_str()).await?;
    let elements = item
        .path
        .as_ref()
        .map(|p| p.elements.clone())
        .unwrap_or_default();
    let below = elements.iter().skip_while(|e| e.id != home.0).skip(1);
    for element in below {
        chain.push(node(&drive.client, &element.id).await?.into_item(&home.1));
    }
    chain.push(item.into_item(&home.1));
    Ok(chain)
}

pub async fn search(drive: &Alfresco, query: &str) -> Result<Vec<DriveItem>> {
    if query.chars().count() < 3 {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "Alfresco searches need at least three characters",
        ));
    }
    let home = drive.home().await?;
    let term: String = url::form_urlencoded::byte_serialize(query.as_bytes()).collect();
    let found: List = drive
        .client
        .json(|http| {
            http.get(drive.client.url(&format!(
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
