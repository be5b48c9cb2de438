//! CSV rows from a file or from bytes in memory: proven UTF-8 before any row is read (the
//! line of the first bad byte is named), `;` or `,` as the header shows (Excel writes `;`
//! in Indonesian locales), rows streamed record by record.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::error::SheetError;
use super::source::Row;

/// Bytes read at a time by the encoding check.
const SCAN_CHUNK_BYTES: usize = 1 << 20;

/// The rows of one CSV input after its header.
pub struct CsvRows<'a> {
    reader: csv::Reader<Box<dyn Read + Send + 'a>>,
    record: csv::StringRecord,
    index: u64,
}

/// Proves the whole file is UTF-8 before anything is stored, naming the first bad line.
/// The file is read in chunks, so memory stays bounded whatever its size.
pub fn check_utf8(path: &Path) -> Result<(), SheetError> {
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
                line += count_lines(&buffer[..at]);
                return Err(SheetError::Encoding {
                    line,
                    byte: buffer[at],
                });
            }
        };
        line += count_lines(&buffer[..valid]);
        buffer.copy_within(valid..filled, 0);
        carry = filled - valid;
        if read == 0 {
            return Ok(());
        }
    }
}

fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

/// Opens a CSV file after proving it UTF-8; returns its rows and header.
pub fn from_file(path: &Path) -> Result<(CsvRows<'static>, Vec<String>), SheetError> {
    check_utf8(path)?;
    let mut first_line = String::new();
    std::io::BufRead::read_line(&mut BufReader::new(File::open(path)?), &mut first_line)?;
    open(Box::new(File::open(path)?), &first_line)
}

/// Reads CSV held in memory (a request body).
pub fn from_bytes(bytes: &[u8]) -> Result<(CsvRows<'_>, Vec<String>), SheetError> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let at = err.valid_up_to();
        SheetError::Encoding {
            line: 1 + count_lines(&bytes[..at]),
            byte: bytes.get(at).copied().unwrap_or_default(),
        }
    })?;
    let first_line = text.lines().next().unwrap_or_default();
    open(Box::new(bytes), first_line)
}

fn open<'a>(
    input: Box<dyn Read + Send + 'a>,
    first_line: &str,
) -> Result<(CsvRows<'a>, Vec<String>), SheetError> {
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
        .map_err(|e| SheetError::Csv {
            row: 1,
            message: e.to_string(),
        })?;
    if !found {
        return Err(SheetError::Empty);
    }
    let header = header.iter().map(str::to_owned).collect();
    let rows = CsvRows {
        reader,
        record: csv::StringRecord::new(),
        index: 1,
    };
    Ok((rows, header))
}

impl CsvRows<'_> {
    /// The next row, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row>, SheetError> {
        self.index += 1;
        let row = self.index;
        let found = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| SheetError::Csv {
                row,
                message: e.to_string(),
            })?;
        Ok(found.then(|| Row {
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
    fn finds_the_line_of_the_first_bad_byte() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("latin1.csv");
        std::fs::write(&path, b"kk,name\n1,Budi\n2,Jos\xe9\n").expect("write");
        match check_utf8(&path) {
            Err(SheetError::Encoding { line, byte }) => assert_eq!((line, byte), (3, 0xE9)),
            other => panic!("expected an encoding error, got {other:?}"),
        }
        std::fs::write(&path, "kk,name\n1,Jos\u{e9}\n").expect("write");
        assert!(check_utf8(&path).is_ok());
    }

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
            Err(SheetError::Encoding { line, byte }) => assert_eq!((line, byte), (2, 0xE9)),
            _ => panic!("expected an encoding error"),
        }
        assert!(matches!(from_bytes(b""), Err(SheetError::Empty)));
    }
}
