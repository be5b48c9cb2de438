//! SQL for pungli reports: writing one (with its photos and an event that names neither
//! the reporter nor the accused), notes, answers, escalation, reading them within an
//! inspectorate's scope, and the rows behind the public figures. No column holds a client
//! address or a user agent.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{ANSWERED, CLOSED, Note, OPEN, PungliReport};
use crate::complaints::photo::CleanPhoto;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{RegionCode, ScopeParams};

pub const REPORTED: Action = Action("pungli.reported");
pub const ANSWERED_ACTION: Action = Action("pungli.answered");
pub const CLOSED_ACTION: Action = Action("pungli.closed");
pub const ESCALATED: Action = Action("pungli.escalated");
pub const ADDED: Action = Action("pungli.information_added");

/// A report about to be written.
pub struct NewReport<'a> {
    pub code_hash: &'a str,
    pub accused_role: &'a str,
    pub accused_region: &'a str,
    pub accused_name: Option<&'a str>,
    pub description: &'a str,
    pub happened_on: &'a str,
    pub place: &'a str,
    pub contact: Option<&'a str>,
    pub photos: &'a [CleanPhoto],
    pub inspectorate: &'a str,
    pub due: OffsetDateTime,
}

/// Writes an event about a report; its region is the inspectorate's, never the accused's.
pub async fn record(
    tx: &mut Tx,
    what: (Action, i64, &str),
    changes: Changes,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let event = NewEvent {
        actor: actor.clone(),
        action: what.0,
        subject_type: "pungli_report",
        subject_id: what.1.to_string(),
        region: RegionCode::parse(what.2).ok(),
        changes,
        request_id: None,
    };
    events::store::record(tx, event, now).await?;
    Ok(())
}

/// Writes a report and its photos.
pub async fn insert(
    tx: &mut Tx,
    new: &NewReport<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO pungli_reports (code_hash, accused_role, accused_region, accused_name, \
         description, happened_on, place, contact, status, inspectorate_region, due_at, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11) RETURNING id",
    )
    .bind(new.code_hash.to_owned())
    .bind(new.accused_role.to_owned())
    .bind(new.accused_region.to_owned())
    .bind(new.accused_name.map(str::to_owned))
    .bind(new.description.to_owned())
    .bind(new.happened_on.to_owned())
    .bind(new.place.to_owned())
    .bind(new.contact.map(str::to_owned))
    .bind(new.inspectorate.to_owned())
    .bind(timestamp::to_db(new.due))
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    for photo in new.photos {
        sqlx::query("INSERT INTO pungli_photos (report_id, photo, photo_type) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(photo.bytes.clone())
            .bind(photo.content_type)
            .execute(&mut **tx)
            .await
            .store()?;
    }
    Ok(id)
}

/// Adds a note by `author` (`reporter` or `inspectorate`).
pub async fn add_note(
    tx: &mut Tx,
    report: i64,
    author: &str,
    body: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO pungli_notes (report_id, author, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(report)
    .bind(author.to_owned())
    .bind(body.to_owned())
    .bind(timestamp::to_db(now))
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

/// Records the inspectorate's answer: `answered`, or `closed` when it is the last word.
pub async fn answer(
    tx: &mut Tx,
    report: i64,
    status: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE pungli_reports SET status = $1, first_response_at = COALESCE(first_response_at, $2) \
         WHERE id = $3 AND status IN ($4, $5)",
    )
    .bind(status.to_owned())
    .bind(timestamp::to_db(now))
    .bind(report)
    .bind(OPEN)
    .bind(ANSWERED)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() > 0)
}

/// Reports still open past their due time: (id, inspectorate).
pub async fn due(tx: &mut Tx, now: OffsetDateTime) -> Result<Vec<(i64, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, inspectorate_region FROM pungli_reports WHERE status = $1 AND due_at < $2 \
         AND inspectorate_region <> '' ORDER BY id",
    )
    .bind(OPEN)
    .bind(timestamp::to_db(now))
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .collect()
}

/// Moves a report to another inspectorate with new days.
pub async fn move_up(
    tx: &mut Tx,
    report: i64,
    to: &str,
    due: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE pungli_reports SET inspectorate_region = $1, due_at = $2, \
         escalations = escalations + 1 WHERE id = $3",
    )
    .bind(to.to_owned())
    .bind(timestamp::to_db(due))
    .bind(report)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

const COLUMNS: &str = "r.id, r.accused_role, r.accused_region, r.accused_name, r.description, \
    r.happened_on, r.place, CASE WHEN r.contact IS NULL THEN 0 ELSE 1 END, \
    (SELECT COUNT(*) FROM pungli_photos p WHERE p.report_id = r.id), r.status, \
    r.inspectorate_region, r.due_at, r.first_response_at, r.escalations, r.created_at";

fn from_row(r: &AnyRow, now: OffsetDateTime) -> Result<PungliReport, StoreError> {
    let status: String = r.try_get(9).store()?;
    let due_at: String = r.try_get(11).store()?;
    let contact: i64 = r.try_get(7).store()?;
    Ok(PungliReport {
        id: r.try_get(0).store()?,
        accused_role: r.try_get(1).store()?,
        accused_region: r.try_get(2).store()?,
        accused_name: r.try_get(3).store()?,
        description: r.try_get(4).store()?,
        happened_on: r.try_get(5).store()?,
        place: r.try_get(6).store()?,
        has_contact: contact != 0,
        photos: r.try_get(8).store()?,
        overdue: status == OPEN && timestamp::from_db(&due_at).is_some_and(|d| d < now),
        status,
        inspectorate_region: r.try_get(10).store()?,
        due_at,
        first_response_at: r.try_get(12).store()?,
        escalations: r.try_get(13).store()?,
        created_at: r.try_get(14).store()?,
        notes: Vec::new(),
    })
}

/// A report's notes, oldest first.
pub async fn notes(tx: &mut Tx, report: i64) -> Result<Vec<Note>, StoreError> {
    let rows = sqlx::query(
        "SELECT author, body, created_at FROM pungli_notes WHERE report_id = $1 ORDER BY id",
    )
    .bind(report)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(Note {
                author: r.try_get(0).store()?,
                body: r.try_get(1).store()?,
                at: r.try_get(2).store()?,
            })
        })
        .collect()
}

/// One report with its notes.
pub async fn find_in(
    tx: &mut Tx,
    id: i64,
    now: OffsetDateTime,
) -> Result<Option<PungliReport>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM pungli_reports r WHERE r.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    let Some(row) = row else { return Ok(None) };
    let mut report = from_row(&row, now)?;
    report.notes = notes(tx, id).await?;
    Ok(Some(report))
}

/// The report a secret code's hash belongs to.
pub async fn id_of(tx: &mut Tx, code_hash: &str) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar("SELECT id FROM pungli_reports WHERE code_hash = $1")
        .bind(code_hash.to_owned())
        .fetch_optional(&mut **tx)
        .await
        .store()
}

/// Reports addressed to inspectorates inside `within` (all for a national caller), newest
/// first.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    status: &str,
    before_id: i64,
    limit: u32,
    now: OffsetDateTime,
) -> Result<Vec<PungliReport>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT {COLUMNS} FROM pungli_reports r WHERE {} AND ($4 = '' OR r.status = $4) \
         AND r.id < $5 ORDER BY r.id DESC LIMIT $6",
        crate::db::scope::within(&["r.inspectorate_region"])
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(status.to_owned())
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(|r| from_row(r, now)).collect()
}

/// The `n`th photo (from 1) of a report.
pub async fn photo(db: &Db, id: i64, n: i64) -> Result<Option<(Vec<u8>, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT photo, photo_type FROM pungli_photos WHERE report_id = $1 ORDER BY id LIMIT 1 OFFSET $2",
    )
    .bind(id)
    .bind((n - 1).max(0))
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}

/// Every report's (accused regency or province, its name, status, sent, first response,
/// due), for the public figures; nothing of what was written.
pub type FigureRow = (
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
);

pub async fn figure_rows(db: &Db) -> Result<Vec<FigureRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT SUBSTR(r.accused_region, 1, 5), \
         (SELECT g.name FROM regions g WHERE g.code = SUBSTR(r.accused_region, 1, 5)), \
         r.status, r.created_at, r.first_response_at, r.due_at FROM pungli_reports r \
         ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
                r.try_get(3).store()?,
                r.try_get(4).store()?,
                r.try_get(5).store()?,
            ))
        })
        .collect()
}

/// Whether the status is final.
pub fn is_closed(status: &str) -> bool {
    status == CLOSED
}
