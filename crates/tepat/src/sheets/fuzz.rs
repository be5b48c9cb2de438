//! Property tests: any bytes given as CSV or XLSX, and any bytes inside a valid zip in
//! place of a workbook's parts, are read to the end or refused with a `SheetError`; the
//! reader never panics or aborts. Case counts keep the whole suite to a few seconds;
//! `PROPTEST_RNG_SEED` and `PROPTEST_CASES` change them as usual.

use std::sync::OnceLock;

use proptest::prelude::*;

use super::csv_rows;
use super::limits::{LIMITS, Limits};
use super::testing::{SHARED, SHEET, parts, read_xlsx_bytes, with_part, workbook, zip_of};

/// Small enough that random input reaches every limit now and then.
const SMALL: Limits = Limits {
    columns: 8,
    cell_chars: 16,
    rows: 64,
    record_bytes: 64,
    zip_entries: 16,
    inflated_bytes: 64 * 1024,
    shared_strings_bytes: 8 * 1024,
    xml_stretch_bytes: 256,
};

/// A valid workbook with strings, numbers and a few rows, unpacked once.
fn base() -> &'static Vec<(String, Vec<u8>)> {
    static BASE: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    BASE.get_or_init(|| {
        parts(&workbook(&[
            (0, 0, "kk"),
            (0, 1, "nik"),
            (1, 0, "3175071503150001"),
            (1, 1, "3175072105870001"),
            (2, 0, "Budi"),
            (3, 2, "Jl. Teratai"),
        ]))
    })
}

/// Reads CSV bytes to the end within `limits`; any error is a `SheetError` by type.
fn read_csv(bytes: &[u8], limits: Limits) {
    if let Ok((mut rows, _)) = csv_rows::from_bytes_within(bytes, limits) {
        while let Ok(Some(_)) = rows.next_row() {}
    }
}

/// Any text is the XML either side of a mutation: replace, insert or cut bytes.
fn mutated(original: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for (at, kind, byte) in edits {
        if bytes.is_empty() {
            bytes.push(*byte);
            continue;
        }
        let at = at % bytes.len();
        match kind % 3 {
            0 => bytes[at] = *byte,
            1 => bytes.insert(at, *byte),
            _ => bytes.truncate(at),
        }
    }
    bytes
}

fn part(name: &str) -> Vec<u8> {
    base()
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, bytes)| bytes.clone())
        .unwrap_or_default()
}

/// XML-ish bytes: the characters that matter to a sheet, and digits and letters.
fn xmlish() -> impl Strategy<Value = Vec<u8>> {
    let alphabet: Vec<u8> = b"<>/=\" rcvtsifA1Z9&;#x\n".to_vec();
    prop::collection::vec(prop::sample::select(alphabet), 0..400)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_bytes_as_csv_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_csv(&bytes, LIMITS);
        read_csv(&bytes, SMALL);
    }

    #[test]
    fn csv_shaped_text_is_read_or_refused(text in "[a-z0-9,;\"\n\r é]{0,400}") {
        read_csv(text.as_bytes(), LIMITS);
        read_csv(text.as_bytes(), SMALL);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_as_xlsx_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut with_signature = b"PK\x03\x04".to_vec();
        with_signature.extend(&bytes);
        for candidate in [bytes, with_signature] {
            prop_assert!(read_xlsx_bytes(&candidate, LIMITS).is_err());
        }
    }

    #[test]
    fn a_mutated_archive_is_read_or_refused(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6),
    ) {
        let archive = mutated(&zip_of(base()), &edits);
        let _ = read_xlsx_bytes(&archive, LIMITS);
    }

    #[test]
    fn a_mutated_sheet_or_shared_strings_inside_a_valid_zip_is_read_or_refused(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8),
        shared in any::<bool>(),
    ) {
        let name = if shared { SHARED } else { SHEET };
        let book = with_part(name, &mutated(&part(name), &edits));
        let _ = read_xlsx_bytes(&book, LIMITS);
        let _ = read_xlsx_bytes(&book, SMALL);
    }

    #[test]
    fn any_xml_as_the_sheet_is_read_or_refused(xml in xmlish(), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut sheet = b"<worksheet><sheetData><row r=\"1\">".to_vec();
        sheet.extend(&xml);
        for content in [sheet, bytes] {
            let book = with_part(SHEET, &content);
            let _ = read_xlsx_bytes(&book, LIMITS);
            let _ = read_xlsx_bytes(&book, SMALL);
        }
    }
}
