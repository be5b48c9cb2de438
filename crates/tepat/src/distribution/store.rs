//! Hand-outs, invitations and ratings in the database: SQL only.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};

/// A hand-out as stored, with its ratings so far.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = DistributionEvent)]
pub struct Event {
    pub id: i64,
    pub programme: String,
    /// The village it serves.
    pub region: String,
    pub name: String,
    pub place: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `HH:MM`, in the village's zone.
    pub starts: String,
    pub ends: String,
    pub slot_minutes: i64,
    pub slot_capacity: i64,
    /// What each household receives, in words.
    pub goods: String,
    /// `scheduled` or `closed`.
    pub status: String,
    /// The hand-out whose no-shows this one re-schedules.
    pub previous_id: Option<i64>,
    pub ratings: i64,
    /// Mean score, 1 to 5, when rated.
    pub rating_average: Option<f64>,
}

const EVENT_COLUMNS: &str = "e.id, e.programme_code, e.region_code, e.name, e.place, \
    e.latitude, e.longitude, e.day, e.starts, e.ends, e.slot_minutes, e.slot_capacity, \
    e.goods, e.status, e.previous_id, \
    (SELECT COUNT(*) FROM distribution_ratings r JOIN distribution_invitations i \
       ON i.id = r.invitation_id WHERE i.event_id = e.id), \
    (SELECT CAST(SUM(r.score) AS BIGINT) FROM distribution_ratings r \
       JOIN distribution_invitations i ON i.id = r.invitation_id WHERE i.event_id = e.id)";

fn event_from(row: &AnyRow) -> Result<Event, StoreError> {
    let ratings: i64 = row.try_get(15).store()?;
    let total: Option<i64> = row.try_get(16).store()?;
    Ok(Event {
        id: row.try_get(0).store()?,
        programme: row.try_get(1).store()?,
        region: row.try_get(2).store()?,
        name: row.try_get(3).store()?,
        place: row.try_get(4).store()?,
        latitude: row.try_get(5).store()?,
        longitude: row.try_get(6).store()?,
        day: row.try_get(7).store()?,
        starts: row.try_get(8).store()?,
        ends: row.try_get(9).store()?,
        slot_minutes: row.try_get(10).store()?,
        slot_capacity: row.try_get(11).store()?,
        goods: row.try_get(12).store()?,
        status: row.try_get(13).store()?,
        previous_id: row.try_get(14).store()?,
        ratings,
        // Computed here rather than by AVG, whose type differs between the engines.
        rating_average: total
            .filter(|_| ratings > 0)
            .map(|t| (t as f64 / ratings as f64 * 10.0).round() / 10.0),
    })
}

/// A hand-out about to be written.
pub struct NewEvent<'a> {
    pub programme: &'a str,
    pub region: &'a str,
    pub name: &'a str,
    pub place: &'a str,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub day: String,
    pub starts: String,
    pub ends: String,
    pub slot_minutes: i64,
    pub slot_capacity: i64,
    pub goods: &'a str,
    pub previous_id: Option<i64>,
    pub created_by: String,
}

pub async fn insert_event(
    tx: &mut Tx,
    new: &NewEvent<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO distribution_events (programme_code, region_code, name, place, latitude, \
         longitude, day, starts, ends, slot_minutes, slot_capacity, goods, status, previous_id, \
         created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'scheduled', $13, $14, $15) \
         RETURNING id",
    )
    .bind(new.programme.to_owned())
    .bind(new.region.to_owned())
    .bind(new.name.to_owned())
    .bind(new.place.to_owned())
    .bind(new.latitude)
    .bind(new.longitude)
    .bind(new.day.clone())
    .bind(new.starts.clone())
    .bind(new.ends.clone())
    .bind(new.slot_minutes)
    .bind(new.slot_capacity)
    .bind(new.goods.to_owned())
    .bind(new.previous_id)
    .bind(new.created_by.clone())
    .bind(timestamp::to_db(now))
    // An optional number: prepared on every run (see `crate::db`).
    .persistent(false)
    .fetch_one(&mut **tx)
    .await
    .store()
}

pub async fn insert_invitation(
    tx: &mut Tx,
    event: i64,
    household: i64,
    slot: &str,
    code: &str,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO distribution_invitations (event_id, household_id, slot, code, status) \
         VALUES ($1, $2, $3, $4, 'invited') RETURNING id",
    )
    .bind(event)
    .bind(household)
    .bind(slot.to_owned())
    .bind(code.to_owned())
    .fetch_one(&mut **tx)
    .await
    .store()
}

pub async fn event(db: &Db, id: i64) -> Result<Option<Event>, StoreError> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM distribution_events e WHERE e.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(event_from).transpose()
}

/// Hand-outs in a region (any level, by code prefix; empty for the nation), newest day
/// first.
pub async fn events_in(db: &Db, region: &str, limit: i64) -> Result<Vec<Event>, StoreError> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM distribution_events e \
         WHERE $1 = '' OR e.region_code = $1 OR e.region_code LIKE $2 \
         ORDER BY e.day DESC, e.id DESC LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(region.to_owned())
        .bind(format!("{region}.%"))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(event_from).collect()
}

/// One household's invitation, as officials see it: the name masked.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = DistributionInvitation)]
pub struct Invitation {
    pub id: i64,
    pub event_id: i64,
    pub household_id: i64,
    /// The head of the household, masked (`B*** S******`).
    pub name: String,
    /// `HH:MM`, the slot's start in the village's zone.
    pub slot: String,
    /// `invited`, `checked_in`, `no_show` or `rescheduled`.
    pub status: String,
    #[serde(skip)]
    pub code: String,
}

const INVITATION_COLUMNS: &str = "i.id, i.event_id, i.household_id, \
    (SELECT MIN(p.full_name) FROM persons p WHERE p.household_id = i.household_id \
       AND p.relationship = 'kepala'), i.slot, i.status, i.code";

fn invitation_from(row: &AnyRow) -> Result<Invitation, StoreError> {
    let name: Option<String> = row.try_get(3).store()?;
    Ok(Invitation {
        id: row.try_get(0).store()?,
        event_id: row.try_get(1).store()?,
        household_id: row.try_get(2).store()?,
        name: crate::objections::model::masked_name(&name.unwrap_or_default()),
        slot: row.try_get(4).store()?,
        status: row.try_get(5).store()?,
        code: row.try_get(6).store()?,
    })
}

pub async fn invitations(db: &Db, event: i64) -> Result<Vec<Invitation>, StoreError> {
    let sql = format!(
        "SELECT {INVITATION_COLUMNS} FROM distribution_invitations i \
         WHERE i.event_id = $1 ORDER BY i.slot, i.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(event)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(invitation_from).collect()
}

pub async fn invitation_by_code(db: &Db, code: &str) -> Result<Option<Invitation>, StoreError> {
    let sql =
        format!("SELECT {INVITATION_COLUMNS} FROM distribution_invitations i WHERE i.code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code.to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(invitation_from).transpose()
}

/// Moves invitations of an event from one state to another (all, or only `id`); how many.
pub async fn set_status(
    tx: &mut Tx,
    event: i64,
    id: Option<i64>,
    from: &str,
    to: &str,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE distribution_invitations SET status = $1 \
         WHERE event_id = $2 AND status = $3 AND ($4 = 0 OR id = $4)",
    )
    .bind(to.to_owned())
    .bind(event)
    .bind(from.to_owned())
    .bind(id.unwrap_or(0))
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected())
}

/// Records a check-in, unless the invitation is no longer waiting; whether it was.
pub async fn check_in(
    tx: &mut Tx,
    id: i64,
    by: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE distribution_invitations SET status = 'checked_in', checked_in_at = $1, \
         checked_in_by = $2 WHERE id = $3 AND status = 'invited'",
    )
    .bind(timestamp::to_db(now))
    .bind(by.to_owned())
    .bind(id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Closes a scheduled event; whether it was open.
pub async fn close(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE distribution_events SET status = 'closed' WHERE id = $1 AND status = 'scheduled'",
    )
    .bind(id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Writes a rating; the unique invitation constraint refuses a second one.
pub async fn rate(
    tx: &mut Tx,
    invitation: i64,
    score: i64,
    comment: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO distribution_ratings (invitation_id, score, comment, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(invitation)
    .bind(score)
    .bind(comment.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// The active households of a village, by id.
pub async fn households_in(db: &Db, region: &str) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar(
        "SELECT id FROM households WHERE region_code = $1 AND status = 'active' ORDER BY id",
    )
    .bind(region.to_owned())
    .fetch_all(&db.pool)
    .await
    .store()
}

/// Households of a village actively enrolled in a programme, by id.
pub async fn enrolled(db: &Db, programme: &str, region: &str) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar(
        "SELECT DISTINCT household_id FROM enrolments \
         WHERE programme_code = $1 AND region_code = $2 AND status = 'active' \
         ORDER BY household_id",
    )
    .bind(programme.to_owned())
    .bind(region.to_owned())
    .fetch_all(&db.pool)
    .await
    .store()
}

pub async fn programme_exists(db: &Db, code: &str) -> Result<bool, StoreError> {
    let found: Option<String> = sqlx::query_scalar("SELECT code FROM programmes WHERE code = $1")
        .bind(code.to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    Ok(found.is_some())
}
