//! The first sheet read cell by cell, never as a whole range: the spreadsheet reader's
//! range is as large as the sheet says it is, so a single cell at `XFD1048576` would ask
//! for 17 billion cells. Rows are built from the cells that hold something, each checked
//! against the limits (column, row, length, order) before it takes any room.

use std::io::{Read, Seek};

use calamine::{DataRef, Dimensions, Xlsx, XlsxFormulaMetadata};

use super::super::error::{Exceeded, SheetError};
use super::super::limits::Limits;
use super::super::source::Row;
use super::cell_name;

/// Longest part of a formula quoted back in the refusal.
const FORMULA_CHARS_SHOWN: usize = 40;

/// What the checking pass found: the header and how many rows follow it.
#[derive(Debug)]
pub struct Checked {
    pub header: Vec<String>,
    pub rows: u64,
}

fn bad(e: calamine::XlsxError) -> SheetError {
    SheetError::Xlsx(e.to_string())
}

/// Reads the whole sheet once without keeping it: refuses a formula, a cell past a limit
/// and rows out of order, and returns the header and the number of data rows.
pub fn check<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Checked, SheetError> {
    let mut cells = workbook.worksheet_cells_reader(name).map_err(bad)?;
    check_dimension(cells.dimensions(), limits)?;
    let mut rows = Rows::new(limits);
    let mut header = None;
    let mut count = 0u64;
    while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(bad)? {
        let (row, column) = cell.pos;
        if let Some(formula) = cell.formula.filter(|f| !is_empty(f)) {
            return Err(formula_refusal(row, column, &formula));
        }
        if let Some(done) = rows.add(row, column, &cell.value)? {
            match header {
                None => header = Some(done.cells),
                Some(_) => count += 1,
            }
        }
    }
    if let Some(last) = rows.finish() {
        match header {
            None => header = Some(last.cells),
            Some(_) => count += 1,
        }
    }
    let header = header.ok_or(SheetError::Empty)?;
    Ok(Checked {
        header,
        rows: count,
    })
}

/// Reads the sheet again, handing each data row to `send` until it returns false.
pub fn stream<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    name: &str,
    limits: &Limits,
    mut send: impl FnMut(Row) -> bool,
) -> Result<(), SheetError> {
    let mut cells = workbook.worksheet_cells_reader(name).map_err(bad)?;
    let mut rows = Rows::new(limits);
    let mut header_seen = false;
    let mut hand = |row: Row| {
        let first = !header_seen;
        header_seen = true;
        first || send(row)
    };
    while let Some(cell) = cells.next_cell().map_err(bad)? {
        let (row, column) = cell.get_position();
        if let Some(done) = rows.add(row, column, cell.get_value())?
            && !hand(done)
        {
            return Ok(());
        }
    }
    if let Some(last) = rows.finish() {
        hand(last);
    }
    Ok(())
}

/// Refuses a sheet that declares a size past the limits (a file's claim is not trusted
/// for anything else: nothing is sized by it).
fn check_dimension(declared: Dimensions, limits: &Limits) -> Result<(), SheetError> {
    let (rows, columns) = declared.end;
    if columns >= limits.columns || rows >= limits.rows {
        let (top, left) = declared.start;
        return Err(SheetError::Limit(Exceeded::Dimension {
            declared: format!("{}:{}", cell_name(top, left), cell_name(rows, columns)),
            columns: limits.columns,
            rows: limits.rows,
        }));
    }
    Ok(())
}

/// `<f/>` with no text is no formula (the spreadsheet reader reports it as an empty one).
fn is_empty(formula: &XlsxFormulaMetadata) -> bool {
    matches!(formula, XlsxFormulaMetadata::Normal { formula } if formula.is_empty())
}

fn formula_refusal(row: u32, column: u32, formula: &XlsxFormulaMetadata) -> SheetError {
    let text = match formula {
        XlsxFormulaMetadata::Normal { formula } | XlsxFormulaMetadata::Shared { formula, .. } => {
            formula.chars().take(FORMULA_CHARS_SHOWN).collect()
        }
        _ => String::from("…"),
    };
    SheetError::Formula {
        cell: cell_name(row, column),
        formula: format!("={text}"),
    }
}

/// Rows built from cells as they stream, in order.
struct Rows<'l> {
    limits: &'l Limits,
    current: Option<(u32, Row)>,
}

impl<'l> Rows<'l> {
    fn new(limits: &'l Limits) -> Self {
        Self {
            limits,
            current: None,
        }
    }

    /// Places a cell; returns the row before it once the cell starts a new one. An empty
    /// cell (a format without a value) is skipped and never counts against a limit.
    fn add(
        &mut self,
        row: u32,
        column: u32,
        value: &DataRef<'_>,
    ) -> Result<Option<Row>, SheetError> {
        if matches!(value, DataRef::Empty) {
            return Ok(None);
        }
        let limits = self.limits;
        if row >= limits.rows {
            return Err(SheetError::Limit(Exceeded::Rows { max: limits.rows }));
        }
        if column >= limits.columns {
            return Err(SheetError::Limit(Exceeded::Columns {
                cell: cell_name(row, column),
                max: limits.columns,
            }));
        }
        let text = cell_text(value);
        if text.chars().count() > limits.cell_chars {
            return Err(SheetError::Limit(Exceeded::CellChars {
                cell: cell_name(row, column),
                max: limits.cell_chars,
            }));
        }
        let done = match &self.current {
            Some((current, _)) if *current == row => None,
            Some((current, _)) if *current > row => {
                return Err(SheetError::Xlsx(format!(
                    "row {} comes after row {}; rows must be in order",
                    u64::from(row) + 1,
                    u64::from(*current) + 1
                )));
            }
            _ => self.current.replace((row, new_row(row))).map(|(_, r)| r),
        };
        if let Some((_, building)) = self.current.as_mut() {
            place(
                building,
                column,
                text,
                matches!(value, DataRef::Int(_) | DataRef::Float(_)),
            );
        }
        Ok(done)
    }

    fn finish(&mut self) -> Option<Row> {
        self.current.take().map(|(_, row)| row)
    }
}

fn new_row(row: u32) -> Row {
    Row {
        number: u64::from(row) + 1,
        ..Row::default()
    }
}

/// Puts a cell's text at its column; `column` is below the column limit.
fn place(row: &mut Row, column: u32, text: String, numeric: bool) {
    let at = column as usize;
    if row.cells.len() <= at {
        row.cells.resize(at + 1, String::new());
    }
    row.cells[at] = text;
    row.numeric.retain(|c| *c != at);
    if numeric {
        row.numeric.push(at);
    }
}

/// A cell as text: whole numbers without `.0`, dates as `YYYY-MM-DD`.
fn cell_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{f:.0}"),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => if *b { "ya" } else { "tidak" }.to_owned(),
        DataRef::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        DataRef::DateTimeIso(text) => text.chars().take(10).collect(),
        DataRef::DurationIso(text) => text.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}
