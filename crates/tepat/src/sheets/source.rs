//! A `Source` of rows from a CSV or XLSX file or CSV bytes, with each row's number as a
//! spreadsheet shows it (the header is row 1) and how far the reading has come.

use std::path::Path;

use super::csv_rows::{self, CsvRows};
use super::error::SheetError;
use super::xlsx::{self, XlsxRows};

/// One data row with its number as a spreadsheet shows it (header = 1).
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub number: u64,
    pub cells: Vec<String>,
    /// Positions of cells that were numbers in a spreadsheet (a NIK typed as a number has
    /// already lost its last digit to Excel's 15-digit precision).
    pub numeric: Vec<usize>,
}

impl Row {
    /// True when every cell is empty or spaces: such rows are skipped, not counted.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

enum Rows<'a> {
    Csv(Box<CsvRows<'a>>),
    Xlsx(XlsxRows),
}

/// Rows of one file or body, after its header.
pub struct Source<'a> {
    rows: Rows<'a>,
    header: Vec<String>,
    /// What `position` counts up to: bytes for CSV, rows for XLSX.
    total: u64,
}

/// True for files named `.xlsx` (or starting with the ZIP signature).
pub fn is_xlsx(path: &Path, first_bytes: &[u8]) -> bool {
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    by_name || first_bytes.starts_with(b"PK\x03\x04")
}

impl Source<'static> {
    /// Opens a CSV or XLSX file, told apart by its name or its first bytes.
    pub fn open(path: &Path) -> Result<Self, SheetError> {
        let mut first = [0u8; 4];
        let read = std::io::Read::read(&mut std::fs::File::open(path)?, &mut first)?;
        if is_xlsx(path, &first[..read]) {
            let (rows, header) = xlsx::open(path)?;
            Ok(Self {
                total: rows.total(),
                rows: Rows::Xlsx(rows),
                header,
            })
        } else {
            Self::csv_file(path)
        }
    }

    /// Opens a file that must be CSV.
    pub fn csv_file(path: &Path) -> Result<Self, SheetError> {
        let total = std::fs::metadata(path)?.len();
        let (rows, header) = csv_rows::from_file(path)?;
        Ok(Self {
            rows: Rows::Csv(Box::new(rows)),
            header,
            total,
        })
    }
}

impl<'a> Source<'a> {
    /// Reads CSV held in memory (a request body).
    pub fn csv_bytes(bytes: &'a [u8]) -> Result<Self, SheetError> {
        let (rows, header) = csv_rows::from_bytes(bytes)?;
        Ok(Self {
            rows: Rows::Csv(Box::new(rows)),
            header,
            total: bytes.len() as u64,
        })
    }

    /// The header row's cells.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The next data row, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row>, SheetError> {
        match &mut self.rows {
            Rows::Csv(rows) => rows.next_row(),
            Rows::Xlsx(rows) => rows.next_row(),
        }
    }

    /// Bytes consumed so far (CSV); 0 for XLSX, whose progress counts rows.
    pub fn position(&self) -> u64 {
        match &self.rows {
            Rows::Csv(rows) => rows.position(),
            Rows::Xlsx(_) => 0,
        }
    }

    /// What the progress counts to: the size in bytes (CSV) or the data rows (XLSX).
    pub fn total(&self) -> u64 {
        self.total
    }
}
