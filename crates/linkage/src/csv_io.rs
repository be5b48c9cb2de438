//! Reading persons from CSV and writing clusters and pairs back out.

use std::io::{Read, Write};

use csv::ByteRecord;
use rayon::prelude::*;

use crate::error::{DelimiterName, LinkageError, RowIssue};
use crate::record::{Parsed, PersonFields, Store, parse_person};

/// The input columns, in the order [`PersonFields`] lists them.
pub const COLUMNS: [&str; 11] = [
    "id",
    "nik",
    "kk",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "address",
    "rt",
    "rw",
    "village_code",
];

/// Rows parsed in parallel at a time: large enough to keep both cores busy, small enough
/// that the raw rows in flight stay a few tens of megabytes.
const CHUNK_ROWS: usize = 65_536;
/// Row issues kept word for word; beyond this only the count grows.
pub const ISSUES_KEPT: usize = 1_000;
/// Most records one run accepts: record indices are 32-bit.
pub const RECORDS_MAX: u64 = 1 << 31;

/// Where each column sits in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    positions: [usize; COLUMNS.len()],
    width: usize,
}

/// What reading found besides the records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadStats {
    pub rows: u64,
    pub rows_skipped: u64,
    pub issue_count: u64,
    /// The first [`ISSUES_KEPT`] issues.
    pub issues: Vec<RowIssue>,
    /// Rows whose birth date was written day-first (DD/MM/YYYY) and read that way.
    pub day_first_dates: u64,
}

impl ReadStats {
    fn note(&mut self, line: u64, message: String) {
        self.issue_count += 1;
        if self.issues.len() < ISSUES_KEPT {
            self.issues.push(RowIssue { line, message });
        }
    }
}

/// Maps header names (any case, any order, extra columns ignored) to positions.
pub fn read_header(header: &ByteRecord) -> Result<Header, LinkageError> {
    let mut names = Vec::with_capacity(header.len());
    for (index, raw) in header.iter().enumerate() {
        let raw = if index == 0 {
            raw.strip_prefix(b"\xef\xbb\xbf").unwrap_or(raw)
        } else {
            raw
        };
        let name = std::str::from_utf8(raw).map_err(|_| LinkageError::HeaderNotUtf8)?;
        names.push(name.trim().to_ascii_lowercase());
    }
    let mut positions = [usize::MAX; COLUMNS.len()];
    for (slot, column) in positions.iter_mut().zip(COLUMNS) {
        let mut found = names.iter().enumerate().filter(|(_, name)| *name == column);
        if let Some((index, _)) = found.next() {
            *slot = index;
        }
        if found.next().is_some() {
            return Err(LinkageError::DuplicateColumn {
                name: column.to_owned(),
            });
        }
    }
    let missing: Vec<String> = COLUMNS
        .iter()
        .zip(positions)
        .filter(|&(_, position)| position == usize::MAX)
        .map(|(column, _)| (*column).to_owned())
        .collect();
    if missing.is_empty() {
        return Ok(Header {
            positions,
            width: names.len(),
        });
    }
    let joined = names.join(",");
    let delimiters = [
        (';', DelimiterName::Semicolon),
        ('\t', DelimiterName::Tab),
        ('|', DelimiterName::Pipe),
    ];
    for (delimiter, name) in delimiters {
        if joined.matches(delimiter).count() >= 2 && joined.contains("id") {
            return Err(LinkageError::WrongDelimiter { found: name });
        }
    }
    Err(LinkageError::MissingColumns { names: missing })
}

/// Reads all persons. Bad rows are counted, reported with their line and skipped.
pub fn read_persons<R: Read>(
    input: R,
    on_rows: &(dyn Fn(u64) + Sync),
) -> Result<(Store, ReadStats), LinkageError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut header_row = ByteRecord::new();
    let has_header = reader
        .read_byte_record(&mut header_row)
        .map_err(csv_error)?;
    if !has_header {
        return Err(LinkageError::EmptyInput);
    }
    let header = read_header(&header_row)?;
    let mut store = Store::default();
    let mut stats = ReadStats::default();
    let mut chunk: Vec<(u64, ByteRecord)> = Vec::with_capacity(CHUNK_ROWS);
    let mut row = ByteRecord::new();
    loop {
        let more = reader.read_byte_record(&mut row).map_err(csv_error)?;
        if more {
            let line = row.position().map_or(0, |p| p.line());
            chunk.push((line, std::mem::take(&mut row)));
        }
        if chunk.len() == CHUNK_ROWS || !more && !chunk.is_empty() {
            parse_chunk(&header, &chunk, &mut store, &mut stats)?;
            chunk.clear();
            on_rows(stats.rows);
        }
        if !more {
            break;
        }
    }
    store.count_names();
    Ok((store, stats))
}

fn csv_error(error: csv::Error) -> LinkageError {
    let line = error.position().map_or(0, |p| p.line());
    LinkageError::Csv {
        line,
        message: error.to_string(),
    }
}

fn parse_chunk(
    header: &Header,
    chunk: &[(u64, ByteRecord)],
    store: &mut Store,
    stats: &mut ReadStats,
) -> Result<(), LinkageError> {
    let parsed: Vec<(u64, Result<Parsed, String>)> = chunk
        .par_iter()
        .map(|(line, row)| (*line, parse_row(header, row)))
        .collect();
    for (line, result) in parsed {
        stats.rows += 1;
        match result {
            Ok(person) => {
                if store.len() as u64 >= RECORDS_MAX {
                    return Err(LinkageError::TooManyRecords {
                        count: stats.rows,
                        limit: RECORDS_MAX,
                    });
                }
                for message in &person.issues {
                    stats.note(line, message.clone());
                }
                stats.day_first_dates += u64::from(person.day_first);
                store.push(&person);
            }
            Err(message) => {
                stats.rows_skipped += 1;
                stats.note(line, format!("{message}; row skipped"));
            }
        }
    }
    Ok(())
}

fn parse_row(header: &Header, row: &ByteRecord) -> Result<Parsed, String> {
    if row.len() != header.width {
        return Err(format!(
            "expected {} fields, found {}",
            header.width,
            row.len()
        ));
    }
    let mut values = [""; COLUMNS.len()];
    for (slot, (&position, column)) in values.iter_mut().zip(header.positions.iter().zip(COLUMNS)) {
        let raw = row.get(position).unwrap_or(b"");
        *slot = std::str::from_utf8(raw).map_err(|_| format!("{column} is not valid UTF-8"))?;
    }
    let [
        id,
        nik,
        kk,
        name,
        sex,
        birth_place,
        birth_date,
        address,
        rt,
        rw,
        village_code,
    ] = values;
    if id.trim().is_empty() {
        return Err("id is empty".to_owned());
    }
    let fields = PersonFields {
        id,
        nik,
        kk,
        name,
        sex,
        birth_place,
        birth_date,
        address,
        rt,
        rw,
        village_code,
    };
    Ok(parse_person(&fields))
}

/// Writes `id,cluster_id` for every record, in input order.
pub fn write_clusters<W: Write>(
    output: W,
    store: &Store,
    representative: &[u32],
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(output);
    writer.write_record(["id", "cluster_id"])?;
    for (index, &root) in representative.iter().enumerate() {
        writer.write_record([store.id(index), store.id(root as usize)])?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,nik,kk,name,sex,birth_place,birth_date,address,rt,rw,village_code\n";

    fn read(text: &[u8]) -> Result<(Store, ReadStats), LinkageError> {
        read_persons(text, &|_| {})
    }

    #[test]
    fn reads_rows_in_any_column_order() {
        let text = "VILLAGE_CODE,rw,rt,address,birth_date,birth_place,sex,name,kk,nik,id,extra\n\
                    3201012001,2,1,Jl Mawar,1985-03-12,Bandung,L,Budi,,,p1,x\n";
        let (store, stats) = read(text.as_bytes()).unwrap();
        assert_eq!(store.len(), 1);
        assert_eq!(stats.rows, 1);
        assert_eq!(store.text(store.records[0].name), "budi");
        assert_eq!(store.records[0].village, 3_201_012_001);
    }

    #[test]
    fn header_only_and_empty_input() {
        let (store, stats) = read(HEADER.as_bytes()).unwrap();
        assert!(store.is_empty());
        assert_eq!(stats.rows, 0);
        assert!(matches!(read(b""), Err(LinkageError::EmptyInput)));
    }

    #[test]
    fn names_missing_columns() {
        let error = read(b"id,name,nik\n1,Budi,\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "missing columns: kk, sex, birth_place, birth_date, address, rt, rw, village_code"
        );
    }

    #[test]
    fn says_when_the_delimiter_is_wrong() {
        let text = HEADER.replace(',', ";");
        let error = read(text.as_bytes()).unwrap_err();
        assert!(matches!(
            error,
            LinkageError::WrongDelimiter {
                found: DelimiterName::Semicolon
            }
        ));
        assert!(error.to_string().contains("semicolon"));
    }

    #[test]
    fn bad_rows_are_skipped_with_their_line() {
        let mut text = HEADER.as_bytes().to_vec();
        text.extend_from_slice(b"p1,,,Budi,L,,1985-03-12,,,,\n");
        text.extend_from_slice(b"p2,,,Bu\xffdi,L,,,,,,\n");
        text.extend_from_slice(b"p3,,,Sri\n");
        text.extend_from_slice(b",,,Nobody,,,,,,,\n");
        text.extend_from_slice(b"p5,,,Ani,X,,12 Maret 1985,,,,\n");
        let (store, stats) = read(&text).unwrap();
        assert_eq!(store.len(), 2);
        assert_eq!(stats.rows, 5);
        assert_eq!(stats.rows_skipped, 3);
        let lines: Vec<u64> = stats.issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 6]);
        assert_eq!(
            stats.issues[0].message,
            "name is not valid UTF-8; row skipped"
        );
        assert_eq!(
            stats.issues[1].message,
            "expected 11 fields, found 4; row skipped"
        );
    }

    #[test]
    fn duplicate_header_column_is_an_error() {
        let text = HEADER.trim_end().to_owned() + ",name\n";
        assert!(matches!(
            read(text.as_bytes()),
            Err(LinkageError::DuplicateColumn { .. })
        ));
    }

    #[test]
    fn writes_clusters_in_input_order() {
        let text = HEADER.to_owned() + "a,,,X,,,,,,,\nb,,,Y,,,,,,,\n";
        let (store, _) = read(text.as_bytes()).unwrap();
        let mut out = Vec::new();
        write_clusters(&mut out, &store, &[0, 0]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "id,cluster_id\na,a\nb,a\n");
    }
}
