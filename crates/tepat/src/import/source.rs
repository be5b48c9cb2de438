//! Reading rows from a CSV or XLSX file. CSV is streamed record by record after one pass
//! that proves the whole file is UTF-8; XLSX is refused when a cell holds a formula or
//! cells are merged, because either hides what the cell really says.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

/// Bytes read at a time by the encoding check.
const SCAN_CHUNK_BYTES: usize = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "the file is not UTF-8 text (line {line}, byte 0x{byte:02X}); in Excel save it as \
         \"CSV UTF-8\", or upload the .xlsx file"
    )]
    Encoding { line: u64, byte: u8 },
    #[error("row {row}: {message}")]
    Csv { row: u64, message: String },
    #[error("the spreadsheet cannot be opened: {0}")]
    Xlsx(String),
    #[error(
        "cell {cell} holds a formula ({formula}); copy the sheet and paste values only, \
         so the import reads what you see"
    )]
    Formula { cell: String, formula: String },
    #[error("cells {range} are merged; unmerge them and fill every row, so each row is whole")]
    Merged { range: String },
    #[error("the file has no header row")]
    Empty,
}

/// One data row with its number as a spreadsheet shows it (header = 1).
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub number: u64,
    pub cells: Vec<String>,
    /// Positions of cells that were numbers in a spreadsheet (a NIK typed as a number has
    /// already lost its last digit to Excel's 15-digit precision).
    pub numeric: Vec<usize>,
}

pub enum Source {
    Csv {
        reader: csv::Reader<BufReader<File>>,
        record: csv::StringRecord,
        index: u64,
    },
    Xlsx {
        rows: std::vec::IntoIter<RawRow>,
    },
}

/// True for files named `.xlsx` (or starting with the ZIP signature).
pub fn is_xlsx(path: &Path, first_bytes: &[u8]) -> bool {
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    by_name || first_bytes.starts_with(b"PK\x03\x04")
}

/// Proves the whole file is UTF-8 before anything is stored, naming the first bad line.
pub fn check_utf8(path: &Path) -> Result<(), SourceError> {
    let mut file = File::open(path)?;
    let mut buffer = vec![0u8; SCAN_CHUNK_BYTES];
    let mut carry = 0usize;
    let mut line = 1u64;
    loop {
        let read = file.read(&mut buffer[carry..])?;
        let filled = carry + read;
        if filled == 0 {
            return Ok(());
        }
        let valid = match std::str::from_utf8(&buffer[..filled]) {
            Ok(_) => filled,
            Err(err) if err.error_len().is_none() && read > 0 => err.valid_up_to(),
            Err(err) => {
                let at = err.valid_up_to();
                line += buffer[..at].iter().filter(|b| **b == b'\n').count() as u64;
                return Err(SourceError::Encoding {
                    line,
                    byte: buffer[at],
                });
            }
        };
        line += buffer[..valid].iter().filter(|b| **b == b'\n').count() as u64;
        buffer.copy_within(valid..filled, 0);
        carry = filled - valid;
        if read == 0 {
            return Ok(());
        }
    }
}

/// Opens a CSV file, choosing `;` as the delimiter when the header uses it (Excel does in
/// Indonesian locales).
pub fn open_csv(path: &Path) -> Result<(Source, Vec<String>), SourceError> {
    check_utf8(path)?;
    let mut first_line = String::new();
    std::io::BufRead::read_line(&mut BufReader::new(File::open(path)?), &mut first_line)?;
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(BufReader::new(File::open(path)?));
    let mut header = csv::StringRecord::new();
    let found = reader
        .read_record(&mut header)
        .map_err(|e| SourceError::Csv {
            row: 1,
            message: e.to_string(),
        })?;
    if !found {
        return Err(SourceError::Empty);
    }
    let header = header.iter().map(str::to_owned).collect();
    let source = Source::Csv {
        reader,
        record: csv::StringRecord::new(),
        index: 1,
    };
    Ok((source, header))
}

impl Source {
    /// The next data row, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, SourceError> {
        match self {
            Self::Csv {
                reader,
                record,
                index,
            } => {
                *index += 1;
                let row = *index;
                let found = reader.read_record(record).map_err(|e| SourceError::Csv {
                    row,
                    message: e.to_string(),
                })?;
                Ok(found.then(|| RawRow {
                    number: row,
                    cells: record.iter().map(str::to_owned).collect(),
                    numeric: Vec::new(),
                }))
            }
            Self::Xlsx { rows } => Ok(rows.next()),
        }
    }

    /// Bytes consumed so far (CSV), for the progress bar.
    pub fn position(&self) -> u64 {
        match self {
            Self::Csv { reader, .. } => reader.position().byte(),
            Self::Xlsx { .. } => 0,
        }
    }
}

/// `A1`-style name of a cell (row and column from 0).
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Opens the first sheet of an XLSX workbook, refusing formulas and merged cells. The
/// sheet is read whole: XLSX holds at most 1,048,576 rows, which bounds it.
pub fn open_xlsx(path: &Path) -> Result<(Source, Vec<String>), SourceError> {
    let bad = |e: calamine::XlsxError| SourceError::Xlsx(e.to_string());
    let mut workbook: Xlsx<BufReader<File>> = calamine::open_workbook(path).map_err(bad)?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SourceError::Empty)?;
    let formulas = workbook.worksheet_formula(&name).map_err(bad)?;
    if let Some((r, c, formula)) = formulas.used_cells().find(|(_, _, f)| !f.is_empty()) {
        let (top, left) = formulas.start().unwrap_or((0, 0));
        return Err(SourceError::Formula {
            cell: cell_name(top + r as u32, left + c as u32),
            formula: format!("={}", formula.chars().take(40).collect::<String>()),
        });
    }
    if let Some(merged) = workbook
        .merge_cells_by_sheet_name(&name)
        .map_err(bad)?
        .first()
    {
        return Err(SourceError::Merged {
            range: format!(
                "{}:{}",
                cell_name(merged.start.0, merged.start.1),
                cell_name(merged.end.0, merged.end.1)
            ),
        });
    }
    let range = workbook.worksheet_range(&name).map_err(bad)?;
    let top = range.start().map(|(r, _)| u64::from(r)).unwrap_or(0);
    let mut rows = range.rows().enumerate().map(|(i, cells)| {
        let mut row = RawRow {
            number: top + i as u64 + 1,
            ..RawRow::default()
        };
        for (position, cell) in cells.iter().enumerate() {
            if matches!(cell, Data::Int(_) | Data::Float(_)) {
                row.numeric.push(position);
            }
            row.cells.push(cell_text(cell));
        }
        row
    });
    let header = rows.next().ok_or(SourceError::Empty)?.cells;
    let rows: Vec<RawRow> = rows.collect();
    Ok((
        Source::Xlsx {
            rows: rows.into_iter(),
        },
        header,
    ))
}

/// A cell as text: whole numbers without `.0`, dates as `YYYY-MM-DD`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "ya" } else { "tidak" }.to_owned(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTimeIso(text) => text.chars().take(10).collect(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells_like_a_spreadsheet() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 2), "C5");
        assert_eq!(cell_name(9, 27), "AB10");
    }

    #[test]
    fn finds_the_line_of_the_first_bad_byte() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("latin1.csv");
        std::fs::write(&path, b"kk,name\n1,Budi\n2,Jos\xe9\n").expect("write");
        match check_utf8(&path) {
            Err(SourceError::Encoding { line, byte }) => assert_eq!((line, byte), (3, 0xE9)),
            other => panic!("expected an encoding error, got {other:?}"),
        }
        std::fs::write(&path, "kk,name\n1,Jos\u{e9}\n").expect("write");
        assert!(check_utf8(&path).is_ok());
    }
}
