//! SQL for objections: the enrolment objected to and the objector (read inside the
//! submitting transaction), counts for the limits, writing one with its event, verifying
//! and escalating (each with an event); reading them back is in `read.rs`.

mod read;

pub use read::*;

use sqlx::Row;
use time::OffsetDateTime;

use super::model::{ESCALATED, OPEN, PROVINCE};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::RegionCode;

pub const SUBMITTED: Action = Action("objection.submitted");
pub const ESCALATED_ACTION: Action = Action("objection.escalated");
pub const VERIFIED: Action = Action("objection.verified");

/// An active enrolment as an objection sees it.
#[derive(Debug, Clone)]
pub struct Target {
    pub enrolment_id: i64,
    pub household_id: i64,
    pub programme: String,
    pub village: String,
    pub head: Option<String>,
    pub village_name: Option<String>,
}

/// The active enrolment `id`, if any.
pub async fn target(db: &Db, id: i64) -> Result<Option<Target>, StoreError> {
    let row = sqlx::query(
        "SELECT e.id, e.household_id, e.programme_code, e.region_code, \
         (SELECT p.full_name FROM persons p WHERE p.household_id = e.household_id \
           AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1), \
         (SELECT r.name FROM regions r WHERE r.code = e.region_code) \
         FROM enrolments e WHERE e.id = $1 AND e.status = 'active'",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| {
        Ok(Target {
            enrolment_id: r.try_get(0).store()?,
            household_id: r.try_get(1).store()?,
            programme: r.try_get(2).store()?,
            village: r.try_get(3).store()?,
            head: r.try_get(4).store()?,
            village_name: r.try_get(5).store()?,
        })
    })
    .transpose()
}

/// A living resident of an active household with this NIK and birth date: (person id,
/// household id, village).
pub async fn resident(
    tx: &mut Tx,
    nik: &str,
    born: &str,
) -> Result<Option<(i64, i64, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT p.id, p.household_id, h.region_code FROM persons p \
         JOIN households h ON h.id = p.household_id \
         WHERE p.nik = $1 AND p.birth_date = $2 AND p.life_status = 'hidup' \
         AND h.status = 'active'",
    )
    .bind(nik.to_owned())
    .bind(born.to_owned())
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    row.map(|r| {
        Ok((
            r.try_get(0).store()?,
            r.try_get(1).store()?,
            r.try_get(2).store()?,
        ))
    })
    .transpose()
}

/// Objections sent since `since` from a client address.
pub async fn sent_from(
    tx: &mut Tx,
    client: &str,
    since: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT COUNT(*) FROM objections WHERE client_key = $1 AND created_at >= $2")
        .bind(client.to_owned())
        .bind(timestamp::to_db(since))
        .fetch_one(&mut **tx)
        .await
        .store()
}

/// Objections sent since `since` by a resident.
pub async fn sent_by(tx: &mut Tx, objector: i64, since: OffsetDateTime) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM objections WHERE objector_person_id = $1 AND created_at >= $2",
    )
    .bind(objector)
    .bind(timestamp::to_db(since))
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// Whether the objector already has an undecided objection to this enrolment.
pub async fn pending_from(tx: &mut Tx, objector: i64, enrolment: i64) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM objections WHERE objector_person_id = $1 AND enrolment_id = $2 \
         AND status IN ('open', 'escalated')",
    )
    .bind(objector)
    .bind(enrolment)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok(n > 0)
}

/// An objection about to be written.
pub struct NewObjection<'a> {
    pub code: &'a str,
    pub target: &'a Target,
    pub reason: &'a str,
    pub description: &'a str,
    pub photo: Option<(&'a [u8], &'a str)>,
    pub coordinates: Option<(f64, f64)>,
    pub objector: i64,
    pub client: Option<&'a str>,
    pub due: OffsetDateTime,
}

/// Writes an objection and its event; the event names neither the objector nor the
/// description, only what and why.
pub async fn insert(
    tx: &mut Tx,
    new: &NewObjection<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let (lat, lon) = new.coordinates.unzip();
    let row = sqlx::query(
        "INSERT INTO objections (tracking_code, enrolment_id, household_id, programme_code, \
         region_code, reason, description, photo, photo_type, latitude, longitude, \
         objector_person_id, client_key, status, level, due_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open', 'district', \
         $14, $15) RETURNING id",
    )
    .bind(new.code.to_owned())
    .bind(new.target.enrolment_id)
    .bind(new.target.household_id)
    .bind(new.target.programme.clone())
    .bind(new.target.village.clone())
    .bind(new.reason.to_owned())
    .bind(new.description.to_owned())
    .bind(new.photo.map(|(bytes, _)| bytes.to_vec()))
    .bind(new.photo.map(|(_, kind)| kind.to_owned()))
    .bind(lat)
    .bind(lon)
    .bind(new.objector)
    .bind(new.client.map(str::to_owned))
    .bind(timestamp::to_db(new.due))
    .bind(timestamp::to_db(now))
    // An optional number: prepared on every run (see `crate::db`).
    .persistent(false)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let id: i64 = row.try_get(0).store()?;
    let event = NewEvent {
        actor: citizen(),
        action: SUBMITTED,
        subject_type: "objection",
        subject_id: id.to_string(),
        region: RegionCode::parse(&new.target.village).ok(),
        changes: Changes::new()
            .set("enrolment_id", new.target.enrolment_id)
            .set("programme", new.target.programme.clone())
            .set("reason", new.reason)
            .set("status", OPEN),
        request_id: None,
    };
    events::store::record(tx, event, now).await?;
    Ok(id)
}

/// The actor of what a resident sends from the public site: no account.
fn citizen() -> Actor {
    Actor {
        role: "citizen".into(),
        ..Actor::system()
    }
}

/// Moves every open objection past its due time to the province, with an event each;
/// returns how many moved.
pub async fn escalate_due(
    db: &Db,
    now: OffsetDateTime,
    due_again: OffsetDateTime,
) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    let rows = sqlx::query(
        "UPDATE objections SET status = $1, level = $2, escalated_at = $3, due_at = $4 \
         WHERE status = $5 AND due_at < $3 RETURNING id, region_code",
    )
    .bind(ESCALATED)
    .bind(PROVINCE)
    .bind(timestamp::to_db(now))
    .bind(timestamp::to_db(due_again))
    .bind(OPEN)
    .fetch_all(&mut *tx)
    .await
    .store()?;
    for row in &rows {
        let id: i64 = row.try_get(0).store()?;
        let region: String = row.try_get(1).store()?;
        let event = NewEvent {
            actor: Actor::system(),
            action: ESCALATED_ACTION,
            subject_type: "objection",
            subject_id: id.to_string(),
            region: RegionCode::parse(&region).ok(),
            changes: Changes::new()
                .change("status", OPEN, ESCALATED)
                .change("level", "district", PROVINCE),
            request_id: None,
        };
        events::store::record(&mut tx, event, now).await?;
    }
    tx.commit().await.store()?;
    Ok(rows.len())
}

/// The finding of a verifying officer.
pub struct Finding<'a> {
    pub id: i64,
    pub region: &'a RegionCode,
    pub from_status: &'a str,
    pub status: &'a str,
    pub note: &'a str,
    pub verifier_name: &'a str,
    pub proposal_id: Option<i64>,
}

/// Records a finding with its event; false when the objection was decided meanwhile.
pub async fn verify(
    tx: &mut Tx,
    f: &Finding<'_>,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE objections SET status = $1, verified_at = $2, verifier_kind = $3, \
         verifier_id = $4, verifier_role = $5, verifier_name = $6, finding_note = $7, \
         proposal_id = $8 WHERE id = $9 AND status = $10",
    )
    .bind(f.status.to_owned())
    .bind(timestamp::to_db(now))
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(f.verifier_name.to_owned())
    .bind(f.note.to_owned())
    .bind(f.proposal_id)
    .bind(f.id)
    .bind(f.from_status.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let mut changes = Changes::new()
        .change("status", f.from_status, f.status)
        .set("finding_note", f.note);
    if let Some(proposal) = f.proposal_id {
        changes = changes.set("proposal_id", proposal);
    }
    let event = NewEvent {
        actor: actor.clone(),
        action: VERIFIED,
        subject_type: "objection",
        subject_id: f.id.to_string(),
        region: Some(f.region.clone()),
        changes,
        request_id,
    };
    events::store::record(tx, event, now).await?;
    Ok(true)
}
