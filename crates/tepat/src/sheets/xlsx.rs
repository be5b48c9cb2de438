//! The first sheet of an XLSX workbook as rows. A cell holding a formula and merged cells
//! refuse the file, because either hides what the cell really says; a cell that was a
//! number is marked, because Excel has already cut a NIK typed as a number to 15 digits.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::error::SheetError;
use super::source::Row;

/// Longest part of a formula quoted back in the refusal.
const FORMULA_CHARS_SHOWN: usize = 40;

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

/// Opens the first sheet, refusing formulas and merged cells; returns the data rows and
/// the header. The sheet is read whole: XLSX holds at most 1,048,576 rows, which bounds it.
pub fn open(path: &Path) -> Result<(Vec<Row>, Vec<String>), SheetError> {
    let mut workbook: Xlsx<BufReader<File>> = calamine::open_workbook(path).map_err(bad)?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SheetError::Empty)?;
    // Bounds on the uncompressed size, the number of cells and the declared dimension
    // belong here, checked before the sheet below is read into memory.
    refuse_formulas(&mut workbook, &name)?;
    refuse_merged(&mut workbook, &name)?;
    let range = workbook.worksheet_range(&name).map_err(bad)?;
    let top = range.start().map(|(r, _)| u64::from(r)).unwrap_or(0);
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| row_of(top + i as u64 + 1, cells));
    let header = rows.next().ok_or(SheetError::Empty)?.cells;
    Ok((rows.collect(), header))
}

fn bad(e: calamine::XlsxError) -> SheetError {
    SheetError::Xlsx(e.to_string())
}

fn refuse_formulas(workbook: &mut Xlsx<BufReader<File>>, name: &str) -> Result<(), SheetError> {
    let formulas = workbook.worksheet_formula(name).map_err(bad)?;
    match formulas.used_cells().find(|(_, _, f)| !f.is_empty()) {
        Some((r, c, formula)) => {
            let (top, left) = formulas.start().unwrap_or((0, 0));
            let shown: String = formula.chars().take(FORMULA_CHARS_SHOWN).collect();
            Err(SheetError::Formula {
                cell: cell_name(top + r as u32, left + c as u32),
                formula: format!("={shown}"),
            })
        }
        None => Ok(()),
    }
}

fn refuse_merged(workbook: &mut Xlsx<BufReader<File>>, name: &str) -> Result<(), SheetError> {
    match workbook
        .merge_cells_by_sheet_name(name)
        .map_err(bad)?
        .first()
    {
        Some(merged) => Err(SheetError::Merged {
            range: format!(
                "{}:{}",
                cell_name(merged.start.0, merged.start.1),
                cell_name(merged.end.0, merged.end.1)
            ),
        }),
        None => Ok(()),
    }
}

fn row_of(number: u64, cells: &[Data]) -> Row {
    let mut row = Row {
        number,
        ..Row::default()
    };
    for (position, cell) in cells.iter().enumerate() {
        if matches!(cell, Data::Int(_) | Data::Float(_)) {
            row.numeric.push(position);
        }
        row.cells.push(cell_text(cell));
    }
    row
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
}
