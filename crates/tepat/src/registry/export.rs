//! Export of households in the import layout (one row per person), as CSV or XLSX, for a
//! region of any level. Households are read a page at a time, so memory stays bounded.

use std::io::Write;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::columns;
use super::survey::Survey;
use crate::db::{Db, ResultExt, StoreError};
use crate::region_code::RegionCode;
use crate::sheets::cell_text::safe_for_spreadsheet;

/// Households per page read from the store.
const HOUSEHOLDS_PER_PAGE: i64 = 1_000;
/// XLSX sheets hold 1,048,576 rows, one of which is the header.
pub const XLSX_ROWS_MAX: u64 = 1_048_575;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the spreadsheet: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error(
        "the region holds more than {XLSX_ROWS_MAX} persons, more than one XLSX sheet \
         holds; export as CSV"
    )]
    TooManyRows,
}

/// Where rows go.
trait Sink {
    fn row(&mut self, cells: &[String]) -> Result<(), ExportError>;
}

struct CsvSink<W: Write>(csv::Writer<W>);

impl<W: Write> Sink for CsvSink<W> {
    /// Cells a spreadsheet would read as formulas are written with a leading apostrophe
    /// (`sheets::cell_text`); the import takes it off again.
    fn row(&mut self, cells: &[String]) -> Result<(), ExportError> {
        let safe: Vec<_> = cells
            .iter()
            .map(|cell| safe_for_spreadsheet(cell))
            .collect();
        self.0
            .write_record(safe.iter().map(|cell| cell.as_bytes()))
            .map_err(std::io::Error::from)?;
        Ok(())
    }
}

struct XlsxSink<'a> {
    sheet: &'a mut rust_xlsxwriter::Worksheet,
    next: u32,
}

impl Sink for XlsxSink<'_> {
    fn row(&mut self, cells: &[String]) -> Result<(), ExportError> {
        if u64::from(self.next) > XLSX_ROWS_MAX {
            return Err(ExportError::TooManyRows);
        }
        for (column, cell) in cells.iter().enumerate() {
            if !cell.is_empty() {
                self.sheet.write_string(self.next, column as u16, cell)?;
            }
        }
        self.next += 1;
        Ok(())
    }
}

/// Writes every active household inside `region` to `out`; returns the persons written.
pub async fn export(
    db: &Db,
    region: &RegionCode,
    format: Format,
    out: impl Write + Send,
) -> Result<u64, ExportError> {
    let header: Vec<String> = columns::all().iter().map(|c| (*c).to_owned()).collect();
    match format {
        Format::Csv => {
            let mut sink = CsvSink(csv::Writer::from_writer(out));
            sink.row(&header)?;
            let written = write_rows(db, region, &mut sink).await?;
            sink.0.flush()?;
            Ok(written)
        }
        Format::Xlsx => {
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let written = {
                let sheet = workbook.add_worksheet_with_constant_memory()?;
                sheet.set_name("keluarga")?;
                let mut sink = XlsxSink { sheet, next: 0 };
                sink.row(&header)?;
                write_rows(db, region, &mut sink).await?
            };
            workbook.save_to_writer(out)?;
            Ok(written)
        }
    }
}

async fn write_rows(
    db: &Db,
    region: &RegionCode,
    sink: &mut (dyn Sink + Send),
) -> Result<u64, ExportError> {
    let crate::region_code::ScopeParams { exact, prefix, .. } =
        crate::region_code::ScopeParams::new(Some(region));
    let mut after = 0i64;
    let mut written = 0u64;
    loop {
        let last: Option<i64> = sqlx::query(
            "SELECT MAX(id) FROM (SELECT id FROM households WHERE status = 'active' \
             AND (region_code = $1 OR region_code LIKE $2) AND id > $3 ORDER BY id LIMIT $4) page",
        )
        .bind(exact.clone())
        .bind(prefix.clone())
        .bind(after)
        .bind(HOUSEHOLDS_PER_PAGE)
        .fetch_one(&db.pool)
        .await
        .store()?
        .try_get(0)
        .store()?;
        let Some(last) = last else {
            return Ok(written);
        };
        let rows = sqlx::query(
            "SELECT h.kk_number, p.nik, p.full_name, p.sex, p.birth_place, p.birth_date, \
             p.relationship, h.region_code, h.address, h.rt, h.rw, h.phone, p.marital_status, \
             p.occupation, p.education, p.disability, p.life_status, p.status_date, h.survey \
             FROM households h JOIN persons p ON p.household_id = h.id \
             WHERE h.status = 'active' AND (h.region_code = $1 OR h.region_code LIKE $2) \
               AND h.id > $3 AND h.id <= $4 \
             ORDER BY h.id, CASE p.relationship WHEN 'kepala' THEN 0 ELSE 1 END, p.id",
        )
        .bind(exact.clone())
        .bind(prefix.clone())
        .bind(after)
        .bind(last)
        .fetch_all(&db.pool)
        .await
        .store()?;
        for row in &rows {
            sink.row(&cells(row)?)?;
            written += 1;
        }
        after = last;
    }
}

fn cells(row: &AnyRow) -> Result<Vec<String>, StoreError> {
    let mut cells = Vec::with_capacity(35);
    for index in 0..18 {
        let value: Option<String> = row.try_get(index).store()?;
        cells.push(value.unwrap_or_default());
    }
    let survey: String = row.try_get(18).store()?;
    let survey: Survey = serde_json::from_str(&survey).unwrap_or_default();
    cells.extend(survey.cells());
    Ok(cells)
}
