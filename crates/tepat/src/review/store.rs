//! SQL for review flags: raising one (with its event) inside the caller's transaction,
//! clearing one (with its event), and reading them by scope, by subject and by id.

use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::{CLEARED, OPEN};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{RegionCode, ScopeParams};

pub const FLAG_RAISED: Action = Action("review_flag.raised");
pub const FLAG_CLEARED: Action = Action("review_flag.cleared");

/// A flag about to be raised.
#[derive(Debug, Clone)]
pub struct NewFlag {
    pub subject_type: &'static str,
    pub subject_id: i64,
    pub region: RegionCode,
    pub reason: &'static str,
    pub source: &'static str,
    /// What the official needs to judge the flag (dates, references, the new village …).
    pub details: Value,
}

/// A stored flag.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReviewFlag {
    pub id: i64,
    /// `person`, `household`; later features add their own record types.
    pub subject_type: String,
    pub subject_id: i64,
    /// The person's name, or the household head's, when the subject has one.
    pub subject_name: Option<String>,
    pub region_code: String,
    /// `death`, `move`, `nik_correction`, …
    pub reason: String,
    /// Where the flag came from, e.g. `civil-registry`.
    pub source: String,
    #[schema(value_type = Object)]
    pub details: Value,
    /// `open` or `cleared`.
    pub status: String,
    /// UTC, RFC 3339.
    pub raised_at: String,
    pub raised_by_role: String,
    pub cleared_at: Option<String>,
    pub cleared_by_kind: Option<String>,
    pub cleared_by_id: Option<i64>,
    pub cleared_by_role: Option<String>,
    pub clear_note: Option<String>,
}

/// Writes a flag and its event inside the caller's transaction.
pub async fn raise(
    tx: &mut Tx,
    flag: NewFlag,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO review_flags (subject_type, subject_id, region_code, reason, source, \
         details, status, raised_at, raised_by_kind, raised_by_id, raised_by_role) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(flag.subject_type)
    .bind(flag.subject_id)
    .bind(flag.region.as_str().to_owned())
    .bind(flag.reason)
    .bind(flag.source)
    .bind(flag.details.to_string())
    .bind(OPEN)
    .bind(timestamp::to_db(now))
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let id: i64 = row.try_get(0).store()?;
    let changes = Changes::new()
        .set("subject_type", flag.subject_type)
        .set("subject_id", flag.subject_id)
        .set("reason", flag.reason)
        .set("source", flag.source)
        .set("status", OPEN);
    let event = NewEvent {
        actor: actor.clone(),
        action: FLAG_RAISED,
        subject_type: "review_flag",
        subject_id: id.to_string(),
        region: Some(flag.region),
        changes,
        request_id,
    };
    events::store::record(tx, event, now).await?;
    Ok(id)
}

/// Clears an open flag and records the event; false when it was no longer open.
pub async fn clear(
    tx: &mut Tx,
    flag: &ReviewFlag,
    actor: &Actor,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE review_flags SET status = $1, cleared_at = $2, cleared_by_kind = $3, \
         cleared_by_id = $4, cleared_by_role = $5, clear_note = $6 \
         WHERE id = $7 AND status = $8",
    )
    .bind(CLEARED)
    .bind(timestamp::to_db(now))
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(note.to_owned())
    .bind(flag.id)
    .bind(OPEN)
    .execute(&mut **tx)
    .await
    .store()?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let region = RegionCode::parse(&flag.region_code).ok();
    let event = NewEvent {
        actor: actor.clone(),
        action: FLAG_CLEARED,
        subject_type: "review_flag",
        subject_id: flag.id.to_string(),
        region,
        changes: Changes::new()
            .change("status", OPEN, CLEARED)
            .set("clear_note", note),
        request_id,
    };
    events::store::record(tx, event, now).await?;
    Ok(true)
}

const COLUMNS: &str = "f.id, f.subject_type, f.subject_id, \
    CASE f.subject_type \
      WHEN 'person' THEN (SELECT p.full_name FROM persons p WHERE p.id = f.subject_id) \
      WHEN 'household' THEN (SELECT p.full_name FROM persons p \
        WHERE p.household_id = f.subject_id AND p.relationship = 'kepala' \
        ORDER BY p.id LIMIT 1) \
    END AS subject_name, \
    f.region_code, f.reason, f.source, f.details, f.status, f.raised_at, f.raised_by_role, \
    f.cleared_at, f.cleared_by_kind, f.cleared_by_id, f.cleared_by_role, f.clear_note";

fn flag_from_row(row: &AnyRow) -> Result<ReviewFlag, StoreError> {
    let details: String = row.try_get(7).store()?;
    Ok(ReviewFlag {
        id: row.try_get(0).store()?,
        subject_type: row.try_get(1).store()?,
        subject_id: row.try_get(2).store()?,
        subject_name: row.try_get(3).store()?,
        region_code: row.try_get(4).store()?,
        reason: row.try_get(5).store()?,
        source: row.try_get(6).store()?,
        details: serde_json::from_str(&details).unwrap_or(Value::Null),
        status: row.try_get(8).store()?,
        raised_at: row.try_get(9).store()?,
        raised_by_role: row.try_get(10).store()?,
        cleared_at: row.try_get(11).store()?,
        cleared_by_kind: row.try_get(12).store()?,
        cleared_by_id: row.try_get(13).store()?,
        cleared_by_role: row.try_get(14).store()?,
        clear_note: row.try_get(15).store()?,
    })
}

/// Filters on a flag list; empty strings mean "any".
#[derive(Debug, Clone, Default)]
pub struct FlagFilter {
    pub status: String,
    pub subject_type: String,
}

/// Flags inside `within` (all when `None`) matching `filter`, newest first, before an id.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    filter: &FlagFilter,
    before_id: i64,
    limit: u32,
) -> Result<Vec<ReviewFlag>, StoreError> {
    let ScopeParams {
        national,
        exact,
        prefix,
    } = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["f.region_code"]);
    let sql = format!(
        "SELECT {COLUMNS} FROM review_flags f \
         WHERE {in_scope} \
           AND ($4 = '' OR f.status = $4) AND ($5 = '' OR f.subject_type = $5) AND f.id < $6 \
         ORDER BY f.id DESC LIMIT $7"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(national)
        .bind(exact)
        .bind(prefix)
        .bind(filter.status.clone())
        .bind(filter.subject_type.clone())
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(flag_from_row).collect()
}

/// A flag read inside a write transaction, so a clearing sees the status it changes.
pub async fn find_in(tx: &mut Tx, id: i64) -> Result<Option<ReviewFlag>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM review_flags f WHERE f.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(flag_from_row).transpose()
}

pub async fn find(db: &Db, id: i64) -> Result<Option<ReviewFlag>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM review_flags f WHERE f.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(flag_from_row).transpose()
}

/// Open flags on one record, newest first.
pub async fn open_for_subject(
    db: &Db,
    subject_type: &str,
    subject_id: i64,
) -> Result<Vec<ReviewFlag>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM review_flags f \
         WHERE f.subject_type = $1 AND f.subject_id = $2 AND f.status = $3 ORDER BY f.id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(subject_type.to_owned())
        .bind(subject_id)
        .bind(OPEN)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(flag_from_row).collect()
}

/// Open flags on a person and on their household, newest first.
pub async fn open_for_person(db: &Db, person_id: i64) -> Result<Vec<ReviewFlag>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM review_flags f \
         WHERE f.status = $1 AND ((f.subject_type = 'person' AND f.subject_id = $2) \
           OR (f.subject_type = 'household' AND f.subject_id = \
               (SELECT household_id FROM persons WHERE id = $2))) \
         ORDER BY f.id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(OPEN)
        .bind(person_id)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(flag_from_row).collect()
}
