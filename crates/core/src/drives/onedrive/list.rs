//! Listing with `$top` and `@odata.nextLink`, metadata, breadcrumbs, search.

use super::client::{address, ROOT};
use super::client::{Client, NAME};
use super::wire::{Children, Item};
use crate::drive::ListOptions;
use crate::drive::PageStream;
use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::Listing;
use crate::drives::remote::paths::folders_above;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId, Page};
use async_trait::async_trait;
use futures::StreamExt;

#[async_trait]
impl Listing for Client {
    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        let client = self;
        let (page_size, include_hidden) = (options.page_size, options.include_hidden);
        let first = client.url(&format!(
            "{}/children?$top={}",
            address(folder),
            page_size.clamp(1, 1000)
        ));
        futures::stream::unfold(Some(first), move |next| async move {
            let url = next?;
            if !client.on_graph(&url) {
                // The token goes to Graph only, whatever a reply says.
                let err = Error::new(
                    ErrorKind::InvalidInput,
                    "OneDrive pointed the next page at another server: it was not followed",
                )
                .with_drive(NAME);
                return Some((Err(err), None));
            }
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

    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        let client = self;
        let item: Item = client
            .json(|http| http.get(client.url(&address(id))))
            .await?;
        Ok(item.into_item())
    }

    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        let client = self;
        let item = client.stat(id).await?;
        let mut chain = vec![client.stat(&ItemId::new(ROOT)).await?];
        if id.as_str() == ROOT {
            return Ok(chain);
        }
        for path in folders_above(&item.display_path) {
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

    async fn search(&self, query: &str) -> Result<Vec<DriveItem>> {
        let client = self;
        let quoted = query.replace('\'', "''");
        let encoded: String = url::form_urlencoded::byte_serialize(quoted.as_bytes())
            .collect::<String>()
            .replace('+', "%20");
        let found: Children = client
            .json(|http| http.get(client.url(&format!("/me/drive/root/search(q='{encoded}')"))))
            .await?;
        Ok(found.value.into_iter().map(Item::into_item).collect())
    }
}
