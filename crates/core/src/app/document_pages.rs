//! The PDF a document's pages are drawn from, for the grid and Quick Look:
//! a PDF of This computer as it is; a cloud PDF brought over once and kept
//! while it is among the last few looked at (Quick Look turns its pages
//! without downloading it again); an office document as the PDF LibreOffice
//! makes of it, made once per version of the file and kept in the cache
//! folder (`documents/`). LibreOffice runs one at a time, in the background
//! of the grid: each run is a whole office suite.

use super::Cloudpick;
use crate::drive::Drive;
use crate::error::{Error, ErrorKind, Result};
use crate::item::DriveItem;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// One LibreOffice at a time for pictures of documents.
static OFFICE: Semaphore = Semaphore::const_new(1);

/// A PDF on disk, and the scratch folder that holds it while it is used.
pub(crate) struct DocumentPdf {
    _scratch: Option<Arc<tempfile::TempDir>>,
    pub path: PathBuf,
}

impl Cloudpick {
    fn document_pdf_path(&self, source: &str, item: &DriveItem) -> PathBuf {
        let name = super::thumbnails::version_name(source, item);
        self.paths
            .cache_dir
            .join("documents")
            .join(format!("{name}.pdf"))
    }

    /// `item` of `source` as a PDF to draw pages from.
    pub(crate) async fn document_pdf(
        &self,
        source: &str,
        drive: &dyn Drive,
        item: &DriveItem,
    ) -> Result<DocumentPdf> {
        if crate::documents::is_pdf(&item.name) {
            if let Some(path) = drive
                .local_url(&item.id)
                .and_then(|u| u.to_file_path().ok())
            {
                return Ok(DocumentPdf {
                    _scratch: None,
                    path,
                });
            }
            let version = self.document_pdf_path(source, item);
            let (dir, path) = match self.recent_pdfs.get(&version) {
                Some(kept) => kept,
                None => {
                    let (dir, path) = crate::documents::to_temp(drive, item).await?;
                    self.recent_pdfs.keep(version, dir, path)
                }
            };
            return Ok(DocumentPdf {
                _scratch: Some(dir),
                path,
            });
        }
        if !crate::documents::is_office(&item.name) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{} is not a document with pages", item.name),
            ));
        }
        let cached = self.document_pdf_path(source, item);
        if cached.is_file() {
            return Ok(DocumentPdf {
                _scratch: None,
                path: cached,
            });
        }
        let _one = OFFICE
            .acquire()
            .await
            .map_err(|_| Error::new(ErrorKind::Io, "Document conversion has stopped"))?;
        // Another request for the same file may have made it while this one waited.
        if cached.is_file() {
            return Ok(DocumentPdf {
                _scratch: None,
                path: cached,
            });
        }
        let (dir, path) = crate::documents::to_temp(drive, item).await?;
        let pdf = crate::documents::to_pdf(&path, dir.path()).await?;
        let kept = std::fs::read(&pdf)
            .ok()
            .is_some_and(|bytes| crate::settings::write_atomic(&cached, &bytes).is_ok());
        match kept {
            true => Ok(DocumentPdf {
                _scratch: None,
                path: cached,
            }),
            // A cache that cannot be written (another disk, a full one) still draws this time.
            false => Ok(DocumentPdf {
                _scratch: Some(Arc::new(dir)),
                path: pdf,
            }),
        }
    }
}
