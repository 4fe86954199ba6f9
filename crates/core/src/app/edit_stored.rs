//! Editing a copy that is already stored: Activity opens the editor on it,
//! and the edit is stored beside it under a free name (the copy stays), as
//! a pick of that copy, so Activity lists it with its result.

use crate::app::after_copy::{CopyBatch, Record};
use crate::app::Cloudpick;
use crate::error::{Error, ErrorKind, Result};
use crate::events::BatchKind;
use crate::item::DriveItem;
use crate::pick::{self, PickOptions, PickResult, Storage};
use crate::restrictions::Restrictions;
use crate::storage::StoreTo;
use crate::transform::Transform;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use ts_rs::TS;

/// A stored copy as a file of a source the window can browse: the source's
/// id and the item, for the editor's picture.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "StoredItem.ts")]
pub struct StoredItem {
    pub source: String,
    pub item: DriveItem,
}

impl Cloudpick {
    /// The stored copy of file `position` of pick `id`, where the window
    /// can show it: on its drive, or on This computer when the storage
    /// folder is inside the folder This computer shows.
    pub async fn stored_item(&self, id: i64, position: u32) -> Result<StoredItem> {
        let (location, stored, stored_id) = self.history.stored(id, position)?;
        if location != StoreTo::LOCAL {
            let item = self.drive(&location)?.stat(&stored_id).await?;
            return Ok(StoredItem {
                source: location,
                item,
            });
        }
        let root = self.settings().local_root(&self.paths);
        let path = Path::new(&stored.container).join(&stored.key);
        let Ok(inside) = path.strip_prefix(&root) else {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "{} is stored outside the folder This computer shows ({}), so it cannot be edited here",
                    stored.filename,
                    root.display()
                ),
            ));
        };
        let id = crate::item::ItemId::new(format!("/{}", inside.to_string_lossy()));
        let item = self.drive("local")?.stat(&id).await?;
        Ok(StoredItem {
            source: "local".to_owned(),
            item,
        })
    }

    /// Converts the stored copy of file `position` of pick `id` with `edit`
    /// and stores the result in the same folder, under a free name.
    pub async fn edit_stored(&self, id: i64, position: u32, edit: Transform) -> Result<PickResult> {
        let (location, stored, _) = self.history.stored(id, position)?;
        let StoredItem { source, item } = self.stored_item(id, position).await?;
        let storage = if location == StoreTo::LOCAL {
            Storage::local(Path::new(&stored.container))?
        } else {
            let key = format!("/{}", stored.key.trim_start_matches('/'));
            let folder = match key.rsplit_once('/') {
                Some((folder, _)) if !folder.is_empty() => folder.to_owned(),
                _ => "/".to_owned(),
            };
            Storage::on_drive(&location, self.drive(&location)?, &folder).await?
        };
        let drive = self.drive(&source)?;
        let stored_id = item.id;
        let sources = [(source, stored_id.clone())];
        let files = vec![pick::Pick {
            drive,
            id: stored_id,
            cancel: tokio_util::sync::CancellationToken::new(),
            transform: Some(edit),
        }];
        let record = Record::New {
            storage: &storage,
            sources: &sources,
        };
        let batch = CopyBatch::into(BatchKind::Convert, &storage, record, vec![true]);
        let rules = Restrictions::default();
        self.copy_batch(batch, |_| {
            pick::pick_each(
                files,
                &storage,
                Arc::new(|_| {}),
                &rules,
                PickOptions::default(),
                None,
            )
        })
        .await
    }
}
