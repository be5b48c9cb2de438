//! SQL for deliberations: scheduling one (with its event), reading one with its
//! attendance and decisions, finalising it (attendance, decisions and the event, in the
//! caller's transaction), and the lists the public pages show.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{Attendee, Deliberation, FINALISED, Item, PublicDeliberation, SCHEDULED};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{RegionCode, ScopeParams};

pub const SCHEDULED_ACTION: Action = Action("deliberation.scheduled");
pub const FINALISED_ACTION: Action = Action("deliberation.finalised");

/// Schedules a deliberation, with its event; its id.
pub async fn schedule(
    tx: &mut Tx,
    village: &RegionCode,
    held_on: &str,
    place: &str,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO deliberations (region_code, held_on, place, status, scheduled_kind, \
         scheduled_id, scheduled_role, scheduled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         RETURNING id",
    )
    .bind(village.as_str().to_owned())
    .bind(held_on.to_owned())
    .bind(place.to_owned())
    .bind(SCHEDULED)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let id: i64 = row.try_get(0).store()?;
    let event = NewEvent {
        actor: actor.clone(),
        action: SCHEDULED_ACTION,
        subject_type: "deliberation",
        subject_id: id.to_string(),
        region: Some(village.clone()),
        changes: Changes::new()
            .set("held_on", held_on)
            .set("place", place)
            .set("status", SCHEDULED),
        request_id: None,
    };
    events::store::record(tx, event, now).await?;
    Ok(id)
}

const COLUMNS: &str = "d.id, d.region_code, (SELECT r.name FROM regions r WHERE r.code = d.region_code), \
    d.held_on, d.place, d.status, d.chair, d.finalised_at, d.finalised_name, d.minutes_sha256, \
    (SELECT e.log_index FROM events e WHERE e.id = d.event_id)";

fn from_row(r: &AnyRow) -> Result<Deliberation, StoreError> {
    Ok(Deliberation {
        id: r.try_get(0).store()?,
        village: r.try_get(1).store()?,
        village_name: r.try_get(2).store()?,
        held_on: r.try_get(3).store()?,
        place: r.try_get(4).store()?,
        status: r.try_get(5).store()?,
        chair: r.try_get(6).store()?,
        finalised_at: r.try_get(7).store()?,
        finalised_by: r.try_get(8).store()?,
        minutes_sha256: r.try_get(9).store()?,
        log_index: r.try_get(10).store()?,
        attendees: Vec::new(),
        items: Vec::new(),
    })
}

/// One deliberation with its attendance and decisions (empty until finalised).
pub async fn find_in(tx: &mut Tx, id: i64) -> Result<Option<Deliberation>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM deliberations d WHERE d.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    let Some(row) = row else { return Ok(None) };
    let mut found = from_row(&row)?;
    let rows = sqlx::query(
        "SELECT name, role, household_id, account_id FROM deliberation_attendees \
         WHERE deliberation_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    for r in &rows {
        found.attendees.push(Attendee {
            name: r.try_get(0).store()?,
            role: r.try_get(1).store()?,
            household_id: r.try_get(2).store()?,
            account_id: r.try_get(3).store()?,
        });
    }
    let rows = sqlx::query(
        "SELECT i.kind, i.subject_id, i.household_id, \
         (SELECT p.full_name FROM persons p WHERE p.household_id = i.household_id \
           AND p.relationship = 'kepala' ORDER BY p.id LIMIT 1), i.decision, i.reasoning, \
         COALESCE((SELECT pr.kind || ' ' || pr.programme_code FROM proposals pr \
           WHERE i.kind = 'proposal' AND pr.id = i.subject_id), \
           (SELECT o.reason || ' ' || o.programme_code FROM objections o \
           WHERE i.kind = 'objection' AND o.id = i.subject_id), '') \
         FROM deliberation_items i WHERE i.deliberation_id = $1 ORDER BY i.id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    for r in &rows {
        found.items.push(Item {
            kind: r.try_get(0).store()?,
            id: r.try_get(1).store()?,
            household_id: r.try_get(2).store()?,
            household_head: r.try_get(3).store()?,
            decision: r.try_get(4).store()?,
            reasoning: r.try_get(5).store()?,
            summary: r.try_get(6).store()?,
        });
    }
    Ok(Some(found))
}

/// One deliberation, read on its own.
pub async fn find(db: &Db, id: i64) -> Result<Option<Deliberation>, StoreError> {
    let mut tx = db.begin().await?;
    let found = find_in(&mut tx, id).await?;
    tx.commit().await.store()?;
    Ok(found)
}

/// What finalising writes.
pub struct Record<'a> {
    pub id: i64,
    pub village: &'a RegionCode,
    pub held_on: &'a str,
    pub chair: &'a str,
    pub attendees: &'a [Attendee],
    pub items: &'a [Item],
    pub minutes_sha256: &'a str,
    pub official_name: &'a str,
}

/// Finalises a scheduled deliberation with its attendance, decisions and event; false
/// when it was finalised meanwhile.
pub async fn finalise(
    tx: &mut Tx,
    record: &Record<'_>,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let event = NewEvent {
        actor: actor.clone(),
        action: FINALISED_ACTION,
        subject_type: "deliberation",
        subject_id: record.id.to_string(),
        region: Some(record.village.clone()),
        changes: Changes::new()
            .change("status", SCHEDULED, FINALISED)
            .set("held_on", record.held_on)
            .set("attendees", record.attendees.len())
            .set("decisions", record.items.len())
            .set("minutes_sha256", record.minutes_sha256),
        request_id,
    };
    let event_id = events::store::record(tx, event, now).await?;
    let done = sqlx::query(
        "UPDATE deliberations SET status = $1, chair = $2, finalised_kind = $3, \
         finalised_id = $4, finalised_role = $5, finalised_name = $6, finalised_at = $7, \
         minutes_sha256 = $8, event_id = $9 WHERE id = $10 AND status = $11",
    )
    .bind(FINALISED)
    .bind(record.chair.to_owned())
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(record.official_name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(record.minutes_sha256.to_owned())
    .bind(event_id.0)
    .bind(record.id)
    .bind(SCHEDULED)
    .execute(&mut **tx)
    .await
    .store()?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    for a in record.attendees {
        sqlx::query(
            "INSERT INTO deliberation_attendees (deliberation_id, name, role, household_id, \
             account_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(record.id)
        .bind(a.name.clone())
        .bind(a.role.clone())
        .bind(a.household_id)
        .bind(a.account_id)
        .execute(&mut **tx)
        .await
        .store()?;
    }
    for i in record.items {
        sqlx::query(
            "INSERT INTO deliberation_items (deliberation_id, kind, subject_id, household_id, \
             decision, reasoning) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(record.id)
        .bind(i.kind.clone())
        .bind(i.id)
        .bind(i.household_id)
        .bind(i.decision.clone().unwrap_or_default())
        .bind(i.reasoning.clone().unwrap_or_default())
        .execute(&mut **tx)
        .await
        .store()?;
    }
    Ok(true)
}

/// Finalised deliberations inside `within`, newest first (at most 200).
pub async fn finalised_in(
    db: &Db,
    within: Option<&RegionCode>,
) -> Result<Vec<PublicDeliberation>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT d.id, d.region_code, d.held_on, \
         (SELECT COUNT(*) FROM deliberation_items i WHERE i.deliberation_id = d.id), \
         (SELECT e.log_index FROM events e WHERE e.id = d.event_id) \
         FROM deliberations d WHERE {} AND d.status = 'finalised' \
         ORDER BY d.held_on DESC, d.id DESC LIMIT 200",
        crate::db::scope::within(&["d.region_code"])
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get(0).store()?;
            Ok(PublicDeliberation {
                id,
                village: r.try_get(1).store()?,
                held_on: r.try_get(2).store()?,
                decisions: r.try_get(3).store()?,
                minutes_url: format!("/musyawarah/{id}"),
                log_index: r.try_get(4).store()?,
            })
        })
        .collect()
}

/// Every deliberation of a village, scheduled or finalised, newest first (at most 100):
/// (id, date, place, status).
pub async fn of_village(
    db: &Db,
    village: &str,
) -> Result<Vec<(i64, String, String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, held_on, place, status FROM deliberations WHERE region_code = $1 \
         ORDER BY held_on DESC, id DESC LIMIT 100",
    )
    .bind(village.to_owned())
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
            ))
        })
        .collect()
}
