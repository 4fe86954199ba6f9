//! Office documents and PDFs: a document to PDF through LibreOffice
//! (`soffice --headless --convert-to pdf`, `office.rs`), and a PDF page to a
//! picture through poppler's `pdftoppm` (`pdf.rs`). Both are programs of the
//! system, optional: without them, images still convert and the error says
//! what to install.

mod fetch;
mod office;
mod pdf;
pub mod recent;
pub(crate) mod tools;

pub use fetch::{to_temp, MAX_PREVIEW_BYTES};
pub use office::to_pdf;
pub use pdf::{page_count, page_size, page_to_png, DPI};
pub use tools::TIMEOUT;

/// What LibreOffice opens: word processing, spreadsheets, presentations.
pub const OFFICE: [&str; 10] = [
    "docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt", "rtf",
];

/// Whether `name` is an office document LibreOffice converts.
pub fn is_office(name: &str) -> bool {
    OFFICE.contains(&crate::names::extension(name).as_str())
}

pub fn is_pdf(name: &str) -> bool {
    crate::names::extension(name) == "pdf"
}

/// `report.docx` → `report.pdf`.
pub fn pdf_name(name: &str) -> String {
    let (stem, _) = crate::names::split_extension(name);
    format!("{stem}.pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_documents_by_their_extension() {
        assert!(is_office("Report.DOCX") && is_office("sheet.ods") && is_office("old.rtf"));
        assert!(!is_office("photo.jpg") && !is_office("report.pdf"));
        assert!(is_pdf("a.PDF"));
        assert_eq!(pdf_name("Q3 report.docx"), "Q3 report.pdf");
    }
}
