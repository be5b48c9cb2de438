//! Hostile workbooks, each refused with the bound it goes past, and the rows of a good one.
//! Several of these aborted the whole process before the sheet was read cell by cell.

use super::super::error::{Exceeded, SheetError};
use super::super::limits::{LIMITS, Limits};
use super::super::testing::{
    SHARED, SHEET, cell, declare_size, parts, read_xlsx_bytes, sheet_xml, with_part, workbook,
    zip_of,
};

fn refused(bytes: &[u8], limits: Limits) -> SheetError {
    match read_xlsx_bytes(bytes, limits) {
        Err(err) => err,
        Ok((header, rows)) => panic!("read: {header:?} and {} rows", rows.len()),
    }
}

#[test]
fn names_cells_like_a_spreadsheet() {
    use super::cell_name;
    assert_eq!(cell_name(0, 0), "A1");
    assert_eq!(cell_name(4, 2), "C5");
    assert_eq!(cell_name(9, 27), "AB10");
    assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    assert_eq!(cell_name(u32::MAX, u32::MAX), "MWLQKWV4294967296");
}

#[test]
fn reads_rows_by_their_spreadsheet_numbers_and_marks_numbers() {
    let rows = format!(
        "<row r=\"2\">{}{}</row><row r=\"3\">{}<c r=\"C3\"><v>3175072105870001</v></c></row>\
         <row r=\"6\">{}</row>",
        cell("B2", "nik"),
        cell("C2", "nama"),
        cell("B3", "Budi"),
        cell("D6", "x"),
    );
    let book = with_part(SHEET, &sheet_xml(Some("B2:D6"), &rows));
    let (header, rows) = read_xlsx_bytes(&book, LIMITS).expect("reads");
    assert_eq!(header, ["", "nik", "nama"], "cells keep their columns");
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].number, rows[0].cells[1].as_str()), (3, "Budi"));
    assert_eq!(rows[0].cells[2], "3175072105870001");
    assert_eq!(rows[0].numeric, [2]);
    assert_eq!((rows[1].number, rows[1].cells[3].as_str()), (6, "x"));
}

#[test]
fn a_cell_at_xfd1048576_is_refused_by_the_declared_size_without_reading_it() {
    let book = workbook(&[(0, 0, "kk"), (1, 0, "1"), (1_048_575, 16_383, "x")]);
    assert!(book.len() < 8_000, "{} bytes", book.len());
    match refused(&book, LIMITS) {
        SheetError::Limit(Exceeded::Dimension { declared, .. }) => {
            assert_eq!(declared, "A1:XFD1048576");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_cell_past_the_columns_is_refused_even_when_no_size_is_declared() {
    let rows = format!(
        "<row r=\"1\">{}</row><row r=\"1048576\">{}</row>",
        cell("A1", "kk"),
        cell("XFD1048576", "x")
    );
    let book = with_part(SHEET, &sheet_xml(None, &rows));
    let err = refused(&book, LIMITS);
    assert!(
        matches!(&err, SheetError::Limit(Exceeded::Columns { cell, max: 200 }) if cell == "XFD1048576"),
        "{err:?}"
    );
    let message = crate::web::i18n::Localized::localized(&err, crate::web::i18n::Lang::Id);
    assert_eq!(message, "Lembar melebihi batas 200 kolom (sel XFD1048576)");
}

#[test]
fn twenty_thousand_columns_are_refused_at_the_first_past_the_limit() {
    let cells: String = (0..20_000u32)
        .map(|c| cell(&super::cell_name(0, c), "x"))
        .collect();
    let book = with_part(
        SHEET,
        &sheet_xml(None, &format!("<row r=\"1\">{cells}</row>")),
    );
    let err = refused(&book, LIMITS);
    assert!(
        matches!(&err, SheetError::Limit(Exceeded::Columns { cell, .. }) if cell == "GS1"),
        "{err:?}"
    );
}

#[test]
fn a_row_past_the_format_is_refused() {
    let rows = format!("{}{}", cell("A1", "kk"), cell("A1048577", "x"));
    let book = with_part(
        SHEET,
        &sheet_xml(None, &format!("<row r=\"1\">{rows}</row>")),
    );
    let err = refused(&book, LIMITS);
    assert!(
        matches!(err, SheetError::Limit(Exceeded::Rows { .. })),
        "{err:?}"
    );
}

#[test]
fn a_cell_of_a_million_characters_is_refused_by_name() {
    let long = "a".repeat(1_000_000);
    let rows = format!(
        "<row r=\"1\">{}</row><row r=\"2\">{}</row>",
        cell("A1", "kk"),
        cell("B2", &long)
    );
    let err = refused(&with_part(SHEET, &sheet_xml(None, &rows)), LIMITS);
    assert!(
        matches!(&err, SheetError::Limit(Exceeded::CellChars { cell, max: 5_000 }) if cell == "B2"),
        "{err:?}"
    );
}

#[test]
fn text_longer_than_the_xml_stretch_is_refused_before_it_is_parsed() {
    let long = "a".repeat(2 * 1024 * 1024);
    let rows = format!("<row r=\"1\">{}</row>", cell("A1", &long));
    let err = refused(&with_part(SHEET, &sheet_xml(None, &rows)), LIMITS);
    assert!(
        matches!(&err, SheetError::Limit(Exceeded::Stretch { part, .. }) if part == SHEET),
        "{err:?}"
    );
}

#[test]
fn a_file_that_is_not_a_zip_or_is_cut_short_is_not_a_workbook() {
    for bytes in [
        b"kk,nik\n1,2\n".to_vec(),
        Vec::new(),
        workbook(&[(0, 0, "kk")])[..600].to_vec(),
    ] {
        let err = refused(&bytes, LIMITS);
        assert!(matches!(err, SheetError::NotXlsx(_)), "{err:?}");
        assert!(err.is_refusal());
    }
}

/// A sheet that expands far past what it takes in the archive: refused on the size it
/// declares, and on the size counted when the declaration lies.
#[test]
fn an_archive_that_expands_past_the_limit_is_refused_whether_or_not_it_says_so() {
    let limits = Limits {
        inflated_bytes: 512 * 1024,
        ..LIMITS
    };
    let rows = "<row><c t=\"inlineStr\"><is><t>sama</t></is></c></row>".repeat(20_000);
    let honest = with_part(SHEET, &sheet_xml(None, &rows));
    assert!(honest.len() < 64 * 1024, "{} bytes", honest.len());
    let err = refused(&honest, limits);
    assert!(
        matches!(err, SheetError::Limit(Exceeded::Inflated { .. })),
        "{err:?}"
    );
    let lying = declare_size(honest, SHEET, 1_000);
    let err = refused(&lying, limits);
    assert!(err.is_refusal(), "{err:?}");
    assert!(!matches!(err, SheetError::Io(_)), "{err:?}");
}

#[test]
fn shared_strings_that_claim_more_than_they_hold_are_refused() {
    let shared = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/\
                  spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"100000000000\">\
                  <si><t>kk</t></si></sst>";
    let err = refused(&with_part(SHARED, shared.as_bytes()), LIMITS);
    assert!(matches!(err, SheetError::NotXlsx(_)), "{err:?}");
    let limits = Limits {
        shared_strings_bytes: 1_000,
        ..LIMITS
    };
    let many: String = (0..200).map(|i| format!("<si><t>{i}</t></si>")).collect();
    let big = format!("<sst uniqueCount=\"200\">{many}</sst>");
    let err = refused(&with_part(SHARED, big.as_bytes()), limits);
    assert!(
        matches!(err, SheetError::Limit(Exceeded::SharedStrings { .. })),
        "{err:?}"
    );
}

#[test]
fn too_many_parts_are_refused() {
    let mut all = parts(&workbook(&[(0, 0, "kk")]));
    all.extend((0..1_001).map(|i| (format!("x/{i}.txt"), Vec::new())));
    let err = refused(&zip_of(&all), LIMITS);
    assert!(
        matches!(err, SheetError::Limit(Exceeded::Entries { max: 1_000 })),
        "{err:?}"
    );
}

#[test]
fn formulas_merged_cells_and_rows_out_of_order_are_still_refused() {
    let shared_index = format!(
        "<row r=\"1\">{}</row><row r=\"2\"><c r=\"A2\"><f t=\"shared\" si=\"4000000000\" \
         ref=\"A2:A3\">UPPER(B2)</f><v>x</v></c></row>",
        cell("A1", "kk")
    );
    let err = refused(&with_part(SHEET, &sheet_xml(None, &shared_index)), LIMITS);
    assert!(
        matches!(&err, SheetError::Formula { cell, formula } if cell == "A2" && formula == "=UPPER(B2)"),
        "{err:?}"
    );
    let merged = String::from_utf8(sheet_xml(None, &cell("A1", "kk")))
        .expect("utf-8")
        .replace(
            "</sheetData>",
            "</sheetData><mergeCells><mergeCell ref=\"A2:A3\"/></mergeCells>",
        );
    let err = refused(&with_part(SHEET, merged.as_bytes()), LIMITS);
    assert!(
        matches!(&err, SheetError::Merged { range } if range == "A2:A3"),
        "{err:?}"
    );
    let backwards = format!(
        "<row r=\"5\">{}</row><row r=\"2\">{}</row>",
        cell("A5", "a"),
        cell("A2", "b")
    );
    let err = refused(&with_part(SHEET, &sheet_xml(None, &backwards)), LIMITS);
    assert!(matches!(err, SheetError::Xlsx(_)), "{err:?}");
}

/// References whose numbers overflow make the spreadsheet reader panic in a debug build;
/// the panic stays on the reading thread and the file is refused.
#[test]
fn references_that_overflow_are_refused_not_fatal() {
    for reference in ["AAAAAAAAAAAAAAAAAAAAAAAA1", "A99999999999999999999"] {
        let rows = format!("<row r=\"1\">{}</row>", cell(reference, "x"));
        let err = refused(&with_part(SHEET, &sheet_xml(None, &rows)), LIMITS);
        assert!(err.is_refusal(), "{reference}: {err:?}");
    }
}
