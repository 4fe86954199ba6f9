//! Listing with `$top` and `@odata.nextLink`, metadata, breadcrumbs, search.

use super::api::{Children, Item};
use super::client::Client;
use super::client::{address, ROOT};
use crate::drive::PageStream;
use crate::error::Result;
use crate::item::{DriveItem, ItemId, Page};
use futures::StreamExt;

pub fn list<'a>(
    client: &'a Client,
    folder: &'a ItemId,
    page_size: usize,
    include_hidden: bool,
) -> PageStream<'a> {
    let first = client.url(&format!(
        "{}/children?$top={}",
        address(folder),
        page_size.clamp(1, 1000)
    ));
    futures::stream::unfold(Some(first), move |next| async move {
        let url = next?;
        match client.json::<Children>(|http| http.get(&url)).await {
            Err(err) => Some((Err(err), None)),
            Ok(children) => {
                let items = children
                    .value
                    .into_iter()
                    .map(Item::into_item)
                    .filter(|i| include_hidden || !i.name.starts_with('.'))
                    .collect();
                let page = Page {
                    items,
                    next_cursor: children.next_link.clone(),
                };
                Some((Ok(page), children.next_link))
            }
        }
    })
    .boxed()
}

pub async fn stat(client: &Client, id: &ItemId) -> Result<DriveItem> {
    let item: Item = client
        .json(|http| http.get(client.url(&address(id))))
        .await?;
    Ok(item.into_item())
}

pub async fn ancestry(client: &Client, id: &ItemId) -> Result<Vec<DriveItem>> {
    let item = stat(client, id).await?;
    let mut chain = vec![stat(client, &ItemId::new(ROOT)).await?];
    if id.as_str() == ROOT {
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
        let encoded: String = url::form_urlencoded::byte_serialize(path.as_bytes())
            .collect::<String>()
            .replace("%2F", "/")
            .replace('+', "%20");
        let folder: Item = client
            .json(|http| http.get(client.url(&format!("/me/drive/root:{encoded}:"))))
            .await?;
        chain.push(folder.into_item());
    }
    chain.push(item);
    Ok(chain)
}

pub async fn search(client: &Client, query: &str) -> Result<Vec<DriveItem>> {
    let quoted = query.replace('\'', "''");
    let encoded: String = url::form_urlencoded::byte_serialize(quoted.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let found: Children = client
        .json(|http| http.get(client.url(&format!("/me/drive/root/search(q='{encoded}')"))))
        .await?;
    Ok(found.value.into_iter().map(Item::into_item).collect())
}
