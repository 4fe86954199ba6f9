//! Folders as the picker shows them: the first page at once, the rest page
//! by page as the user scrolls. A listing stays open between calls; a task
//! reads the drive one page ahead, so the next page is usually ready.

use crate::app::Cloudpick;
use crate::drive::ListOptions;
use crate::error::{poisoned, Error, ErrorKind, Result};
use crate::item::{DriveItem, ItemId};
use futures::StreamExt;
use serde::Serialize;
use std::sync::Arc;
use tokio::sync::{mpsc, Mutex};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// A folder's first page and the way to the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "FolderPage.ts")]
pub struct FolderPage {
    /// Asks `more_items` for the next page while `more` is true.
    #[ts(type = "number")]
    pub listing: u64,
    pub folder: DriveItem,
    /// From the root down to `folder`, both included.
    pub breadcrumbs: Vec<DriveItem>,
    pub items: Vec<DriveItem>,
    pub more: bool,
}

/// The next page of an open listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "MoreItems.ts")]
pub struct MoreItems {
    pub items: Vec<DriveItem>,
    pub more: bool,
}

/// Every file with a MIME type (from its name where the drive gave none),
/// so the picker's restrictions read the same type as the pick does.
fn typed(mut items: Vec<DriveItem>) -> Vec<DriveItem> {
    for item in items
        .iter_mut()
        .filter(|i| !i.is_folder() && i.mime_type.is_none())
    {
        item.mime_type = Some(crate::mime::from_name(&item.name));
    }
    items
}

impl Cloudpick {
    /// Opens a folder (the root when `folder` is `None`): its first page,
    /// its breadcrumbs, and a listing for the pages after it. Retries go to
    /// the caller's `retry::reporting`, if any.
    pub async fn open_folder(&self, source: &str, folder: Option<ItemId>) -> Result<FolderPage> {
        self.read_folder(source, folder, CancellationToken::new())
            .await
    }

    /// `open_folder`, as request `request`, which `cancel_open` stops
    /// whatever it waits for (a drive that does not answer, its retries).
    pub async fn open_folder_as(
        &self,
        request: u64,
        source: &str,
        folder: Option<ItemId>,
    ) -> Result<FolderPage> {
        let cancel = CancellationToken::new();
        self.opening
            .lock()
            .map_err(|_| poisoned())?
            .insert(request, cancel.clone());
        let page = tokio::select! {
            biased;
            () = cancel.cancelled() => Err(Error::cancelled()),
            page = self.read_folder(source, folder, cancel.clone()) => page,
        };
        if let Ok(mut opening) = self.opening.lock() {
            opening.remove(&request);
        }
        page
    }

    /// Stops request `request` of `open_folder_as`: it ends as cancelled.
    pub fn cancel_open(&self, request: u64) {
        if let Some(opening) = self
            .opening
            .lock()
            .ok()
            .and_then(|mut o| o.remove(&request))
        {
            opening.cancel();
        }
    }

    /// `cancel` stops the reading until the first page has come.
    async fn read_folder(
        &self,
        source: &str,
        folder: Option<ItemId>,
        cancel: CancellationToken,
    ) -> Result<FolderPage> {
        let drive = self.drive(source)?;
        let folder_id = folder.unwrap_or_else(|| drive.root());
        let options = ListOptions {
            include_hidden: self.settings().show_hidden,
            ..ListOptions::default()
        };
        let (send, mut receive) = mpsc::channel(1);
        let reader = drive.clone();
        let id = folder_id.clone();
        let retries = crate::drives::remote::retry::current();
        let read = async move {
            let mut pages = reader.list(&id, options);
            // Cancelled before the first page, it stops reading (and retrying).
            let first = tokio::select! {
                () = cancel.cancelled() => return,
                first = pages.next() => first,
            };
            let mut next = first;
            while let Some(page) = next {
                let failed = page.is_err();
                // The picker closed the listing: stop reading.
                if send.send(page).await.is_err() || failed {
                    break;
                }
                next = pages.next().await;
            }
        };
        match retries {
            Some(report) => tokio::spawn(crate::drives::remote::retry::reporting(report, read)),
            None => tokio::spawn(read),
        };
        let (first, breadcrumbs) = tokio::join!(receive.recv(), drive.ancestry(&folder_id));
        let breadcrumbs = breadcrumbs?;
        let first = first.transpose()?.unwrap_or_default();
        let folder = breadcrumbs
            .last()
            .cloned()
            .ok_or_else(|| Error::new(ErrorKind::NotFound, "That folder no longer exists"))?;
        let more = first.next_cursor.is_some();
        let listing = if more {
            self.listings.keep(Arc::new(Mutex::new(receive)))?
        } else {
            0
        };
        Ok(FolderPage {
            listing,
            folder,
            breadcrumbs,
            items: typed(first.items),
            more,
        })
    }

    /// The next page of an open listing; the last one closes it.
    pub async fn more_items(&self, listing: u64) -> Result<MoreItems> {
        let pages = self.listings.get(listing)?;
        let page = pages.lock().await.recv().await.transpose();
        let page = match page {
            Ok(page) => page.unwrap_or_default(),
            Err(e) => {
                self.listings.close(listing);
                return Err(e);
            }
        };
        let more = page.next_cursor.is_some();
        if !more {
            self.listings.close(listing);
        }
        Ok(MoreItems {
            items: typed(page.items),
            more,
        })
    }
}

impl Cloudpick {
    /// Searches a drive with the provider's own search: files and folders
    /// whose names (or, where the provider looks there, contents) match.
    pub async fn search(&self, source: &str, query: &str) -> Result<Vec<DriveItem>> {
        let query = query.trim();
        if query.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Type something to search for",
            ));
        }
        let drive = self.drive(source)?;
        let mut found = drive.search(query).await?;
        if !self.settings().show_hidden {
            found.retain(|item| !item.name.starts_with('.'));
        }
        Ok(typed(found))
    }
}
