//! Reading objections back: one, a page within a region scope, the photo, the public
//! status by tracking code, and a village's undecided ones for its deliberation.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::objections::model::{ESCALATED, OPEN, Objection, ObjectionStatus, Objector};
use crate::region_code::{RegionCode, ScopeParams};

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
