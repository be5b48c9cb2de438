//! The record commitments of version 2 entries: the versions each event wrote, as stored
//! and as their rows give them now (rebuilt with the registry's own snapshot functions),
//! must both lead to the commitment the event's entry carries. A row and its snapshot
//! edited together match each other but no longer the log.

use std::collections::HashMap;

use sqlx::{AnyConnection, Row};

use super::AuditReport;
use super::rows::{ROW_COLUMNS, RowRecord, row_snapshot};
use crate::audit::entry::LogEntry;
use crate::audit::record::{WrittenRecord, canonical_json, record_commitment};
use crate::audit::store::to_i64;
use crate::db::{ResultExt, StoreError};

/// Records named in one finding; an event that wrote more (a household of 40) is summed up.
const NAMES_MAX: usize = 20;

/// One version an event wrote, as stored, and what its row gives now.
#[derive(Debug, Clone)]
pub struct Written {
    pub record: WrittenRecord,
    pub row: RowRecord,
}

/// A row that alone disagrees with the entry of its last write. Kept until the registry
/// comparison has run, which names the changed columns of most such rows itself.
#[derive(Debug, Clone)]
pub struct RowFinding {
    pub log_index: u64,
    pub event_id: i64,
    pub subject_type: String,
    pub subject_id: i64,
    pub problem: String,
}

/// The versions written by the events of entries `start..end`, by event id, each with its
/// row when it is the record's latest version.
pub async fn written_in_page(
    conn: &mut AnyConnection,
    start: u64,
    end: u64,
) -> Result<HashMap<i64, Vec<Written>>, StoreError> {
    let sql = format!(
        "SELECT v.event_id, v.subject_type, v.subject_id, v.version, v.snapshot, \
         {ROW_COLUMNS} FROM log_entries l JOIN record_versions v ON v.event_id = l.event_id \
         LEFT JOIN households h ON v.subject_type = 'household' AND h.id = v.subject_id \
         AND h.version = v.version \
         LEFT JOIN persons p ON v.subject_type = 'person' AND p.id = v.subject_id \
         AND p.version = v.version \
         WHERE l.idx >= $1 AND l.idx < $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to_i64(start))
        .bind(to_i64(end))
        .fetch_all(&mut *conn)
        .await
        .store()?;
    let mut written: HashMap<i64, Vec<Written>> = HashMap::new();
    for row in &rows {
        let record = WrittenRecord {
            subject_type: row.try_get("subject_type").store()?,
            subject_id: row.try_get("subject_id").store()?,
            version: row.try_get("version").store()?,
            snapshot: row.try_get("snapshot").store()?,
        };
        let row_record = row_snapshot(row, &record.subject_type)?;
        let event: i64 = row.try_get("event_id").store()?;
        written.entry(event).or_default().push(Written {
            record,
            row: row_record,
        });
    }
    Ok(written)
}

/// Compares the record commitment of `logged` (the entry at `index`) with the versions its
/// event wrote. Version 1 entries carry none and are skipped.
pub fn compare(
    logged: &LogEntry,
    index: u64,
    written: &mut [Written],
    salt: &[u8; 32],
    report: &mut AuditReport,
    rows: &mut Vec<RowFinding>,
) {
    let Some(committed) = &logged.record else {
        return;
    };
    written.sort_by(|a, b| key(&a.record).cmp(&key(&b.record)));
    let stored: Vec<WrittenRecord> = written.iter().map(|w| w.record.clone()).collect();
    let from_rows: Vec<WrittenRecord> = written.iter().map(as_row_gives).collect();
    let changed: Vec<(&Written, String)> = written.iter().filter_map(row_change).collect();
    let event = logged.event;
    if record_commitment(salt, &stored) != *committed {
        let rows_match = record_commitment(salt, &from_rows) == *committed;
        let problem = versions_problem(committed.as_deref(), written, &changed, rows_match);
        report.add(Some(index), Some(event), problem);
    } else if record_commitment(salt, &from_rows) != *committed {
        rows.extend(changed.into_iter().map(|(w, detail)| RowFinding {
            log_index: index,
            event_id: event,
            subject_type: w.record.subject_type.clone(),
            subject_id: w.record.subject_id,
            problem: format!(
                "{}: the row no longer gives the record this entry committed to ({detail})",
                name(&w.record)
            ),
        }));
    }
}

fn key(record: &WrittenRecord) -> (&str, i64, i64) {
    (&record.subject_type, record.subject_id, record.version)
}

/// The version with its row's snapshot in place of the stored one, where it is the latest.
fn as_row_gives(written: &Written) -> WrittenRecord {
    match &written.row {
        RowRecord::Snapshot(snapshot) => WrittenRecord {
            snapshot: snapshot.clone(),
            ..written.record.clone()
        },
        RowRecord::Unreadable(problem) => WrittenRecord {
            snapshot: format!("unreadable row: {problem}"),
            ..written.record.clone()
        },
        RowRecord::NotLatest => written.record.clone(),
    }
}

/// How the row of a latest version differs from the version as stored, if it does.
fn row_change(written: &Written) -> Option<(&Written, String)> {
    match &written.row {
        RowRecord::Snapshot(snapshot) if !same(snapshot, &written.record.snapshot) => {
            let detail = format!("it differs from version {}", written.record.version);
            Some((written, detail))
        }
        RowRecord::Unreadable(problem) => Some((written, format!("it holds {problem}"))),
        _ => None,
    }
}

fn same(a: &str, b: &str) -> bool {
    let parse = |text: &str| serde_json::from_str(text).map(|v| canonical_json(&v)).ok();
    parse(a).is_some_and(|a| Some(a) == parse(b))
}

fn versions_problem(
    committed: Option<&str>,
    written: &[Written],
    changed: &[(&Written, String)],
    rows_match: bool,
) -> String {
    let all = list(written.iter().map(|w| &w.record));
    match committed {
        None => format!("record: the log says this event wrote no record, but {all} name it"),
        Some(commitment) if written.is_empty() => format!(
            "record: the log's commitment {commitment} covers records this event wrote, \
             but no version names the event any more"
        ),
        Some(commitment) if rows_match => format!(
            "record: the version snapshots of {} no longer match the log's commitment \
             {commitment}; the rows still do",
            list(changed.iter().map(|(w, _)| &w.record))
        ),
        Some(commitment) => format!(
            "record: the records this event wrote ({all}) no longer match the log's \
             commitment {commitment}: one was changed behind the application's back, in its \
             row and version snapshot together or in its history"
        ),
    }
}

fn name(record: &WrittenRecord) -> String {
    format!("{} {}", record.subject_type, record.subject_id)
}

/// `household 12 (version 1), person 44 (version 1)`, the first [`NAMES_MAX`] of them.
fn list<'a>(records: impl ExactSizeIterator<Item = &'a WrittenRecord>) -> String {
    let total = records.len();
    let mut names: Vec<String> = records
        .take(NAMES_MAX)
        .map(|r| format!("{} (version {})", name(r), r.version))
        .collect();
    if total > NAMES_MAX {
        names.push(format!("{} more", total - NAMES_MAX));
    }
    names.join(", ")
}
