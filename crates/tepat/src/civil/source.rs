//! Reading a civil-events CSV from a file or from a request body: proven UTF-8 before any
//! row is read (the line of the first bad byte is named), `;` or `,` as the header shows,
//! rows numbered as a spreadsheet shows them (header = row 1).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::import::source::{RawRow, SourceError, check_utf8};

/// Rows of one CSV source.
pub struct CsvRows<R: Read> {
    reader: csv::Reader<R>,
    record: csv::StringRecord,
    index: u64,
}

/// Rows of a file.
pub type FileRows = CsvRows<BufReader<File>>;

/// Opens a file; returns its rows, its header and its size in bytes (for the progress bar).
pub fn from_file(path: &Path) -> Result<(FileRows, Vec<String>, u64), SourceError> {
    check_utf8(path)?;
    let total = std::fs::metadata(path)?.len();
    let mut first_line = String::new();
    std::io::BufRead::read_line(&mut BufReader::new(File::open(path)?), &mut first_line)?;
    let (rows, header) = open(BufReader::new(File::open(path)?), &first_line)?;
    Ok((rows, header, total))
}

/// Reads a request body.
pub fn from_bytes(bytes: &[u8]) -> Result<(CsvRows<&[u8]>, Vec<String>), SourceError> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let at = err.valid_up_to();
        SourceError::Encoding {
            line: 1 + bytes[..at].iter().filter(|b| **b == b'\n').count() as u64,
            byte: bytes.get(at).copied().unwrap_or_default(),
        }
    })?;
    let first_line = text.lines().next().unwrap_or_default();
    open(bytes, first_line)
}

fn open<R: Read>(input: R, first_line: &str) -> Result<(CsvRows<R>, Vec<String>), SourceError> {
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(input);
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
    let rows = CsvRows {
        reader,
        record: csv::StringRecord::new(),
        index: 1,
    };
    Ok((rows, header))
}

impl<R: Read> CsvRows<R> {
    /// The next row, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, SourceError> {
        self.index += 1;
        let row = self.index;
        let found = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| SourceError::Csv {
                row,
                message: e.to_string(),
            })?;
        Ok(found.then(|| RawRow {
            number: row,
            cells: self.record.iter().map(str::to_owned).collect(),
            numeric: Vec::new(),
        }))
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_semicolons_and_numbers_rows_like_a_spreadsheet() {
        let (mut rows, header) =
            from_bytes(b"event;nik;event_date\nkematian;1;2026-01-01\n").expect("opens");
        assert_eq!(header, ["event", "nik", "event_date"]);
        let row = rows.next_row().expect("reads").expect("a row");
        assert_eq!((row.number, row.cells[0].as_str()), (2, "kematian"));
        assert!(rows.next_row().expect("reads").is_none());
    }

    #[test]
    fn names_the_line_of_a_bad_byte_and_refuses_an_empty_body() {
        match from_bytes(b"event,nik\nkematian,Jos\xe9\n") {
            Err(SourceError::Encoding { line, byte }) => assert_eq!((line, byte), (2, 0xE9)),
            _ => panic!("expected an encoding error"),
        }
        assert!(matches!(from_bytes(b""), Err(SourceError::Empty)));
    }
}
