//! A PDF's page as a picture, with poppler: `pdfinfo` for the number of
//! pages, `pdftoppm` to draw one.

use super::tools;
use crate::error::{Error, ErrorKind, Result};
use std::path::Path;

/// What to install when poppler's tools are missing.
pub const INSTALL: &str = "Turning a PDF page into a picture needs poppler's tools, which are not \
     installed: on Debian or Ubuntu, sudo apt install poppler-utils";

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The resolution pages are drawn at for an edit, when no size is asked.
pub const DPI: u32 = 150;

/// What `pdfinfo` says of `pdf` (of `page`, when given).
async fn info(pdf: &Path, page: Option<u32>) -> Result<std::process::Output> {
    let pdfinfo = tools::find(&["pdfinfo"], "CLOUDPICK_PDFINFO", INSTALL)?;
    let mut command = tokio::process::Command::new(&pdfinfo);
    if let Some(page) = page {
        command.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let out = command.arg(pdf).kill_on_drop(true).output();
    tokio::time::timeout(tools::TIMEOUT, out)
        .await
        .map_err(|_| Error::new(ErrorKind::Transient, "Reading the PDF took too long"))?
        .map_err(|e| Error::new(ErrorKind::Io, format!("Could not run pdfinfo: {e}")))
}

/// The size in pixels `page` is drawn at, `DPI` dots per inch (as
/// `pdftoppm -r` draws it: rounded up).
pub async fn page_size(pdf: &Path, page: u32) -> Result<crate::restrictions::Dimensions> {
    let out = info(pdf, Some(page)).await?;
    let text = String::from_utf8_lossy(&out.stdout);
    let points = text.lines().find_map(|l| {
        let (_, size) = l.strip_prefix("Page")?.split_once("size:")?;
        let mut parts = size.split_whitespace();
        let w: f64 = parts.next()?.parse().ok()?;
        parts.next().filter(|x| *x == "x")?;
        let h: f64 = parts.next()?.parse().ok()?;
        Some((w, h))
    });
    let (w, h) = points.ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is not a PDF that can be read: it may be damaged",
                name_of(pdf)
            ),
        )
    })?;
    let px = |pts: f64| (pts * f64::from(DPI) / 72.0).ceil() as u32;
    Ok(crate::restrictions::Dimensions {
        width: px(w),
        height: px(h),
    })
}

/// How many pages `pdf` has.
pub async fn page_count(pdf: &Path) -> Result<u32> {
    let out = info(pdf, None).await?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .filter(|_| out.status.success())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{} is not a PDF that can be read: it may be damaged",
                    name_of(pdf)
                ),
            )
        })
}

/// Draws page `page` (from 1) of `pdf` as a PNG whose longer side is
/// `side` pixels (150 dpi when `None`), in `scratch`.
pub async fn page_to_png(
    pdf: &Path,
    page: u32,
    side: Option<u32>,
    scratch: &Path,
) -> Result<Vec<u8>> {
    let pages = page_count(pdf).await?;
    if page == 0 || page > pages {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} has {pages} {}: choose a page from 1 to {pages}",
                name_of(pdf),
                if pages == 1 { "page" } else { "pages" }
            ),
        ));
    }
    let pdftoppm = tools::find(&["pdftoppm"], "CLOUDPICK_PDFTOPPM", INSTALL)?;
    let work = tempfile::Builder::new()
        .prefix("page-")
        .tempdir_in(scratch)
        .map_err(|e| Error::from_io(e, "create", "a scratch folder"))?;
    let stem = work.path().join("page");
    let mut args = vec![
        "-f".to_owned(),
        page.to_string(),
        "-l".to_owned(),
        page.to_string(),
        "-png".to_owned(),
        "-singlefile".to_owned(),
    ];
    match side {
        Some(side) => args.extend(["-scale-to".to_owned(), side.clamp(16, 10_000).to_string()]),
        None => args.extend(["-r".to_owned(), DPI.to_string()]),
    }
    args.push(pdf.display().to_string());
    args.push(stem.display().to_string());
    let what = format!("Drawing page {page} of {}", name_of(pdf));
    let ran = tools::run(&pdftoppm, &args, tools::TIMEOUT, &what).await?;
    let png = stem.with_extension("png");
    match std::fs::read(&png) {
        Ok(bytes) if ran.success && !bytes.is_empty() => Ok(bytes),
        _ => Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{what} failed: the PDF may be damaged ({})",
                ran.stderr.trim()
            ),
        )),
    }
}
