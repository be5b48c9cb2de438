//! `tepat audit`: replays the log against the database. Every entry is recomputed from its
//! event row (in the format it was logged in) and compared; the records a version 2 entry
//! committed to must be the versions its event wrote, as stored and as their rows give them
//! now; the tree is rebuilt from the entries and compared with every stored tile and every
//! signed checkpoint; every event must be logged or queued; every registry row must match
//! its latest version. A row or version changed behind the application's back is reported
//! with the entry it contradicts.

mod records;
mod rows;

use std::collections::HashSet;
use std::fmt;

use sqlx::{AnyConnection, Row};
use tlog::{Hash, TreeRebuilder, open_checkpoint};

use self::records::{RowFinding, Written};
use super::entry::{LogEntry, differences};
use super::keys::Log;
use super::store::{self, to_i64, to_u64};
use crate::db::{Db, Engine, ResultExt, StoreError};
use crate::registry::store::consistency::{self, Contradiction};

/// Entries read per query: bounds memory while keeping round trips few. A page holds the
/// versions its events wrote too, twice (as stored and as their rows give them), about
/// 5 KiB per household imported; 2,000 entries keep a page near 10 MiB.
const PAGE_ENTRIES: u64 = 2_000;
/// Findings kept in the report; the rest are only counted, so a wholesale rewrite cannot
/// exhaust memory.
const FINDINGS_MAX: usize = 1_000;

/// One contradiction between the log and the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub log_index: Option<u64>,
    pub event_id: Option<i64>,
    pub problem: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.log_index, self.event_id) {
            (Some(index), Some(event)) => write!(f, "entry {index} (event {event}): ")?,
            (Some(index), None) => write!(f, "entry {index}: ")?,
            (None, Some(event)) => write!(f, "event {event}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.problem)
    }
}

/// What the audit checked and what it found.
#[derive(Debug, Default)]
pub struct AuditReport {
    pub tree_size: u64,
    pub entries_checked: u64,
    pub checkpoints_checked: u64,
    /// Household and person rows compared with their latest versions.
    pub registry_rows_checked: u64,
    pub findings: Vec<Finding>,
    /// Findings beyond [`FINDINGS_MAX`], counted but not kept.
    pub findings_omitted: u64,
}

impl AuditReport {
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    fn add(&mut self, log_index: Option<u64>, event_id: Option<i64>, problem: String) {
        if self.findings.len() < FINDINGS_MAX {
            self.findings.push(Finding {
                log_index,
                event_id,
                problem,
            });
        } else {
            self.findings_omitted += 1;
        }
    }
}

/// Runs the audit. Storage failures end it with an error; contradictions are findings.
pub async fn audit(db: &Db, log: &Log) -> Result<AuditReport, StoreError> {
    // One read-only snapshot for the whole audit, so a batch sequenced meanwhile is not
    // mistaken for a contradiction. SQLite's read transaction is a snapshot already;
    // PostgreSQL's default (read committed) is not.
    let mut conn = db.begin().await?;
    if db.engine == Engine::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *conn)
            .await
            .store()?;
    }
    let report = audit_in(&mut conn, log).await;
    conn.rollback().await.store()?;
    report
}

async fn audit_in(conn: &mut AnyConnection, log: &Log) -> Result<AuditReport, StoreError> {
    let mut report = AuditReport::default();
    let Some((size, note)) = store::latest_checkpoint(&mut *conn).await? else {
        let problem = "the log has no checkpoint; start `tepat serve` once, or run \
                       `tepat audit` with write access to the database, to sign one";
        report.add(None, None, problem.into());
        return Ok(report);
    };
    report.tree_size = size;
    let root = match open_checkpoint(&note, log.origin(), &log.verifier(), log.witnesses()) {
        Ok(opened) => *opened.checkpoint.root(),
        Err(err) => {
            let problem = format!("the latest checkpoint (size {size}) does not verify: {err}");
            report.add(None, None, problem);
            return Ok(report);
        }
    };
    let mut tree = TreeRebuilder::new();
    let mut rows = Vec::new();
    let mut start = 0;
    while start < size {
        let end = size.min(start + PAGE_ENTRIES);
        let page = Page { start, end };
        if !check_page(&mut *conn, log, &mut tree, page, &mut report, &mut rows).await? {
            break;
        }
        compare_tiles(&mut *conn, tree.take_full_tiles(), &mut report).await?;
        start = end;
    }
    if tree.size() == size && tree.root() != root {
        let problem =
            format!("the entries do not lead to the root of the checkpoint of size {size}");
        report.add(None, None, problem);
    }
    compare_tiles(&mut *conn, tree.partial_tiles(), &mut report).await?;
    check_events(&mut *conn, size, &mut report).await?;
    let reported = check_registry(&mut *conn, &mut report).await?;
    for row in rows {
        if !reported.contains(&(row.subject_type.clone(), row.subject_id)) {
            report.add(Some(row.log_index), Some(row.event_id), row.problem);
        }
    }
    Ok(report)
}

/// Every household and person row must match its latest version; a row that does not is
/// reported with the last logged event of its household or person, the entry it contradicts.
/// Returns the rows reported, as (type, id).
async fn check_registry(
    conn: &mut AnyConnection,
    report: &mut AuditReport,
) -> Result<HashSet<(String, i64)>, StoreError> {
    let mut found: Vec<Contradiction> = Vec::new();
    let mut omitted = 0_u64;
    report.registry_rows_checked = consistency::check(&mut *conn, &mut |contradiction| {
        if found.len() < FINDINGS_MAX {
            found.push(contradiction);
        } else {
            omitted += 1;
        }
    })
    .await?;
    report.findings_omitted += omitted;
    let reported = found
        .iter()
        .map(|c| (c.subject_type.to_owned(), c.subject_id))
        .collect();
    for contradiction in found {
        let (log_index, event_id) = last_logged_event(&mut *conn, &contradiction).await?;
        let problem = format!(
            "{} {}: {}",
            contradiction.subject_type, contradiction.subject_id, contradiction.problem
        );
        report.add(log_index, event_id, problem);
    }
    Ok(reported)
}

/// The newest logged event about the row's person or its household.
async fn last_logged_event(
    conn: &mut AnyConnection,
    contradiction: &Contradiction,
) -> Result<(Option<u64>, Option<i64>), StoreError> {
    let row = sqlx::query(
        "SELECT id, log_index FROM events WHERE log_index IS NOT NULL AND \
         ((subject_type = $1 AND subject_id = $2) OR \
         (subject_type = 'household' AND subject_id = $3)) ORDER BY id DESC LIMIT 1",
    )
    .bind(contradiction.subject_type)
    .bind(contradiction.subject_id.to_string())
    .bind(contradiction.household_id.to_string())
    .fetch_optional(&mut *conn)
    .await
    .store()?;
    let Some(row) = row else {
        return Ok((None, None));
    };
    let (id, index): (i64, i64) = (row.try_get(0).store()?, row.try_get(1).store()?);
    Ok((Some(to_u64(index)), Some(id)))
}

/// Entries `start..end` of the log.
#[derive(Debug, Clone, Copy)]
struct Page {
    start: u64,
    end: u64,
}

/// Checks a page of entries against their events and the versions they wrote, and feeds
/// them to the tree, checking each checkpoint the tree passes. Rows that alone disagree
/// with their entry go to `rows`. Returns false when entries are missing.
async fn check_page(
    conn: &mut AnyConnection,
    log: &Log,
    tree: &mut TreeRebuilder,
    Page { start, end }: Page,
    report: &mut AuditReport,
    rows: &mut Vec<RowFinding>,
) -> Result<bool, StoreError> {
    let entries = sqlx::query(
        "SELECT l.idx, l.event_id, l.entry, e.id, e.occurred_at, e.actor_kind, e.actor_id, \
         e.actor_role, e.action, e.subject_type, e.subject_id, e.region_code, e.changes, \
         e.log_index FROM log_entries l LEFT JOIN events e ON e.id = l.event_id \
         WHERE l.idx >= $1 AND l.idx < $2 ORDER BY l.idx",
    )
    .bind(to_i64(start))
    .bind(to_i64(end))
    .fetch_all(&mut *conn)
    .await
    .store()?;
    let mut written = records::written_in_page(&mut *conn, start, end).await?;
    let checkpoints = store::checkpoints_between(conn, start + 1, end).await?;
    let mut checkpoints = checkpoints.into_iter().peekable();
    for (expected, row) in (start..end).zip(&entries) {
        let index = to_u64(row.try_get("idx").store()?);
        if index != expected {
            report.add(Some(expected), None, "the entry is missing".into());
            return Ok(false);
        }
        let entry: Vec<u8> = row.try_get("entry").store()?;
        let event_id: i64 = row.try_get("event_id").store()?;
        let mut by_event = written.remove(&event_id).unwrap_or_default();
        let checked = Checked {
            index,
            entry: &entry,
            written: &mut by_event,
        };
        compare_entry(row, checked, log, report, rows)?;
        tree.push_entry(&entry);
        while let Some((size, note)) = checkpoints.next_if(|(size, _)| *size <= tree.size()) {
            report.checkpoints_checked += 1;
            check_checkpoint(log, size, &note, tree.root(), report);
        }
        report.entries_checked += 1;
    }
    if entries.len() as u64 != end - start {
        report.add(
            Some(start + entries.len() as u64),
            None,
            "the entry is missing".into(),
        );
        return Ok(false);
    }
    Ok(true)
}

/// One logged entry and the versions its event wrote.
struct Checked<'a> {
    index: u64,
    entry: &'a [u8],
    written: &'a mut [Written],
}

fn compare_entry(
    row: &sqlx::any::AnyRow,
    checked: Checked<'_>,
    log: &Log,
    report: &mut AuditReport,
    rows: &mut Vec<RowFinding>,
) -> Result<(), StoreError> {
    let index = checked.index;
    let event_id: i64 = row.try_get("event_id").store()?;
    let found: Option<i64> = row.try_get("id").store()?;
    if found.is_none() {
        report.add(
            Some(index),
            Some(event_id),
            "the event row is missing".into(),
        );
        return Ok(());
    }
    let logged_index: Option<i64> = row.try_get("log_index").store()?;
    if logged_index != Some(to_i64(index)) {
        let problem = format!("the event row carries log index {logged_index:?}");
        report.add(Some(index), Some(event_id), problem);
    }
    let logged = match LogEntry::decode(checked.entry) {
        Ok(logged) => logged,
        Err(err) => {
            let problem = format!("the entry is unreadable: {err}");
            report.add(Some(index), Some(event_id), problem);
            return Ok(());
        }
    };
    // The event's own facts here; its record commitment below, record by record.
    let current =
        LogEntry::of_event(&store::facts_from_row(row)?, &[], log.secret()).in_version(logged.v);
    for problem in differences(&logged, &current) {
        report.add(Some(index), Some(event_id), problem);
    }
    let salt = log.secret().record_salt(event_id);
    records::compare(&logged, index, checked.written, &salt, report, rows);
    Ok(())
}

fn check_checkpoint(log: &Log, size: u64, note: &str, root: Hash, report: &mut AuditReport) {
    match open_checkpoint(note, log.origin(), &log.verifier(), log.witnesses()) {
        Ok(opened) if *opened.checkpoint.root() == root && opened.checkpoint.size() == size => {}
        Ok(_) => report.add(
            None,
            None,
            format!("the checkpoint of size {size} has another root than the entries"),
        ),
        Err(err) => report.add(
            None,
            None,
            format!("the checkpoint of size {size} does not verify: {err}"),
        ),
    }
}

/// Compares recomputed tiles with the stored ones (a stored tile may be wider).
async fn compare_tiles(
    conn: &mut AnyConnection,
    tiles: Vec<(tlog::Tile, Vec<u8>)>,
    report: &mut AuditReport,
) -> Result<(), StoreError> {
    let keys: Vec<tlog::Tile> = tiles.iter().map(|(tile, _)| *tile).collect();
    let stored = store::read_tiles(conn, &keys).await?;
    for (tile, bytes) in tiles {
        let same = stored
            .get(&tile)
            .is_some_and(|data| data.get(..bytes.len()) == Some(bytes.as_slice()));
        if !same {
            report.add(
                None,
                None,
                format!("stored tile {tile} does not match the entries"),
            );
        }
    }
    Ok(())
}

/// Every event must be in the log (at the index it names) or waiting in the queue.
async fn check_events(
    conn: &mut AnyConnection,
    size: u64,
    report: &mut AuditReport,
) -> Result<(), StoreError> {
    let unlogged = sqlx::query(
        "SELECT e.id FROM events e WHERE e.log_index IS NULL AND NOT EXISTS \
         (SELECT 1 FROM log_queue q WHERE q.event_id = e.id) ORDER BY e.id",
    )
    .fetch_all(&mut *conn)
    .await
    .store()?;
    for row in unlogged {
        let id: i64 = row.try_get(0).store()?;
        report.add(
            None,
            Some(id),
            "the event is neither in the log nor queued".into(),
        );
    }
    let misplaced = sqlx::query(
        "SELECT e.id, e.log_index FROM events e LEFT JOIN log_entries l ON l.idx = e.log_index \
         WHERE e.log_index IS NOT NULL AND (l.idx IS NULL OR l.event_id <> e.id) ORDER BY e.id",
    )
    .fetch_all(&mut *conn)
    .await
    .store()?;
    for row in misplaced {
        let (id, index): (i64, i64) = (row.try_get(0).store()?, row.try_get(1).store()?);
        let problem = format!("the event names log index {index}, whose entry is another event's");
        report.add(Some(to_u64(index)), Some(id), problem);
    }
    let beyond = sqlx::query("SELECT COUNT(*) FROM log_entries WHERE idx >= $1")
        .bind(to_i64(size))
        .fetch_one(&mut *conn)
        .await
        .store()?;
    let beyond: i64 = beyond.try_get(0).store()?;
    if beyond > 0 {
        let problem = format!("{beyond} entries lie beyond the latest checkpoint (size {size})");
        report.add(None, None, problem);
    }
    Ok(())
}
