//! Cells of CSV files that people open in a spreadsheet. A cell that starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return is read by Excel and LibreOffice as a formula, so
//! text typed into a registry field (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`) would run when
//! an officer opens the export. Every CSV writer passes its cells through
//! [`safe_for_spreadsheet`], which puts an apostrophe in front of such a cell, as the
//! OWASP "CSV Injection" page advises; a spreadsheet then shows the cell as text. XLSX
//! files need none of this: their cells are typed strings, never formulas.
//!
//! A signed plain number (`+6281234567890`, `-5`, `-1,5`) is left as it is: a spreadsheet
//! reads it as a number, and nothing in it can run. An apostrophe is also added in front of
//! a cell that already starts with apostrophes before such a character, so that
//! [`from_spreadsheet`] (which the import applies to every cell it reads) takes exactly one
//! apostrophe off exactly the cells that were written with one: an export re-imports
//! unchanged.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as written to a CSV file: with a leading apostrophe when a spreadsheet would
/// otherwise read it as a formula.
pub fn safe_for_spreadsheet(cell: &str) -> Cow<'_, str> {
    if formula_like(cell.trim_start_matches('\'')) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`safe_for_spreadsheet`]: one leading apostrophe taken off a
/// cell that [`safe_for_spreadsheet`] would have marked; any other cell as it is.
pub fn from_spreadsheet(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest.trim_start_matches('\'')) => rest,
        _ => cell,
    }
}

/// True when a spreadsheet would read `text` as a formula rather than text or a number.
fn formula_like(text: &str) -> bool {
    text.starts_with(FORMULA_START) && !signed_number(text)
}

/// `+628…`, `-5`, `-1.5`, `-1,5`: a sign, digits, and at most one decimal separator
/// followed by digits.
fn signed_number(text: &str) -> bool {
    let Some(unsigned) = text.strip_prefix(['+', '-']) else {
        return false;
    };
    let (whole, fraction) = match unsigned.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formula_cells_get_an_apostrophe() {
        for (cell, written) in [
            ("=1+1", "'=1+1"),
            (
                "=HYPERLINK(\"http://contoh.id\",\"klik\")",
                "'=HYPERLINK(\"http://contoh.id\",\"klik\")",
            ),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("'=1+1", "''=1+1"),
        ] {
            assert_eq!(safe_for_spreadsheet(cell), written, "{cell:?}");
            assert_eq!(from_spreadsheet(written), cell, "{written:?}");
        }
    }

    #[test]
    fn text_and_signed_numbers_are_left_alone() {
        for cell in [
            "Budi Santoso",
            "Jl. Mawar = No. 7",
            "+6281234567890",
            "-5",
            "-1,5",
            "+0.25",
            "'biasa",
            "",
            "3175072105870001",
        ] {
            assert!(
                matches!(safe_for_spreadsheet(cell), Cow::Borrowed(_)),
                "{cell:?}"
            );
            assert_eq!(from_spreadsheet(cell), cell, "{cell:?}");
        }
    }

    proptest! {
        #[test]
        fn every_cell_reads_back_as_written(cell in any::<String>()) {
            let written = safe_for_spreadsheet(&cell);
            prop_assert!(!formula_like(&written));
            prop_assert_eq!(from_spreadsheet(&written), cell.as_str());
        }

        #[test]
        fn formula_shaped_cells_read_back_too(cell in "'{0,2}[=+@\t\r-][ -~]{0,12}") {
            let written = safe_for_spreadsheet(&cell);
            prop_assert!(!formula_like(&written));
            prop_assert_eq!(from_spreadsheet(&written), cell.as_str());
        }
    }
}
