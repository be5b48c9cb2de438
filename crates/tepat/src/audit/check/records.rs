//! The record commitments of version 2 entries: the versions each event wrote, as stored
//! and as their rows give them now (rebuilt with the registry's own snapshot functions),
//! must both lead to the commitment the event's entry carries. A row and its snapshot
//! edited together match each other but no longer the log.

use std::collections::HashMap;

use sqlx::{AnyConnection, Row};

use super::rows::{RowRecord, VERSION_ROW_VALUES, VersionRow};
use super::{AuditReport, FINDINGS_MAX};
use crate::audit::entry::LogEntry;
use crate::audit::record::{WrittenRecord, record_commitment, same_record, snapshot_digest};
use crate::audit::store::to_i64;
use crate::db::{Engine, ResultExt, StoreError};

/// Records named in one finding; an event that wrote more (a household of 40) is summed up.
const NAMES_MAX: usize = 20;

/// One version an event wrote: its snapshot as stored and what its row gives now.
#[derive(Debug, Clone)]
pub struct Written {
    pub subject_type: String,
    pub subject_id: i64,
    pub version: i64,
    stored: String,
    /// False when the snapshot no longer has the digest written with it: a change that
    /// left the digest as it was, and so names the very version changed.
    digest_kept: bool,
    row: RowRecord,
}

impl Written {
    /// The version by a snapshot text: its stored one, or the one its row gives.
    fn as_written(&self, snapshot: &str) -> WrittenRecord {
        WrittenRecord::new(&self.subject_type, self.subject_id, self.version, snapshot)
    }
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

/// The versions written by the events of entries `start..end`, by event id, each with what
/// its row gives when it is the record's latest version.
///
/// The page comes back as one row holding a JSON array, like the sequencer's batch: the
/// driver hands rows over one at a time at a cost that, for 27 columns, outweighs building
/// and parsing the JSON several times over.
pub async fn written_in_page(
    conn: &mut AnyConnection,
    start: u64,
    end: u64,
) -> Result<HashMap<i64, Vec<Written>>, StoreError> {
    let (aggregate, array) = match Engine::of(conn) {
        Engine::Sqlite => ("json_group_array", "json_array"),
        Engine::Postgres => ("json_agg", "json_build_array"),
    };
    let sql = format!(
        "SELECT CAST({aggregate}({array}({VERSION_ROW_VALUES})) AS TEXT) \
         FROM log_entries l JOIN record_versions v ON v.event_id = l.event_id \
         LEFT JOIN households h ON v.subject_type = 'household' AND h.id = v.subject_id \
         AND h.version = v.version \
         LEFT JOIN persons p ON v.subject_type = 'person' AND p.id = v.subject_id \
         AND p.version = v.version \
         WHERE l.idx >= $1 AND l.idx < $2"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to_i64(start))
        .bind(to_i64(end))
        .fetch_one(&mut *conn)
        .await
        .store()?;
    let Some(json) = row.try_get::<Option<String>, _>(0).store()? else {
        return Ok(HashMap::new());
    };
    let rows: Vec<VersionRow> = serde_json::from_str(&json)
        .map_err(|err| StoreError::Other(sqlx::Error::Decode(err.into())))?;
    let mut written: HashMap<i64, Vec<Written>> = HashMap::new();
    for version in rows {
        let row = version.row_record();
        let kept = version.snapshot_sha256.as_deref();
        let digest_kept = kept.is_none_or(|kept| kept == snapshot_digest(&version.snapshot));
        written.entry(version.event_id).or_default().push(Written {
            digest_kept,
            stored: version.snapshot,
            subject_type: version.subject_type,
            subject_id: version.subject_id,
            version: version.version,
            row,
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
    written.sort_by(|a, b| {
        (&a.subject_type, a.subject_id, a.version).cmp(&(&b.subject_type, b.subject_id, b.version))
    });
    let stored: Vec<WrittenRecord> = written.iter().map(|w| w.as_written(&w.stored)).collect();
    let from_versions = record_commitment(salt, &stored);
    let changed: Vec<(&Written, String)> = written.iter().filter_map(row_change).collect();
    let from_rows = if changed.is_empty() {
        from_versions.clone()
    } else if changed
        .iter()
        .any(|(w, _)| matches!(w.row, RowRecord::Unreadable(_)))
    {
        None
    } else {
        let rows: Vec<WrittenRecord> = written
            .iter()
            .map(|w| w.as_written(as_row_gives(w)))
            .collect();
        record_commitment(salt, &rows)
    };
    let event = logged.event;
    if from_versions != *committed {
        let rows_match = from_rows == *committed;
        let problem = versions_problem(committed.as_deref(), written, &changed, rows_match);
        report.add(Some(index), Some(event), problem);
    } else if from_rows != *committed {
        // Bounded like the report: the registry comparison reports (and counts) most such
        // rows itself.
        let room = FINDINGS_MAX.saturating_sub(rows.len());
        rows.extend(changed.into_iter().take(room).map(|(w, detail)| RowFinding {
            log_index: index,
            event_id: event,
            subject_type: w.subject_type.clone(),
            subject_id: w.subject_id,
            problem: format!(
                "{} {}: the row no longer gives the record this entry committed to ({detail})",
                w.subject_type, w.subject_id
            ),
        }));
    }
}

/// The snapshot a version's row gives where it is the latest and holds another record than
/// the stored one; else the stored one (the same record, maybe spelt in another key order).
fn as_row_gives(written: &Written) -> &str {
    match &written.row {
        RowRecord::Snapshot(snapshot) if !same_record(snapshot, &written.stored) => snapshot,
        _ => &written.stored,
    }
}

/// How the row of a latest version differs from the version as stored, if it does.
fn row_change(written: &Written) -> Option<(&Written, String)> {
    match &written.row {
        RowRecord::Snapshot(snapshot) if !same_record(snapshot, &written.stored) => {
            let detail = format!("it differs from version {}", written.version);
            Some((written, detail))
        }
        RowRecord::Unreadable(problem) => Some((written, format!("it holds {problem}"))),
        _ => None,
    }
}

fn versions_problem(
    committed: Option<&str>,
    written: &[Written],
    changed: &[(&Written, String)],
    rows_match: bool,
) -> String {
    let all = list(written.iter());
    match committed {
        None => format!("record: the log says this event wrote no record, but {all} name it"),
        Some(commitment) if written.is_empty() => format!(
            "record: the log's commitment {commitment} covers records this event wrote, \
             but no version names the event any more"
        ),
        Some(commitment) if rows_match => format!(
            "record: the version snapshots of {} no longer match the log's commitment \
             {commitment}; the rows still do",
            list(changed.iter().map(|(w, _)| *w))
        ),
        Some(commitment) => {
            let mut problem = format!(
                "record: the records this event wrote ({all}) no longer match the log's \
                 commitment {commitment}: changed behind the application's back, in a row \
                 and its version snapshot together or in the history"
            );
            let mut edited = written.iter().filter(|w| !w.digest_kept).peekable();
            if edited.peek().is_some() {
                let edited: Vec<&Written> = edited.collect();
                problem.push_str(&format!(
                    "; the snapshot of {} no longer has the digest written with it",
                    list(edited.into_iter())
                ));
            }
            problem
        }
    }
}

/// `household 12 (version 1), person 44 (version 1)`, the first [`NAMES_MAX`] of them.
fn list<'a>(written: impl ExactSizeIterator<Item = &'a Written>) -> String {
    let total = written.len();
    let mut names: Vec<String> = written
        .take(NAMES_MAX)
        .map(|w| {
            format!(
                "{} {} (version {})",
                w.subject_type, w.subject_id, w.version
            )
        })
        .collect();
    if total > NAMES_MAX {
        names.push(format!("{} more", total - NAMES_MAX));
    }
    names.join(", ")
}
