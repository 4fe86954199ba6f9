//! Listing: the buckets at the top, then one level of keys under a prefix
//! (OpenDAL lists with the `/` delimiter), a page at a time.

use super::paths;
use super::store::{Objects, Store};
use crate::drive::{ListOptions, PageStream};
use crate::error::Result;
use crate::item::{DriveItem, ItemId, Page};
use futures::{stream, StreamExt, TryStreamExt};

pub fn pages<'a, S: Store>(
    drive: &'a Objects<S>,
    folder: &'a ItemId,
    options: ListOptions,
) -> PageStream<'a> {
    let size = options.page_size.max(1);
    let items = stream::once(async move { entries(drive, folder, options).await })
        .map(|found| match found {
            Ok(items) => items.boxed(),
            Err(e) => stream::once(async move { Err(e) }).boxed(),
        })
        .flatten();
    items
        .chunks(size)
        .map(|chunk| {
            chunk
                .into_iter()
                .collect::<Result<Vec<_>>>()
                .map(|items| Page {
                    items,
                    next_cursor: None,
                })
        })
        .boxed()
}

/// The folder's items as they arrive.
async fn entries<'a, S: Store>(
    drive: &'a Objects<S>,
    folder: &'a ItemId,
    options: ListOptions,
) -> Result<futures::stream::BoxStream<'a, Result<DriveItem>>> {
    let Some(place) = paths::Place::of(folder)? else {
        let buckets = drive.store().buckets().await?;
        let items: Vec<Result<DriveItem>> = buckets
            .iter()
            .map(|b| Ok(Objects::<S>::bucket_item(b)))
            .collect();
        return Ok(stream::iter(items).boxed());
    };
    let op = drive.op(place.bucket)?;
    let prefix = place.key.to_owned();
    let bucket = place.bucket.to_owned();
    let shown = paths::display(&bucket, &prefix);
    let lister = op
        .lister_with(&prefix)
        .await
        .map_err(|e| drive.failed(e, "list", &shown))?;
    Ok(lister
        .map_err(move |e| drive.failed(e, "list", &shown))
        .try_filter_map(move |entry| {
            let item = (entry.path() != prefix)
                .then(|| drive.item(&bucket, entry.path(), entry.metadata()))
                .filter(|item| options.include_hidden || !item.name.starts_with('.'));
            futures::future::ready(Ok(item))
        })
        .boxed())
}
