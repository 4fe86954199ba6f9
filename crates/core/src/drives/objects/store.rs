//! The parts of an object-store drive: the [`Store`] each service
//! supplies, and [`Objects`], the drive over it, with what listing, reading
//! and writing share (one OpenDAL operator per bucket, items from metadata).

use super::failure;
use super::paths::{self, Place};
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, Capabilities, ContentHash, DriveItem, ItemId, ItemKind};
use async_trait::async_trait;
use opendal::{Metadata, Operator};
use std::collections::HashMap;
use std::sync::Mutex;

/// OpenDAL's operator for `builder`, on the app's HTTP client, with
/// retries and deadlines: a metadata call has `deadline::metadata` in all,
/// and each read or write of a transfer (a part is 8 MiB) five times
/// `deadline::idle`.
pub fn operator(
    builder: impl opendal::Builder,
    http: &reqwest::Client,
) -> opendal::Result<Operator> {
    use crate::drives::remote::deadline;
    use opendal::layers::{HttpClientLayer, RetryLayer, TimeoutLayer};
    let timeouts = TimeoutLayer::new()
        .with_timeout(deadline::metadata())
        .with_io_timeout(deadline::idle() * 5);
    Ok(Operator::new(builder)?
        .layer(HttpClientLayer::new(opendal::raw::HttpClient::with(
            http.clone(),
        )))
        .layer(timeouts)
        .layer(RetryLayer::new())
        .finish())
}

/// What every object store can do: no search or thumbnails (the services
/// have none), links (presigned or public), copies on the server. Uploads
/// stream in parts but cannot resume after a restart: OpenDAL does not hand
/// out the multipart upload's id.
pub const CAPABILITIES: Capabilities = Capabilities {
    search: false,
    thumbnail: false,
    share_link: true,
    server_side_copy: true,
    resumable_upload: false,
    verified_upload: false,
};

/// One object-storage service.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    const KIND: &'static str;
    const NAME: &'static str;

    /// The account at `config`, signing with `secret`.
    fn new(config: super::ObjectStore, secret: super::StoreSecret, http: reqwest::Client) -> Self;

    /// OpenDAL's operator for one bucket (container).
    fn operator(&self, bucket: &str) -> opendal::Result<Operator>;

    /// The buckets the keys can see, by name.
    async fn buckets(&self) -> Result<Vec<String>>;

    /// A link that reads `key` in `bucket` without the keys.
    async fn link(&self, op: &Operator, bucket: &str, key: &str) -> Result<String>;

    /// The object's own URL (which needs the keys unless the bucket is public).
    fn address(&self, bucket: &str, key: &str) -> Result<String>;

    /// Who is signed in, for the sidebar.
    fn account(&self) -> Account;

    /// The object's content hash from its metadata, when the service
    /// reports a plain one (an MD5).
    fn hash(meta: &Metadata) -> Option<ContentHash>;
}

/// Sends a signed request for the list of buckets (the one call OpenDAL
/// does not make) and returns its XML.
pub async fn fetch_listing(
    http: &reqwest::Client,
    request: reqwest::Request,
    drive: &str,
) -> Result<String> {
    let reply = in_time(http.execute(request), drive).await?;
    let status = reply.status();
    let text = in_time(reply.text(), drive).await?;
    if status.is_success() {
        return Ok(text);
    }
    let code = text
        .split_once("<Code>")
        .and_then(|(_, rest)| rest.split_once("</Code>"))
        .map_or("", |(code, _)| code);
    let kind = match status.as_u16() {
        401 | 403 => ErrorKind::Unauthorized,
        429 | 503 => ErrorKind::Transient,
        _ => ErrorKind::Io,
    };
    let message = if kind == ErrorKind::Unauthorized {
        format!("{drive} refused the keys ({code}): check them, or name the buckets to show if the keys may not list them")
    } else {
        format!("{drive} could not list the buckets: {status} {code}")
    };
    Err(Error::new(kind, message).with_drive(drive))
}

/// `request`'s answer within `LISTING_TIMEOUT`, or why there is none.
async fn in_time<T>(
    request: impl std::future::Future<Output = reqwest::Result<T>>,
    drive: &str,
) -> Result<T> {
    tokio::time::timeout(LISTING_TIMEOUT, request)
        .await
        .map_err(|_| {
            Error::new(
                ErrorKind::Transient,
                format!("{drive} did not answer in time"),
            )
            .with_drive(drive)
        })?
        .map_err(|e| crate::drives::remote::http::transport_error(drive, e))
}

const LISTING_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// An object store as a drive.
pub struct Objects<S: Store> {
    store: S,
    operators: Mutex<HashMap<String, Operator>>,
}

impl<S: Store> Objects<S> {
    pub fn new(store: S) -> Self {
        Objects {
            store,
            operators: Mutex::new(HashMap::new()),
        }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    /// The bucket's operator, made once.
    pub(super) fn op(&self, bucket: &str) -> Result<Operator> {
        let mut ops = self
            .operators
            .lock()
            .map_err(|_| crate::error::poisoned())?;
        if let Some(op) = ops.get(bucket) {
            return Ok(op.clone());
        }
        let op = self
            .store
            .operator(bucket)
            .map_err(|e| self.failed(e, "open", bucket))?;
        ops.insert(bucket.to_owned(), op.clone());
        Ok(op)
    }

    pub(super) fn failed(&self, err: opendal::Error, what: &str, path: &str) -> Error {
        failure::from_dal(err, S::NAME, what, path)
    }

    /// The item for `key` in `bucket` from its metadata.
    pub(super) fn item(&self, bucket: &str, key: &str, meta: &Metadata) -> DriveItem {
        let place = Place { bucket, key };
        let folder = meta.is_dir() || place.is_folder();
        DriveItem {
            id: paths::id(bucket, key),
            name: place.name().to_owned(),
            kind: if folder {
                ItemKind::Folder
            } else {
                ItemKind::File
            },
            size: (!folder).then(|| meta.content_length()),
            modified: meta.last_modified().map(|t| t.to_string()),
            display_path: paths::display(bucket, key),
            mime_type: (!folder).then(|| {
                meta.content_type()
                    .filter(|t| !t.is_empty() && *t != "application/octet-stream")
                    .map(str::to_owned)
                    .unwrap_or_else(|| crate::mime::from_name(place.name()))
            }),
            hash: (!folder).then(|| S::hash(meta)).flatten(),
        }
    }

    pub(super) fn bucket_item(bucket: &str) -> DriveItem {
        DriveItem {
            id: paths::bucket_id(bucket),
            name: bucket.to_owned(),
            kind: ItemKind::Folder,
            size: None,
            modified: None,
            display_path: paths::display(bucket, ""),
            mime_type: None,
            hash: None,
        }
    }

    /// The place `id` names, or an error for the list of buckets.
    pub(super) fn place<'a>(&self, id: &'a ItemId, what: &str) -> Result<Place<'a>> {
        Place::of(id)?.ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("Choose a bucket on {} to {what}", S::NAME),
            )
        })
    }
}
