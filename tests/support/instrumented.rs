//! A drive that wraps another and measures what the pipeline does with it:
//! how many reads run at once, and reads that are slowed down so that a test
//! can cancel mid-copy; and, when given one, a thumbnail the provider draws
//! of any file (as OneDrive, Box and Alfresco draw office documents).

use async_trait::async_trait;
use cloudpick_core::drive::{PageStream, Upload};
use cloudpick_core::{
    Account, ByteRange, ByteStream, Capabilities, Drive, DriveItem, ItemId, ListOptions, Result,
};
use futures::StreamExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct InstrumentedDrive {
    inner: Arc<dyn Drive>,
    /// Pause before each chunk of a read.
    pub delay_per_chunk: Duration,
    pub in_flight: Arc<AtomicUsize>,
    pub max_in_flight: Arc<AtomicUsize>,
    /// Every byte the reads gave.
    pub bytes_read: Arc<std::sync::atomic::AtomicU64>,
    /// The provider's thumbnail of every file, when set.
    pub thumbnail: Option<Vec<u8>>,
}

impl InstrumentedDrive {
    pub fn new(inner: impl Drive + 'static, delay_per_chunk: Duration) -> Self {
        Self::over(Arc::new(inner), delay_per_chunk)
    }

    /// Around a drive that is already shared.
    pub fn over(inner: Arc<dyn Drive>, delay_per_chunk: Duration) -> Self {
        InstrumentedDrive {
            inner,
            delay_per_chunk,
            in_flight: Arc::default(),
            max_in_flight: Arc::default(),
            bytes_read: Arc::default(),
            thumbnail: None,
        }
    }
}

/// Decrements the in-flight count when the read's stream is dropped.
struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[async_trait]
impl Drive for InstrumentedDrive {
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }
    fn display_name(&self) -> &str {
        self.inner.display_name()
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            thumbnail: self.inner.capabilities().thumbnail || self.thumbnail.is_some(),
            ..self.inner.capabilities()
        }
    }
    fn root(&self) -> ItemId {
        self.inner.root()
    }
    async fn account(&self) -> Result<Account> {
        self.inner.account().await
    }
    fn list<'a>(&'a self, folder: &'a ItemId, options: ListOptions) -> PageStream<'a> {
        self.inner.list(folder, options)
    }
    async fn stat(&self, id: &ItemId) -> Result<DriveItem> {
        self.inner.stat(id).await
    }
    async fn ancestry(&self, id: &ItemId) -> Result<Vec<DriveItem>> {
        self.inner.ancestry(id).await
    }
    async fn read(&self, id: &ItemId, range: Option<ByteRange>) -> Result<ByteStream> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let guard = InFlight(self.in_flight.clone());
        let delay = self.delay_per_chunk;
        let counted = self.bytes_read.clone();
        let stream = self.inner.read(id, range).await?;
        Ok(stream
            .then(move |chunk| {
                let _keep = &guard;
                if let Ok(bytes) = &chunk {
                    counted.fetch_add(bytes.len() as u64, Ordering::SeqCst);
                }
                async move {
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    chunk
                }
            })
            .boxed())
    }
    async fn thumbnail(&self, id: &ItemId, side: u32) -> Result<ByteStream> {
        match &self.thumbnail {
            Some(bytes) => Ok(crate::body(bytes.clone(), 64 * 1024)),
            None => self.inner.thumbnail(id, side).await,
        }
    }
    async fn write(&self, folder: &ItemId, upload: Upload) -> Result<DriveItem> {
        self.inner.write(folder, upload).await
    }
    async fn create_folder(&self, parent: &ItemId, name: &str) -> Result<DriveItem> {
        self.inner.create_folder(parent, name).await
    }
    async fn delete(&self, id: &ItemId) -> Result<()> {
        self.inner.delete(id).await
    }
}
