//! Uploads as one streamed multipart request (`metadata`, then `content`),
//! checked by MD5. Cloud Drive has no autorename: a taken name is found
//! first, by a filter.

use super::client::Client;
use super::client::NAME;
use super::list;
use super::wire::Node;
use crate::drive::Upload;
use crate::drives::hashes::HashKind;
use crate::drives::remote::bearer::Bearer;
use crate::drives::remote::cloud::Writing;
use crate::drives::remote::hashing::hashing;
use crate::drives::remote::reply::decode;
use crate::error::{Error, ErrorKind, Result};
use crate::item::DriveItem;
use crate::item::{ConflictPolicy, ItemId};
use async_trait::async_trait;
use serde_json::json;

/// How many numbered names Rename tries before giving up.
const RENAME_TRIES: u32 = 100;

/// Where the upload goes: a new node with a free name, or over an existing file.
enum Target {
    New(String),
    Over(String),
}

async fn target(
    client: &Client,
    folder: &str,
    wanted: &str,
    policy: ConflictPolicy,
) -> Result<Target> {
    let Some(existing) = list::child_named(client, folder, wanted).await? else {
        return Ok(Target::New(wanted.to_owned()));
    };
    let taken = || {
        Error::new(
            ErrorKind::Conflict,
            format!("\"{wanted}\" already exists in that Amazon Cloud Drive folder"),
        )
        .with_drive(NAME)
    };
    match policy {
        ConflictPolicy::Fail => Err(taken()),
        ConflictPolicy::Replace if existing.is_folder() => Err(taken()),
        ConflictPolicy::Replace => Ok(Target::Over(existing.id)),
        ConflictPolicy::Rename => {
            for n in 1..=RENAME_TRIES {
                let name = crate::names::numbered(wanted, n);
                if list::child_named(client, folder, &name).await?.is_none() {
                    return Ok(Target::New(name));
                }
            }
            Err(taken())
        }
    }
}

async fn upload_to(client: &Client, folder: &ItemId, upload: Upload) -> Result<Node> {
    let folder = list::real_id(client, folder).await?;
    let target = target(client, &folder, &upload.name, upload.on_conflict).await?;
    let (body, digest) = hashing(upload.body, HashKind::Md5);
    // No deadline in all: the file may go up slowly, but not stall.
    let pulse = crate::drives::remote::deadline::Pulse::default();
    let stream = pulse.body(body);
    let name = match &target {
        Target::New(name) => name.clone(),
        Target::Over(_) => upload.name.clone(),
    };
    let content = match upload.size {
        Some(size) => reqwest::multipart::Part::stream_with_length(stream, size),
        None => reqwest::multipart::Part::stream(stream),
    }
    .file_name(name.clone());
    let (url, form) = match &target {
        Target::New(_) => {
            let metadata = json!({ "name": name, "kind": "FILE", "parents": [folder] });
            let form = reqwest::multipart::Form::new()
                .text("metadata", metadata.to_string())
                .part("content", content);
            (client.content("nodes?suppress=deduplication").await?, form)
        }
        Target::Over(id) => {
            let form = reqwest::multipart::Form::new().part("content", content);
            (client.content(&format!("nodes/{id}/content")).await?, form)
        }
    };
    let overwrite = matches!(target, Target::Over(_));
    // The body streams once: no retry here, the caller sees the error.
    let form = crate::drives::remote::reply::FormOnce::new(form);
    let response = client
        .send_upload(&pulse, |http| {
            let form = form.take();
            if overwrite {
                http.put(&url).multipart(form)
            } else {
                http.post(&url).multipart(form)
            }
        })
        .await?;
    let node: Node = decode(response, NAME).await?;
    verify(&node, digest.finish())?;
    Ok(node)
}

/// The stored MD5 and size must be those of the bytes sent.
fn verify(node: &Node, sent: Option<(String, u64)>) -> Result<()> {
    let (md5, count) = sent.unwrap_or_default();
    let stored = node
        .content_properties
        .as_ref()
        .and_then(|c| c.size)
        .unwrap_or(0);
    if stored != count || node.md5() != Some(md5.as_str()) {
        return Err(Error::new(
            ErrorKind::Transient,
            format!(
                "{NAME} stored {} with different content than was sent (MD5 mismatch)",
                node.name.as_deref().unwrap_or("the file")
            ),
        )
        .with_drive(NAME));
    }
    Ok(())
}

#[async_trait]
impl Writing for Client {
    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        let path = list::path_of(self, folder).await?;
        Ok(upload_to(self, folder, upload).await?.into_item(&path))
    }
}
