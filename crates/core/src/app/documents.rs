//! `cloudpick convert` on documents: an office document to a PDF, and a
//! page of a PDF (or of a document, through its PDF) to a picture, sized
//! and cut as images are. What comes out is saved like any conversion, and
//! sends `fp.converse`.

use super::export::{ExportItem, ExportRequest, OnConflict};
use super::export_plan::PATH_SOURCE;
use super::Cloudpick;
use crate::documents;
use crate::error::{Error, ErrorKind, Result};
use crate::item::ItemId;
use crate::pick::PickResult;
use crate::transform::{OutputFormat, Transform};
use std::path::Path;
use std::sync::Arc;

impl Cloudpick {
    /// Converts the document at `source` (`input` as the user named it) to
    /// `output`: a PDF when `output` ends in `.pdf` (or is a folder, for an
    /// office document with no picture asked for), else a picture of `page`.
    pub(crate) async fn convert_document(
        &self,
        source: &Path,
        input: &str,
        t: &Transform,
        page: Option<u32>,
        output: &str,
        on_conflict: OnConflict,
    ) -> Result<PickResult> {
        let named = input.rsplit('/').next().unwrap_or(input);
        let office = documents::is_office(named);
        let picture_asked =
            page.is_some() || t.width.is_some() || t.height.is_some() || t.format.is_some();
        let to_pdf = output.to_ascii_lowercase().ends_with(".pdf")
            || (office && !picture_asked && output.ends_with('/'));
        let work = tempfile::Builder::new()
            .prefix("document-")
            .tempdir_in(self.scratch_dir()?)
            .map_err(|e| Error::from_io(e, "create", "a scratch folder"))?;
        if to_pdf {
            if !office {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!("{named} is a PDF already: convert it to a picture (-o page.png), or copy it"),
                ));
            }
            let pdf = documents::to_pdf(source, work.path()).await?;
            let (folder, name) = self.output_place(named, output, "pdf")?;
            return self
                .save_converted(&pdf, input, folder, name, on_conflict)
                .await;
        }
        let pdf = if office {
            documents::to_pdf(source, work.path()).await?
        } else {
            source.to_path_buf()
        };
        // Drawn at twice the size asked for, so that a crop still has pixels to spare.
        let side = t.width.max(t.height).map(|s| s.saturating_mul(2));
        let png = documents::page_to_png(&pdf, page.unwrap_or(1), side, work.path()).await?;
        let ext = t.format.map_or("png", |f| f.extension());
        let (folder, name) = self.output_place(named, output, ext)?;
        let mut t = t.clone();
        if t.format.is_none() {
            t.format = OutputFormat::from_name(&name).or(Some(OutputFormat::Png));
        }
        let drawn = work.path().join("page.png");
        std::fs::write(&drawn, &png).map_err(|e| Error::from_io(e, "write", "the page"))?;
        let converted =
            tokio::task::spawn_blocking(move || crate::transform::convert_file(&drawn, &t))
                .await
                .map_err(|_| Error::new(ErrorKind::Io, "The conversion stopped"))??;
        let picture = work.path().join(&name);
        std::fs::write(&picture, &converted.bytes)
            .map_err(|e| Error::from_io(e, "write", &name))?;
        self.save_converted(&picture, input, folder, name, on_conflict)
            .await
    }

    /// Saves the converted file at `path` as `name` in `folder`: a
    /// conversion of `original`, as webhooks see it.
    pub(crate) async fn save_converted(
        &self,
        path: &Path,
        original: &str,
        folder: crate::storage::StoreTo,
        name: String,
        on_conflict: OnConflict,
    ) -> Result<PickResult> {
        let request = ExportRequest {
            items: vec![ExportItem {
                source: PATH_SOURCE.to_owned(),
                id: ItemId::new(path.display().to_string()),
                name: Some(name),
            }],
            to: folder,
            on_conflict,
        };
        let mut result = self
            .export_as(request, Arc::new(|_| {}), true, Default::default())
            .await?;
        // The result names what was converted, not the scratch file it went through.
        for file in &mut result.files_uploaded {
            file.original_path = original.to_owned();
        }
        for file in result
            .files_failed
            .iter_mut()
            .chain(&mut result.files_taken)
        {
            file.original_path = original.to_owned();
        }
        Ok(result)
    }
}
