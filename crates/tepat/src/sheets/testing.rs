//! Workbooks for the tests: a valid one written by a spreadsheet library, the same with a
//! part replaced by any bytes, and a sheet written by hand, so hostile files are built in
//! the test that uses them.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::error::SheetError;
use super::limits::Limits;
use super::source::Row;
use super::xlsx;

pub const SHEET: &str = "xl/worksheets/sheet1.xml";
pub const SHARED: &str = "xl/sharedStrings.xml";

/// A workbook whose first sheet holds `cells` (row, column, text), as Excel would save it.
pub fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, column, text) in cells {
        sheet.write_string(*row, *column, *text).expect("cell");
    }
    book.save_to_buffer().expect("workbook")
}

/// The parts of an archive, in order.
pub fn parts(xlsx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).expect("part");
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).expect("read");
            (String::from_utf8_lossy(part.name_raw()).into_owned(), bytes)
        })
        .collect()
}

/// An archive of `parts`, deflated.
pub fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, bytes) in parts {
        out.start_file(name.as_str(), options).expect("start");
        out.write_all(bytes).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// A small valid workbook with `part` replaced by `bytes` (added when missing).
pub fn with_part(part: &str, bytes: &[u8]) -> Vec<u8> {
    let mut all = parts(&workbook(&[
        (0, 0, "kk"),
        (0, 1, "nik"),
        (1, 0, "1"),
        (1, 1, "2"),
    ]));
    match all.iter_mut().find(|(name, _)| name == part) {
        Some((_, content)) => *content = bytes.to_vec(),
        None => all.push((part.to_owned(), bytes.to_vec())),
    }
    zip_of(&all)
}

/// A worksheet part holding `rows` (the XML between `<sheetData>` and `</sheetData>`),
/// with `dimension` declared when given.
pub fn sheet_xml(dimension: Option<&str>, rows: &str) -> Vec<u8> {
    let dimension = dimension
        .map(|d| format!("<dimension ref=\"{d}\"/>"))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         {dimension}<sheetData>{rows}</sheetData></worksheet>"
    )
    .into_bytes()
}

/// An inline-string cell.
pub fn cell(reference: &str, text: &str) -> String {
    format!("<c r=\"{reference}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// Writes `bytes` to a file named `name` in a new folder.
pub fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

/// Reads a workbook to its end within `limits`: the header and every row.
pub fn read_xlsx(path: &Path, limits: Limits) -> Result<(Vec<String>, Vec<Row>), SheetError> {
    let (mut rows, header) = xlsx::open_within(path, limits)?;
    let mut all = Vec::new();
    while let Some(row) = rows.next_row()? {
        all.push(row);
    }
    Ok((header, all))
}

/// The same for a workbook held in memory.
pub fn read_xlsx_bytes(
    bytes: &[u8],
    limits: Limits,
) -> Result<(Vec<String>, Vec<Row>), SheetError> {
    let (_dir, path) = file("book.xlsx", bytes);
    read_xlsx(&path, limits)
}

/// Rewrites the uncompressed size that an archive declares for `part`, in its local
/// header and in the central directory, leaving the data as it is.
pub fn declare_size(mut zip: Vec<u8>, part: &str, size: u32) -> Vec<u8> {
    let name = part.as_bytes();
    let mut at = 0;
    while let Some(found) = memchr::memmem::find(&zip[at..], name) {
        let name_at = at + found;
        at = name_at + 1;
        // Local header: signature, 26 bytes, name; central header: signature, 42 bytes, name.
        for (signature, name_offset, size_offset) in
            [(b"PK\x03\x04", 30usize, 22usize), (b"PK\x01\x02", 46, 24)]
        {
            if name_at >= name_offset && &zip[name_at - name_offset..][..4] == signature {
                let field = name_at - name_offset + size_offset;
                zip[field..field + 4].copy_from_slice(&size.to_le_bytes());
            }
        }
    }
    zip
}
