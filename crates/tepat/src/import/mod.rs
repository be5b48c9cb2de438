//! Bulk import of households from CSV or XLSX: one row per person, families grouped by
//! consecutive KK numbers. Every row is checked; a refused row never stops the others
//! (unless `atomic`), and each refusal becomes a report line. Families are written in
//! batches of large transactions with multi-row INSERTs, so memory stays bounded by the
//! batch, not the file. Re-importing a file changes nothing; a changed row becomes a new
//! version.

pub mod group;
pub mod job;
pub mod jobs;
pub mod store;
pub mod template;
pub mod web;

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use time::{Date, OffsetDateTime};
use tokio::task::JoinHandle;

use self::group::{Checked, check_group, reject_rest};
use crate::clock::today;
use crate::db::{Db, StoreError, Tx};
use crate::registry::columns;
use crate::registry::directory::RegionSet;
use crate::registry::store::Acting;
use crate::registry::store::family::{self, Mode, Outcome};
use crate::registry::violation::Violation;
use crate::sheets::{Columns, Report, Row, SheetError, Source};

/// Families stored together (about 7,000 persons): the unit of lookups and multi-row
/// statements, small enough that a batch's rows and parameters stay a few megabytes.
pub const FAMILIES_PER_BATCH: usize = 2_000;

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ImportOptions {
    /// All or nothing: any refused row leaves the store exactly as before.
    pub atomic: bool,
    /// Accept rows whose only findings are warnings (e.g. a NIK from a split district).
    pub confirm_warnings: bool,
    /// The region the importer may write (a village operator's village); `None` is
    /// national. Families outside it, or stored outside it, are refused.
    #[serde(default)]
    pub scope: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub rows: u64,
    pub families: u64,
    pub created: u64,
    pub changed: u64,
    pub unchanged: u64,
    pub refused_families: u64,
    pub refused_rows: u64,
    /// False when `atomic` refused the whole file.
    pub committed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Source(#[from] SheetError),
    #[error("required columns are missing: {}", .0.join(", "))]
    MissingColumns(Vec<&'static str>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the report: {0}")]
    Report(#[from] std::io::Error),
    #[error("storing a batch stopped unexpectedly: {0}")]
    Interrupted(#[from] tokio::task::JoinError),
}

impl ImportError {
    /// True when the file is at fault (unreadable, past a limit, columns missing): the
    /// job is refused with the reason, not failed.
    pub fn is_refusal(&self) -> bool {
        match self {
            Self::Source(err) => err.is_refusal(),
            Self::MissingColumns(_) => true,
            Self::Store(_) | Self::Report(_) | Self::Interrupted(_) => false,
        }
    }
}

/// Most batches one transaction holds before it commits (about 70,000 persons) ...
pub const BATCHES_PER_COMMIT: usize = 10;
/// ... and the longest it stays open, so that other writers wait at most about this long.
pub const COMMIT_INTERVAL: Duration = Duration::from_secs(2);

/// A batch being stored by its own task, while the file's next rows are read and checked.
type Storing = JoinHandle<Result<(OpenTx, Vec<Outcome>), StoreError>>;

/// State carried through one import.
struct Run<'a> {
    db: &'a Db,
    acting: &'a Acting,
    now: OffsetDateTime,
    atomic: bool,
    /// The transaction batches go into; outside `atomic` it commits now and then.
    open: Option<OpenTx>,
    /// The batch handed to the store and the checked groups it came from.
    storing: Option<(Storing, Vec<Checked>)>,
    scope: Option<String>,
    batch: Vec<Checked>,
    summary: Summary,
    report: &'a mut Report,
}

/// Imports the file at `path`; `progress(done, total)` is called as rows are read.
pub async fn import_file(
    db: &Db,
    path: &Path,
    options: ImportOptions,
    acting: &Acting,
    now: OffsetDateTime,
    report: &mut Report,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Summary, ImportError> {
    let mut source = Source::open(path)?;
    let total = source.total();
    let columns = columns::find(source.header()).map_err(ImportError::MissingColumns)?;
    let regions = RegionSet::load(db, None).await?;
    let open = if options.atomic {
        Some(OpenTx::begin(db).await?)
    } else {
        None
    };
    let mut run = Run {
        db,
        acting,
        now,
        atomic: options.atomic,
        open,
        storing: None,
        scope: options.scope.clone(),
        batch: Vec::new(),
        summary: Summary::default(),
        report,
    };
    // KK numbers seen in this file, as integers (8 bytes a family), to refuse a family
    // whose rows are split into two groups.
    let mut seen = HashSet::new();
    let mut group: Vec<Row> = Vec::new();
    let mut done = 0u64;
    while let Some(row) = source.next_row()? {
        if row.is_blank() {
            continue;
        }
        run.summary.rows += 1;
        let kk = columns.get(&row.cells, "kk").trim();
        let same = group
            .first()
            .is_some_and(|g| columns.get(&g.cells, "kk").trim() == kk);
        if !same && !group.is_empty() {
            let checked = check(&group, &columns, today(now), &regions, &options, &mut seen);
            run.add(checked).await?;
            group.clear();
        }
        group.push(row);
        done += 1;
        if done.is_multiple_of(4096) {
            progress(source.position().max(done), total);
        }
    }
    if !group.is_empty() {
        let checked = check(&group, &columns, today(now), &regions, &options, &mut seen);
        run.add(checked).await?;
    }
    run.flush().await?;
    progress(total, total);
    run.finish().await
}

fn check(
    group: &[Row],
    columns: &Columns,
    today: Date,
    regions: &RegionSet,
    options: &ImportOptions,
    seen: &mut HashSet<u64>,
) -> Checked {
    let mut checked = check_group(group, columns, today, regions, options.confirm_warnings);
    let kk = columns.get(&group[0].cells, "kk").trim();
    if let (Some(scope), Some(family)) = (options.scope.as_deref(), checked.family.as_ref()) {
        let village = family.household.village_code.as_str();
        if !village.starts_with(scope) {
            checked
                .lines
                .push((group[0].number, outside_scope(village, scope)));
            reject_rest(&mut checked);
        }
    }
    if let Ok(number) = kk.parse::<u64>()
        && !seen.insert(number)
    {
        checked.lines.push((group[0].number, repeated_kk(kk)));
        reject_rest(&mut checked);
    }
    checked
}

/// The refusal for a family whose village lies outside the importer's region.
pub fn outside_scope(village: &str, scope: &str) -> Violation {
    Violation::new(
        "village_code",
        "outside-scope",
        format!("village {village} is outside your region {scope}"),
        format!("desa {village} berada di luar wilayah kerja Anda ({scope})"),
    )
}

fn repeated_kk(kk: &str) -> Violation {
    Violation::new(
        "kk",
        "kk-not-grouped",
        format!("KK {kk} already appeared in an earlier group; keep a family's rows together"),
        format!(
            "KK {kk} sudah muncul pada kelompok sebelumnya; baris satu keluarga harus berurutan"
        ),
    )
}

/// A transaction that takes several batches: each commit writes every index page the
/// batches touched, and a batch of a few thousand random NIKs touches most of them, so
/// fewer commits write far less (1,000,000 persons: 112 s committing every batch, 98 s
/// like this).
struct OpenTx {
    tx: Tx,
    batches: usize,
    since: Instant,
}

impl OpenTx {
    async fn begin(db: &Db) -> Result<OpenTx, StoreError> {
        Ok(OpenTx {
            tx: db.begin_bulk().await?,
            batches: 0,
            since: Instant::now(),
        })
    }
}

impl Run<'_> {
    async fn add(&mut self, checked: Checked) -> Result<(), ImportError> {
        self.summary.families += 1;
        self.batch.push(checked);
        if self.batch.len() >= FAMILIES_PER_BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Hands the batch's valid families to a task that stores them, once the batch before
    /// has been stored and reported: the store works on one batch while the next is read
    /// and checked. Groups and their report lines keep the file's order.
    async fn flush(&mut self) -> Result<(), ImportError> {
        self.settle().await?;
        let mut batch = std::mem::take(&mut self.batch);
        let families: Vec<_> = batch
            .iter_mut()
            .filter_map(|c| {
                let family = c.family.take();
                c.storing = family.is_some();
                family
            })
            .collect();
        if families.is_empty() {
            return self.record(batch, Vec::new());
        }
        let mut open = match self.open.take() {
            Some(open) => open,
            None => OpenTx::begin(self.db).await?,
        };
        let (acting, scope, now) = (self.acting.clone(), self.scope.clone(), self.now);
        let task = tokio::spawn(async move {
            let mode = Mode::UpsertByKk {
                scope: scope.as_deref(),
            };
            let outcomes = family::apply(&mut open.tx, &families, mode, &acting, now).await?;
            open.batches += 1;
            Ok((open, outcomes))
        });
        self.storing = Some((task, batch));
        Ok(())
    }

    /// Waits for the batch being stored, reports it, and commits when the transaction has
    /// held enough batches or stayed open long enough (never under `atomic`).
    async fn settle(&mut self) -> Result<(), ImportError> {
        let Some((task, batch)) = self.storing.take() else {
            return Ok(());
        };
        let (open, outcomes) = task.await??;
        if !self.atomic
            && (open.batches >= BATCHES_PER_COMMIT || open.since.elapsed() >= COMMIT_INTERVAL)
        {
            open.tx.commit().await.map_err(StoreError::from_sqlx)?;
        } else {
            self.open = Some(open);
        }
        self.record(batch, outcomes)
    }

    /// Counts a stored batch and writes its report lines.
    fn record(
        &mut self,
        mut batch: Vec<Checked>,
        outcomes: Vec<Outcome>,
    ) -> Result<(), ImportError> {
        let mut outcomes = outcomes.into_iter();
        for checked in batch.iter_mut() {
            let outcome = if checked.storing {
                outcomes.next()
            } else {
                None
            };
            let stored = outcome.is_some_and(|outcome| self.count(checked, outcome));
            if !stored {
                self.summary.refused_families += 1;
                self.summary.refused_rows += checked.member_rows.len() as u64;
            }
            for (row, v) in &checked.lines {
                self.report.finding(*row, v.finding())?;
            }
        }
        Ok(())
    }

    /// Counts what the store did with a family; false when it refused it.
    fn count(&mut self, checked: &mut Checked, outcome: Outcome) -> bool {
        match outcome {
            Outcome::Created(_) => self.summary.created += 1,
            Outcome::Changed(_) => self.summary.changed += 1,
            Outcome::Unchanged(_) => self.summary.unchanged += 1,
            Outcome::Refused(found) => {
                let head_row = checked.member_rows.first().copied().unwrap_or(0);
                for (member, v) in found {
                    let row = member.and_then(|i| checked.member_rows.get(i).copied());
                    checked.lines.push((row.unwrap_or(head_row), v));
                }
                reject_rest(checked);
                return false;
            }
        }
        true
    }

    async fn finish(mut self) -> Result<Summary, ImportError> {
        self.settle().await?;
        self.report.finish()?;
        if let Some(open) = self.open.take() {
            if self.atomic && self.summary.refused_families > 0 {
                open.tx.rollback().await.map_err(StoreError::from_sqlx)?;
                return Ok(self.summary);
            }
            open.tx.commit().await.map_err(StoreError::from_sqlx)?;
        }
        self.summary.committed = true;
        Ok(self.summary)
    }
}

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(web::api_router())
        .pages(web::routes())
        .untimed(&web::UNTIMED)
}

/// Start-up recovery: work cut off by the last stop is marked failed.
pub async fn recover(
    db: &crate::db::Db,
    now: time::OffsetDateTime,
) -> Result<(), crate::db::StoreError> {
    let abandoned = jobs::abandon_unfinished(db, now).await?;
    if abandoned > 0 {
        tracing::warn!(
            abandoned,
            "import jobs cut off by the last stop were marked failed"
        );
    }
    Ok(())
}
