//! Uploads as one streamed multipart request (Alfresco has no chunked
//! upload), checked by size.

use super::client::{Client, NAME};
use super::list;
use super::wire::{Entry, Node};
use crate::drive::Upload;
use crate::drives::remote::cloud::Writing;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ConflictPolicy, DriveItem, ItemId};
use async_trait::async_trait;
use futures::StreamExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

async fn upload_to(client: &Client, folder: &ItemId, upload: Upload) -> Result<Node> {
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let body = upload.body.inspect(move |chunk| {
        if let Ok(bytes) = chunk {
            counter.fetch_add(bytes.len() as u64, Ordering::SeqCst);
        }
    });
    // No deadline in all: the file may go up slowly, but not stall.
    let pulse = crate::drives::remote::deadline::Pulse::default();
    let stream = pulse.body(body.boxed());
    let part = match upload.size {
        Some(size) => reqwest::multipart::Part::stream_with_length(stream, size),
        None => reqwest::multipart::Part::stream(stream),
    }
    .file_name(upload.name.clone());
    let (auto_rename, overwrite) = match upload.on_conflict {
        ConflictPolicy::Rename => ("true", "false"),
        ConflictPolicy::Replace => ("false", "true"),
        ConflictPolicy::Fail => ("false", "false"),
    };
    let form = reqwest::multipart::Form::new()
        .part("filedata", part)
        .text("name", upload.name.clone())
        .text("autoRename", auto_rename)
        .text("overwrite", overwrite);
    let url = client.url(&format!("/nodes/{}/children", folder.as_str()));
    // The body streams once: no retry here, the caller sees the error.
    let form = crate::drives::remote::reply::FormOnce::new(form);
    let response = client
        .send_upload(&pulse, |http| {
            let form = form.take();
            http.post(&url).multipart(form)
        })
        .await?;
    let entry: Entry<Node> = crate::drives::remote::reply::decode(response, NAME).await?;
    let stored = entry
        .entry
        .content
        .as_ref()
        .and_then(|c| c.size_in_bytes)
        .unwrap_or(0);
    let count = sent.load(Ordering::SeqCst);
    if stored != count {
        return Err(Error::new(
            ErrorKind::Transient,
            format!("Alfresco stored {stored} bytes of the {count} sent"),
        )
        .with_drive(NAME));
    }
    Ok(entry.entry)
}

#[async_trait]
impl Writing for Client {
    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        let folder = list::folder_id(self, folder).await?;
        let node = upload_to(self, &folder, upload).await?;
        let home = list::home(self).await?;
        // The reply has no path: ask for the node with it.
        Ok(list::node(self, &node.id).await?.into_item(&home.1))
    }
}
