//! SQL for objections: the enrolment objected to and the objector (read inside the
//! submitting transaction), counts for the limits, writing one with its event, verifying
//! and escalating (each with an event), and reading them back.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{ESCALATED, OPEN, Objection, ObjectionStatus, Objector, PROVINCE};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{RegionCode, ScopeParams};

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

/// Objections sent since `since` from a client, and by an objector.
pub async fn sent_since(
    tx: &mut Tx,
    client: Option<&str>,
    objector: i64,
    since: OffsetDateTime,
) -> Result<(i64, i64), StoreError> {
    let since = timestamp::to_db(since);
    let by_client: i64 = match client {
        Some(key) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM objections WHERE client_key = $1 AND created_at >= $2",
        )
        .bind(key.to_owned())
        .bind(since.clone())
        .fetch_one(&mut **tx)
        .await
        .store()?,
        None => 0,
    };
    let by_objector: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM objections WHERE objector_person_id = $1 AND created_at >= $2",
    )
    .bind(objector)
    .bind(since)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok((by_client, by_objector))
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

const COLUMNS: &str = "o.id, o.enrolment_id, o.household_id, \
    (SELECT p.full_name FROM persons p WHERE p.household_id = o.household_id \
      AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1), \
    o.programme_code, o.region_code, o.reason, o.description, \
    CASE WHEN o.photo IS NULL THEN 0 ELSE 1 END, o.latitude, o.longitude, o.status, o.level, \
    o.due_at, o.created_at, o.escalated_at, o.verified_at, o.verifier_name, o.verifier_role, \
    o.finding_note, o.proposal_id, o.objector_person_id, \
    (SELECT p.full_name FROM persons p WHERE p.id = o.objector_person_id), \
    (SELECT p.nik FROM persons p WHERE p.id = o.objector_person_id)";

fn from_row(r: &AnyRow, now: OffsetDateTime) -> Result<Objection, StoreError> {
    let status: String = r.try_get(11).store()?;
    let due_at: String = r.try_get(13).store()?;
    let has_photo: i64 = r.try_get(8).store()?;
    let overdue = matches!(status.as_str(), OPEN | ESCALATED)
        && timestamp::from_db(&due_at).is_some_and(|due| due < now);
    Ok(Objection {
        id: r.try_get(0).store()?,
        enrolment_id: r.try_get(1).store()?,
        household_id: r.try_get(2).store()?,
        household_head: r.try_get(3).store()?,
        programme: r.try_get(4).store()?,
        region_code: r.try_get(5).store()?,
        reason: r.try_get(6).store()?,
        description: r.try_get(7).store()?,
        has_photo: has_photo != 0,
        latitude: r.try_get(9).store()?,
        longitude: r.try_get(10).store()?,
        status,
        level: r.try_get(12).store()?,
        due_at,
        overdue,
        created_at: r.try_get(14).store()?,
        escalated_at: r.try_get(15).store()?,
        verified_at: r.try_get(16).store()?,
        verifier_name: r.try_get(17).store()?,
        verifier_role: r.try_get(18).store()?,
        finding_note: r.try_get(19).store()?,
        proposal_id: r.try_get(20).store()?,
        objector: Some(Objector {
            person_id: r.try_get(21).store()?,
            name: r
                .try_get::<Option<String>, _>(22)
                .store()?
                .unwrap_or_default(),
            nik: r
                .try_get::<Option<String>, _>(23)
                .store()?
                .unwrap_or_default(),
        }),
    })
}

/// Objections inside `within` (status `status` unless empty), newest first, before an id.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    status: &str,
    before_id: i64,
    limit: u32,
    now: OffsetDateTime,
) -> Result<Vec<Objection>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT {COLUMNS} FROM objections o WHERE {} AND ($4 = '' OR o.status = $4) \
         AND o.id < $5 ORDER BY o.id DESC LIMIT $6",
        crate::db::scope::within(&["o.region_code"])
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

/// One objection, read inside the caller's transaction.
pub async fn find_in(
    tx: &mut Tx,
    id: i64,
    now: OffsetDateTime,
) -> Result<Option<Objection>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM objections o WHERE o.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(|r| from_row(r, now)).transpose()
}

/// One objection.
pub async fn find(db: &Db, id: i64, now: OffsetDateTime) -> Result<Option<Objection>, StoreError> {
    let mut tx = db.begin().await?;
    let found = find_in(&mut tx, id, now).await?;
    tx.commit().await.store()?;
    Ok(found)
}

/// The photo of an objection: (bytes, content type).
pub async fn photo(db: &Db, id: i64) -> Result<Option<(Vec<u8>, String)>, StoreError> {
    let row =
        sqlx::query("SELECT photo, photo_type FROM objections WHERE id = $1 AND photo IS NOT NULL")
            .bind(id)
            .fetch_optional(&db.pool)
            .await
            .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}

/// What the objector sees by tracking code.
pub async fn status_of(db: &Db, code: &str) -> Result<Option<ObjectionStatus>, StoreError> {
    let row = sqlx::query(
        "SELECT tracking_code, programme_code, status, created_at, due_at, escalated_at, \
         verified_at, finding_note FROM objections WHERE tracking_code = $1",
    )
    .bind(code.to_owned())
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| {
        Ok(ObjectionStatus {
            tracking_code: r.try_get(0).store()?,
            programme: r.try_get(1).store()?,
            status: r.try_get(2).store()?,
            submitted_at: r.try_get(3).store()?,
            due_at: r.try_get(4).store()?,
            escalated_at: r.try_get(5).store()?,
            verified_at: r.try_get(6).store()?,
            finding_note: r.try_get(7).store()?,
        })
    })
    .transpose()
}

/// The objections of `village` not yet verified, oldest first: (id, household, reason,
/// programme, household head).
pub async fn undecided_in(tx: &mut Tx, village: &str) -> Result<Vec<Undecided>, StoreError> {
    let rows = sqlx::query(
        "SELECT o.id, o.household_id, o.reason, o.programme_code, \
         (SELECT p.full_name FROM persons p WHERE p.household_id = o.household_id \
           AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1) \
         FROM objections o WHERE o.region_code = $1 AND o.status IN ('open', 'escalated') \
         ORDER BY o.id",
    )
    .bind(village.to_owned())
    .fetch_all(&mut **tx)
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
            ))
        })
        .collect()
}

/// An agenda line: (id, household, what is asked, programme, household head).
pub type Undecided = (i64, i64, String, String, Option<String>);
