//! CSV rows from a file or from bytes in memory: proven UTF-8 before any row is read (the
//! line of the first bad byte is named), `;` or `,` as the header shows (Excel writes `;`
//! in Indonesian locales), rows streamed record by record within `Limits`. The whole input
//! is read once through the limits before any row is handed over, so a file past one is
//! refused before anything is stored. The CSV parser holds a record whole, so the bytes it
//! is given are counted while it reads: a line with no end stops at the record limit.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::error::{Exceeded, SheetError};
use super::limits::{LIMITS, Limits};
use super::source::Row;
use super::xlsx::cell_name;

/// Bytes read at a time by the encoding check.
const SCAN_CHUNK_BYTES: usize = 1 << 20;

/// Bytes the CSV parser reads ahead of the record it is parsing (its buffer).
const PARSER_BUFFER_BYTES: usize = 8 * 1024;

/// The rows of one CSV input after its header.
pub struct CsvRows<'a> {
    reader: csv::Reader<Bounded<Box<dyn Read + Send + 'a>>>,
    record: csv::StringRecord,
    index: u64,
    limits: Limits,
}

/// Input that fails once the record being parsed is past the limit: the parser cannot
/// grow a record beyond the limit plus its buffer.
struct Bounded<R> {
    inner: R,
    read: u64,
    /// Where the record being parsed starts.
    record_start: u64,
    max: u64,
    exceeded: bool,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read - self.record_start > self.max + PARSER_BUFFER_BYTES as u64 {
            self.exceeded = true;
            return Err(std::io::Error::other("a record past the limit"));
        }
        Ok(n)
    }
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

/// Opens a CSV file after proving it UTF-8 and within the limits; returns its rows and
/// header.
pub fn from_file(path: &Path) -> Result<(CsvRows<'static>, Vec<String>), SheetError> {
    check_utf8(path)?;
    let mut first_line = Vec::new();
    let mut head = BufReader::new(File::open(path)?).take(LIMITS.record_bytes + 1);
    std::io::BufRead::read_until(&mut head, b'\n', &mut first_line)?;
    let first_line = String::from_utf8_lossy(&first_line).into_owned();
    let open_file = || -> Result<Box<dyn Read + Send>, SheetError> {
        Ok(Box::new(BufReader::new(File::open(path)?)))
    };
    check_all(open(open_file()?, &first_line, LIMITS)?)?;
    open(open_file()?, &first_line, LIMITS)
}

/// Reads every row once, refusing the input at the first row past a limit.
fn check_all((mut rows, _): (CsvRows<'_>, Vec<String>)) -> Result<(), SheetError> {
    while rows.next_row()?.is_some() {}
    Ok(())
}

/// Reads CSV held in memory (a request body).
pub fn from_bytes(bytes: &[u8]) -> Result<(CsvRows<'_>, Vec<String>), SheetError> {
    from_bytes_within(bytes, LIMITS)
}

/// Reads CSV held in memory within `limits`.
pub fn from_bytes_within(
    bytes: &[u8],
    limits: Limits,
) -> Result<(CsvRows<'_>, Vec<String>), SheetError> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let at = err.valid_up_to();
        SheetError::Encoding {
            line: 1 + count_lines(&bytes[..at]),
            byte: bytes.get(at).copied().unwrap_or_default(),
        }
    })?;
    let first_line = text.lines().next().unwrap_or_default();
    check_all(open(Box::new(bytes), first_line, limits)?)?;
    open(Box::new(bytes), first_line, limits)
}

fn open<'a>(
    input: Box<dyn Read + Send + 'a>,
    first_line: &str,
    limits: Limits,
) -> Result<(CsvRows<'a>, Vec<String>), SheetError> {
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let input = Bounded {
        inner: input,
        read: 0,
        record_start: 0,
        max: limits.record_bytes,
        exceeded: false,
    };
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .buffer_capacity(PARSER_BUFFER_BYTES)
        .from_reader(input);
    let mut rows = CsvRows {
        reader,
        record: csv::StringRecord::new(),
        index: 0,
        limits,
    };
    let header = rows.next_row()?.ok_or(SheetError::Empty)?.cells;
    Ok((rows, header))
}

impl CsvRows<'_> {
    /// The next row, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row>, SheetError> {
        self.index += 1;
        let row = self.index;
        let start = self.reader.position().byte();
        self.reader.get_mut().record_start = start;
        let found = match self.reader.read_record(&mut self.record) {
            Ok(found) => found,
            Err(_) if self.reader.get_ref().exceeded => return Err(self.too_long(row)),
            Err(e) => {
                return Err(SheetError::Csv {
                    row,
                    message: e.to_string(),
                });
            }
        };
        if !found {
            return Ok(None);
        }
        if self.reader.position().byte() - start > self.limits.record_bytes {
            return Err(self.too_long(row));
        }
        self.check_cells(row)?;
        Ok(Some(Row {
            number: row,
            cells: self.record.iter().map(str::to_owned).collect(),
            numeric: Vec::new(),
        }))
    }

    fn too_long(&self, row: u64) -> SheetError {
        SheetError::Limit(Exceeded::Record {
            row,
            max: self.limits.record_bytes,
        })
    }

    /// Refuses a row with more cells than the column limit or a cell past the length limit.
    fn check_cells(&self, row: u64) -> Result<(), SheetError> {
        let name = |column: usize| {
            let row = u32::try_from(row - 1).unwrap_or(u32::MAX);
            cell_name(row, u32::try_from(column).unwrap_or(u32::MAX))
        };
        let columns = self.limits.columns as usize;
        if self.record.len() > columns {
            return Err(SheetError::Limit(Exceeded::Columns {
                cell: name(columns),
                max: self.limits.columns,
            }));
        }
        let long = self
            .record
            .iter()
            .position(|cell| cell.chars().count() > self.limits.cell_chars);
        match long {
            Some(column) => Err(SheetError::Limit(Exceeded::CellChars {
                cell: name(column),
                max: self.limits.cell_chars,
            })),
            None => Ok(()),
        }
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

    fn refused(bytes: &[u8], limits: Limits) -> SheetError {
        match from_bytes_within(bytes, limits) {
            Err(err) => err,
            Ok(_) => panic!("read"),
        }
    }

    #[test]
    fn a_line_with_no_end_stops_at_the_record_limit() {
        let line = vec![b'a'; 3 * 1024 * 1024];
        let err = refused(&line, LIMITS);
        assert!(
            matches!(err, SheetError::Limit(Exceeded::Record { row: 1, .. })),
            "{err:?}"
        );
        let mut quoted = b"kk,nik\n1,\"".to_vec();
        quoted.extend(b"ab\n".repeat(400_000));
        quoted.extend(b"\"\n");
        let err = refused(&quoted, LIMITS);
        assert!(
            matches!(err, SheetError::Limit(Exceeded::Record { row: 2, .. })),
            "a quoted cell with line breaks is one record: {err:?}"
        );
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("satu-baris.csv");
        std::fs::write(&path, &line).expect("write");
        assert!(matches!(
            from_file(&path),
            Err(SheetError::Limit(Exceeded::Record { .. }))
        ));
    }

    #[test]
    fn columns_and_cells_past_the_limits_are_refused_by_cell() {
        let wide = format!("kk,nik\n{}\n", vec!["x"; 201].join(","));
        let err = refused(wide.as_bytes(), LIMITS);
        assert!(
            matches!(&err, SheetError::Limit(Exceeded::Columns { cell, max: 200 }) if cell == "GS2"),
            "{err:?}"
        );
        let long = format!("kk,nik\n1,{}\n", "é".repeat(5_001));
        let err = refused(long.as_bytes(), LIMITS);
        assert!(
            matches!(&err, SheetError::Limit(Exceeded::CellChars { cell, .. }) if cell == "B2"),
            "{err:?}"
        );
        let at_limits = format!("{}\n1,{}\n", vec!["x"; 200].join(","), "é".repeat(5_000));
        let (mut rows, header) = from_bytes(at_limits.as_bytes()).expect("at the limits");
        assert_eq!(header.len(), 200);
        assert!(rows.next_row().expect("row").is_some());
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
