//! Enrolments: the basis a batch is prepared against, who is enrolled where, writing an
//! approved batch's enrolments in one statement, and overrides with their event.

use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::text;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::duplicates::OPEN;
use crate::enrolment::model::Enrolment;
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{RegionCode, ScopeParams};

pub const OVERRIDE_ADDED: Action = Action("enrolment.override_added");
pub const PROPOSAL_ENROLLED: Action = Action("enrolment.proposal_enrolled");

/// The state of a programme's enrolments a batch is prepared against: the highest
/// enrolment id and the number active. Any enrolment added or ended changes it.
pub async fn basis(tx: &mut Tx, programme: &str) -> Result<String, StoreError> {
    let row = sqlx::query(
        "SELECT COALESCE(MAX(id), 0), \
         COALESCE(SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0) \
         FROM enrolments WHERE programme_code = $1",
    )
    .bind(programme.to_owned())
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let last: i64 = row.try_get(0).store()?;
    let active: i64 = row.try_get(1).store()?;
    Ok(format!("{last}/{active}"))
}

/// The households enrolled in `programme` inside `within`, by id.
pub async fn active_households(
    db: &Db,
    programme: &str,
    within: Option<&RegionCode>,
) -> Result<Vec<i64>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT household_id FROM enrolments e WHERE {} AND programme_code = $4 \
         AND status = 'active' ORDER BY household_id",
        crate::db::scope::within(&["e.region_code"])
    );
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(programme.to_owned())
        .fetch(&db.pool)
        .try_collect()
        .await
        .store()
}

/// The active enrolments in each of `programmes` inside `within`: (household, programme).
pub async fn active_in(
    db: &Db,
    programmes: &[String],
    within: Option<&RegionCode>,
) -> Result<Vec<(i64, String)>, StoreError> {
    let mut found = Vec::new();
    for programme in programmes {
        for household in active_households(db, programme, within).await? {
            found.push((household, programme.clone()));
        }
    }
    Ok(found)
}

/// How many households are enrolled in `programme` inside `region` (empty: everywhere).
pub async fn count_active(db: &Db, programme: &str, region: &str) -> Result<i64, StoreError> {
    let within = RegionCode::parse(region).ok();
    let scope = ScopeParams::new(within.as_ref());
    let sql = format!(
        "SELECT COUNT(*) FROM enrolments e WHERE {} AND programme_code = $4 \
         AND status = 'active'",
        crate::db::scope::within(&["e.region_code"])
    );
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(programme.to_owned())
        .fetch_one(&db.pool)
        .await
        .store()
}

/// The selected lines of batch `$1` (programme `$2`) that may still be enrolled: not
/// enrolled meanwhile, no member now in an undecided pair (status `$3`), a living member.
const ENROLLABLE: &str = "FROM enrolment_batch_lines l \
    WHERE l.batch_id = $1 AND l.outcome = 'selected' \
    AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.programme_code = $2 \
      AND e.household_id = l.household_id AND e.status = 'active') \
    AND NOT EXISTS (SELECT 1 FROM persons p JOIN duplicate_pairs d \
      ON d.person_a = p.id OR d.person_b = p.id \
      WHERE p.household_id = l.household_id AND d.status = $3) \
    AND EXISTS (SELECT 1 FROM persons p WHERE p.household_id = l.household_id \
      AND p.life_status = 'hidup')";

/// How many of a batch's selected households `enrol_batch` would enrol now.
pub async fn count_enrollable(
    tx: &mut Tx,
    batch_id: i64,
    programme: &str,
) -> Result<i64, StoreError> {
    let sql = format!("SELECT COUNT(*) {ENROLLABLE}");
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
        .bind(batch_id)
        .bind(programme.to_owned())
        .bind(OPEN)
        .fetch_one(&mut **tx)
        .await
        .store()
}

/// A household's village and status.
pub async fn household_region(
    db: &Db,
    household_id: i64,
) -> Result<Option<(String, String)>, StoreError> {
    let row = sqlx::query("SELECT region_code, status FROM households WHERE id = $1")
        .bind(household_id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.map(|r| Ok((text(&r, 0)?, text(&r, 1)?))).transpose()
}

/// Enrols the batch's selected households, except those held since it was prepared (a
/// member now in an undecided pair, or no longer living) and those enrolled meanwhile,
/// in one statement; returns how many were enrolled.
pub async fn enrol_batch(
    tx: &mut Tx,
    batch_id: i64,
    programme: &str,
    actor: &Actor,
    event_id: i64,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let sql = format!(
        "INSERT INTO enrolments (programme_code, household_id, region_code, status, source, \
         batch_id, started_at, actor_kind, actor_id, actor_role, event_id) \
         SELECT $2, l.household_id, l.region_code, 'active', 'batch', l.batch_id, $4, $5, $6, \
         $7, $8 {ENROLLABLE}"
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(batch_id)
        .bind(programme.to_owned())
        .bind(OPEN)
        .bind(timestamp::to_db(now))
        .bind(actor.kind.as_str())
        .bind(actor.id)
        .bind(actor.role.clone())
        .bind(event_id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(i64::try_from(done.rows_affected()).unwrap_or(i64::MAX))
}

/// An override about to be written.
pub struct NewOverride<'a> {
    pub programme: &'a str,
    pub household_id: i64,
    pub region: &'a str,
    pub reason: &'a str,
}

/// Enrols one household put forward by a named official, with its event, in the caller's
/// transaction; returns the enrolment's id.
pub async fn insert_override(
    tx: &mut Tx,
    new: &NewOverride<'_>,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    insert_one(tx, new, "override", actor, request_id, now).await
}

/// Enrols one household at the end of an approved proposal's chain, with its event, in the
/// caller's transaction; `new.reason` names the proposal. Returns the enrolment's id.
pub async fn insert_from_proposal(
    tx: &mut Tx,
    new: &NewOverride<'_>,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    insert_one(tx, new, "proposal", actor, request_id, now).await
}

async fn insert_one(
    tx: &mut Tx,
    new: &NewOverride<'_>,
    source: &'static str,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let action = if source == "override" {
        OVERRIDE_ADDED
    } else {
        PROPOSAL_ENROLLED
    };
    let event = NewEvent {
        actor: actor.clone(),
        action,
        subject_type: "household",
        subject_id: new.household_id.to_string(),
        region: RegionCode::parse(new.region).ok(),
        changes: Changes::new()
            .set("programme", new.programme)
            .change("enrolled", false, true)
            .set("reason", new.reason),
        request_id,
    };
    let event_id = events::store::record(tx, event, now).await?;
    let row = sqlx::query(
        "INSERT INTO enrolments (programme_code, household_id, region_code, status, source, \
         reason, started_at, actor_kind, actor_id, actor_role, event_id) \
         VALUES ($1, $2, $3, 'active', $10, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.programme.to_owned())
    .bind(new.household_id)
    .bind(new.region.to_owned())
    .bind(new.reason.to_owned())
    .bind(timestamp::to_db(now))
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(event_id.0)
    .bind(source)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    row.try_get(0).store()
}

/// Whether the household is enrolled in `programme` now (inside a transaction).
pub async fn is_active_in(
    tx: &mut Tx,
    programme: &str,
    household_id: i64,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM enrolments WHERE programme_code = $1 AND household_id = $2 \
         AND status = 'active'",
    )
    .bind(programme.to_owned())
    .bind(household_id)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok(n > 0)
}

const COLUMNS: &str = "id, programme_code, household_id, region_code, status, source, \
    batch_id, reason, started_at, actor_id, actor_role, ended_at";

fn from_row(row: &AnyRow) -> Result<Enrolment, StoreError> {
    Ok(Enrolment {
        id: row.try_get(0).store()?,
        programme: text(row, 1)?,
        household_id: row.try_get(2).store()?,
        region: text(row, 3)?,
        status: text(row, 4)?,
        source: text(row, 5)?,
        batch_id: row.try_get(6).store()?,
        reason: row.try_get(7).store()?,
        started_at: text(row, 8)?,
        by: row.try_get(9).store()?,
        by_role: text(row, 10)?,
        ended_at: row.try_get(11).store()?,
    })
}

/// A household's enrolments, newest first.
pub async fn of_household(db: &Db, household_id: i64) -> Result<Vec<Enrolment>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM enrolments WHERE household_id = $1 ORDER BY id DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(household_id)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// A programme's overrides inside `within`, newest first.
pub async fn overrides(
    db: &Db,
    programme: &str,
    within: Option<&RegionCode>,
    limit: i64,
) -> Result<Vec<Enrolment>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT {COLUMNS} FROM enrolments e WHERE {} AND programme_code = $4 \
         AND source = 'override' ORDER BY id DESC LIMIT $5",
        crate::db::scope::within(&["e.region_code"])
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(programme.to_owned())
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// Active enrolments of a programme inside `within`, counted by source (`batch`,
/// `override`).
pub async fn count_by_source(
    db: &Db,
    programme: &str,
    within: Option<&RegionCode>,
) -> Result<(i64, i64), StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT COALESCE(SUM(CASE WHEN source = 'batch' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN source = 'override' THEN 1 ELSE 0 END), 0) \
         FROM enrolments e WHERE {} AND programme_code = $4 AND status = 'active'",
        crate::db::scope::within(&["e.region_code"])
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(programme.to_owned())
        .fetch_one(&db.pool)
        .await
        .store()?;
    Ok((row.try_get(0).store()?, row.try_get(1).store()?))
}
