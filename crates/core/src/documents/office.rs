//! An office document to PDF with LibreOffice, headless, with a profile of
//! its own for each conversion (so that several can run, and none touches
//! the user's LibreOffice settings), a deadline and no network.

use super::tools;
use crate::error::{Error, ErrorKind, Result};
use std::path::{Path, PathBuf};

/// What to install when LibreOffice is missing.
pub const INSTALL: &str =
    "Converting documents needs LibreOffice, which is not installed: on Debian \
     or Ubuntu, sudo apt install libreoffice-writer-nogui libreoffice-calc-nogui \
     libreoffice-impress-nogui. Images convert without it";

/// Whether the file's first bytes are those of its kind: a ZIP for the
/// Office Open XML and OpenDocument files, an OLE2 compound file for the
/// old Office ones, `{\rtf` for RTF. LibreOffice would read anything else
/// as plain text, and make a PDF of its bytes.
fn looks_like(name: &str, head: &[u8]) -> bool {
    let ext = name
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" => head.starts_with(b"PK\x03\x04"),
        "doc" | "xls" | "ppt" => {
            head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        }
        "rtf" => head.starts_with(b"{\\rtf"),
        _ => false,
    }
}

/// Converts `input` to a PDF in `scratch`, and returns its path.
pub async fn to_pdf(input: &Path, scratch: &Path) -> Result<PathBuf> {
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut head = [0u8; 8];
    let read = std::fs::File::open(input)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| Error::from_io(e, "read", &name))?;
    if !looks_like(&name, &head[..read]) {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{name} is not a document of its kind: it may be damaged, or named wrongly"),
        ));
    }
    let soffice = tools::find(&["soffice", "libreoffice"], "CLOUDPICK_SOFFICE", INSTALL)?;
    let work = tempfile::Builder::new()
        .prefix("office-")
        .tempdir_in(scratch)
        .map_err(|e| Error::from_io(e, "create", "a scratch folder"))?;
    let profile = url::Url::from_directory_path(work.path().join("profile"))
        .map_err(|()| Error::new(ErrorKind::Io, "The scratch folder is not a full path"))?;
    let out = work.path().join("out");
    let args = vec![
        "--headless".to_owned(),
        "--norestore".to_owned(),
        "--nolockcheck".to_owned(),
        "--nodefault".to_owned(),
        "--nologo".to_owned(),
        format!("-env:UserInstallation={profile}"),
        "--convert-to".to_owned(),
        "pdf".to_owned(),
        "--outdir".to_owned(),
        out.display().to_string(),
        input.display().to_string(),
    ];
    let ran = tools::run(
        &soffice,
        &args,
        tools::TIMEOUT,
        &format!("Converting {name}"),
    )
    .await?;
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let made = out.join(format!("{stem}.pdf"));
    let size = std::fs::metadata(&made).map(|m| m.len()).unwrap_or(0);
    if !ran.success || size == 0 {
        let said = ran
            .stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.contains("javaldx"))
            .map(|l| format!(" (LibreOffice: {l})"))
            .unwrap_or_default();
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{name} could not be converted to PDF: LibreOffice could not read it, it may be damaged{said}"),
        ));
    }
    // Keep the PDF, drop the rest (the profile) with the work folder.
    let kept = scratch.join(format!(
        "{}-{stem}.pdf",
        work.path()
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    std::fs::rename(&made, &kept)
        .map_err(|e| Error::from_io(e, "move", &kept.display().to_string()))?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::looks_like;

    #[test]
    fn knows_each_kind_by_its_first_bytes() {
        assert!(looks_like("a.docx", b"PK\x03\x04rest"));
        assert!(looks_like("a.ods", b"PK\x03\x04"));
        assert!(looks_like(
            "a.doc",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        ));
        assert!(looks_like("a.rtf", b"{\\rtf1\\ansi"));
        assert!(!looks_like("a.docx", b"\x89PNG"));
        assert!(!looks_like("a.rtf", b"hello"));
    }
}
