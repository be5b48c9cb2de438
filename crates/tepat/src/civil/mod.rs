//! The civil-registry feed (Dukcapil): deaths, moves and NIK corrections in a CSV file or
//! request body. Each event updates the person as a new version and raises a review flag
//! on the person and their household, so enrolments and payments stop for a look; nothing
//! is deleted. Every row is checked and reported (`row,column,rule,message`); a refused row
//! never stops the others. Rows are applied in batches, one transaction each. An applied
//! event is kept under its key (type, NIK, date), so receiving the same file twice changes
//! nothing. Layout: `README.md` in this folder.

pub mod api;
pub mod columns;
pub mod rules;
pub mod store;

use std::path::Path;

use time::OffsetDateTime;

use self::rules::{CivilColumns, CivilEvent};
use self::store::Outcome;
use crate::clock::today;
use crate::db::{Db, StoreError};
use crate::region_code::RegionCode;
use crate::registry::directory::RegionSet;
use crate::registry::store::{Acting, begin_write};
use crate::registry::violation::Violation;
use crate::sheets::{Report, Row, SheetError, Source};

/// Rows per transaction: each row costs a handful of statements, so a few hundred keep a
/// transaction short enough not to hold the SQLite write lock for long.
pub const ROWS_PER_BATCH: usize = 500;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct CivilSummary {
    /// Data rows read (blank rows are skipped).
    pub rows: u64,
    /// Events that changed a person.
    pub applied: u64,
    /// Events already received, or that the registry already showed.
    pub unchanged: u64,
    /// Rows refused; each has a line in the report.
    pub refused: u64,
    pub flags_raised: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum CivilImportError {
    #[error(transparent)]
    Source(#[from] SheetError),
    #[error("required columns are missing: {}", .0.join(", "))]
    MissingColumns(Vec<&'static str>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the report: {0}")]
    Report(#[from] std::io::Error),
}

/// Who applies the events and within which region.
pub struct Applying<'a> {
    pub acting: &'a Acting,
    /// Persons outside this region are refused (`outside-scope`); `None` is national.
    pub scope: Option<&'a RegionCode>,
    pub now: OffsetDateTime,
}

/// Applies the CSV file at `path`; `progress(done, total)` counts bytes.
pub async fn import_file(
    db: &Db,
    path: &Path,
    applying: &Applying<'_>,
    report: &mut Report,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<CivilSummary, CivilImportError> {
    let source = Source::csv_file(path)?;
    let total = source.total();
    let summary = run(db, source, applying, report, &|done| progress(done, total)).await?;
    progress(total, total);
    Ok(summary)
}

/// Applies a CSV request body.
pub async fn import_bytes(
    db: &Db,
    bytes: &[u8],
    applying: &Applying<'_>,
    report: &mut Report,
) -> Result<CivilSummary, CivilImportError> {
    let source = Source::csv_bytes(bytes)?;
    run(db, source, applying, report, &|_| {}).await
}

async fn run(
    db: &Db,
    mut rows: Source<'_>,
    applying: &Applying<'_>,
    report: &mut Report,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<CivilSummary, CivilImportError> {
    let columns =
        CivilColumns::from_header(rows.header()).map_err(CivilImportError::MissingColumns)?;
    let mut summary = CivilSummary::default();
    loop {
        let mut batch = Vec::with_capacity(ROWS_PER_BATCH);
        while batch.len() < ROWS_PER_BATCH {
            match rows.next_row()? {
                Some(row) if row.is_blank() => {}
                Some(row) => batch.push(row),
                None => break,
            }
        }
        if batch.is_empty() {
            break;
        }
        summary.rows += batch.len() as u64;
        apply_batch(db, &columns, &batch, applying, report, &mut summary).await?;
        progress(rows.position());
    }
    report.finish()?;
    Ok(summary)
}

/// Checks and applies one batch in one transaction, then reports its rows in order.
async fn apply_batch(
    db: &Db,
    columns: &CivilColumns,
    batch: &[Row],
    applying: &Applying<'_>,
    report: &mut Report,
    summary: &mut CivilSummary,
) -> Result<(), CivilImportError> {
    let villages: Vec<String> = batch
        .iter()
        .map(|r| columns.get(&r.cells, "new_village_code").to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    let regions = RegionSet::load_codes(db, &villages).await?;
    let today = today(applying.now);
    let parsed: Vec<Result<CivilEvent, Vec<Violation>>> = batch
        .iter()
        .map(|r| rules::parse_row(columns, &r.cells, today, &regions))
        .collect();
    let mut findings: Vec<Vec<Violation>> = Vec::with_capacity(batch.len());
    let mut tx = begin_write(db).await?;
    for result in parsed {
        let outcome = match result {
            Err(found) => {
                findings.push(found);
                continue;
            }
            Ok(event) => {
                store::apply(
                    &mut tx,
                    &event,
                    applying.scope,
                    applying.acting,
                    applying.now,
                )
                .await?
            }
        };
        match outcome {
            Outcome::Applied { flags, .. } => {
                summary.applied += 1;
                summary.flags_raised += flags;
                findings.push(Vec::new());
            }
            Outcome::Unchanged => {
                summary.unchanged += 1;
                findings.push(Vec::new());
            }
            Outcome::Refused(violation) => findings.push(vec![violation]),
        }
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    for (row, found) in batch.iter().zip(findings) {
        if !found.is_empty() {
            summary.refused += 1;
        }
        for violation in &found {
            report.finding(row.number, violation.finding())?;
        }
    }
    Ok(())
}

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new().api(api::router())
}
