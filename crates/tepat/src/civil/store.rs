//! SQL for the civil-registry feed. One event, inside the caller's transaction: refused if
//! already received with other details, unknown, outside the caller's scope or against the
//! rules; otherwise the receipt, the person's new version, the person's event and a review
//! flag on the person and on their household are written together. Nothing is deleted.

use serde_json::{Value, json};
use sqlx::Row;
use time::OffsetDateTime;

use super::rules::{self, CivilEvent, CivilEventKind};
use crate::db::{ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Changes, NewEvent};
use crate::region_code::RegionCode;
use crate::registry::person::{
    Disability, Education, LifeStatus, MaritalStatus, Relationship, Sex,
};
use crate::registry::store::versions::{self, NewVersion};
use crate::registry::store::{Acting, content_hash, person_snapshot};
use crate::registry::violation::Violation;
use crate::registry::{Nik, PersonRecord, dates};
use crate::review::{self, NewFlag};

pub const DEATH_RECORDED: Action = Action("person.death_recorded");
pub const MOVE_RECORDED: Action = Action("person.move_recorded");
pub const NIK_CORRECTED: Action = Action("person.nik_corrected");

/// What happened to one event.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The person changed; this many flags were raised.
    Applied {
        person_id: i64,
        flags: u64,
    },
    /// Already received, or the registry already said so.
    Unchanged,
    Refused(Violation),
}

/// A stored person as far as the feed needs.
struct Stored {
    id: i64,
    household_id: i64,
    region: RegionCode,
    household_region: RegionCode,
    version: i64,
    record: PersonRecord,
}

/// Applies one event inside `tx`; `scope` limits the persons it may touch.
pub async fn apply(
    tx: &mut Tx,
    event: &CivilEvent,
    scope: Option<&RegionCode>,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<Outcome, StoreError> {
    if let Some(refusal) = already_received(tx, event).await? {
        return Ok(refusal);
    }
    let Some(person) = find_person(tx, event.nik.as_str()).await? else {
        return Ok(Outcome::Refused(unknown_nik(&event.nik)));
    };
    if scope.is_some_and(|s| !s.contains(&person.region)) {
        return Ok(Outcome::Refused(outside_scope(&person.region)));
    }
    if let Some(new_nik) = &event.new_nik
        && let Some(owner) = find_person(tx, new_nik.as_str()).await?
    {
        return Ok(Outcome::Refused(nik_taken(new_nik, owner.id)));
    }
    let next = match rules::apply_to(event, &person.record) {
        Err(violation) => return Ok(Outcome::Refused(violation)),
        Ok(None) => {
            insert_receipt(tx, event, person.id, "unchanged", acting, now).await?;
            return Ok(Outcome::Unchanged);
        }
        Ok(Some(next)) => next,
    };
    let receipt = insert_receipt(tx, event, person.id, "applied", acting, now).await?;
    let (changes, version) = update_person(tx, event, &person, &next, now).await?;
    let flags = raise_flags(tx, event, &person, receipt, acting, now).await?;
    let mut recorded = Changes::new();
    if let Value::Object(fields) = &changes {
        for (field, change) in fields {
            recorded = recorded.change(field, change["from"].clone(), change["to"].clone());
        }
    }
    let record = NewEvent {
        actor: acting.actor.clone(),
        action: match event.kind {
            CivilEventKind::Death => DEATH_RECORDED,
            CivilEventKind::Move => MOVE_RECORDED,
            CivilEventKind::NikCorrection => NIK_CORRECTED,
        },
        subject_type: "person",
        subject_id: person.id.to_string(),
        region: Some(person.region.clone()),
        changes: recorded
            .set("reason", version_reason(event, acting))
            .set("civil_event", receipt)
            .set("flags_raised", flags.clone()),
        request_id: acting.request_id.clone(),
    };
    let written = events::store::record(tx, record, now).await?;
    let with_reason = Acting {
        reason: version_reason(event, acting),
        ..acting.clone()
    };
    versions::insert(tx, written, &[version], &with_reason, now).await?;
    Ok(Outcome::Applied {
        person_id: person.id,
        flags: flags.len() as u64,
    })
}

/// `None` when the event is new; otherwise unchanged (same details) or refused.
async fn already_received(tx: &mut Tx, event: &CivilEvent) -> Result<Option<Outcome>, StoreError> {
    let row = sqlx::query(
        "SELECT new_nik, new_village_code, received_at FROM civil_events \
         WHERE event_type = $1 AND nik = $2 AND event_date = $3",
    )
    .bind(event.kind.code())
    .bind(event.nik.as_str().to_owned())
    .bind(dates::iso(event.event_date))
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let new_nik: Option<String> = row.try_get(0).store()?;
    let new_village: Option<String> = row.try_get(1).store()?;
    let received_at: String = row.try_get(2).store()?;
    let same = new_nik.as_deref() == event.new_nik.as_ref().map(Nik::as_str)
        && new_village.as_deref() == event.new_village_code.as_ref().map(RegionCode::as_str);
    if same {
        return Ok(Some(Outcome::Unchanged));
    }
    Ok(Some(Outcome::Refused(Violation::new(
        "event",
        "event-conflict",
        format!("this event was already received on {received_at} with other details"),
        format!("peristiwa ini sudah diterima pada {received_at} dengan isian lain"),
    ))))
}

fn unknown_nik(nik: &Nik) -> Violation {
    Violation::new(
        "nik",
        "unknown-nik",
        format!("NIK {nik} is not in the registry; nothing was changed"),
        format!("NIK {nik} tidak ada dalam data keluarga; tidak ada yang diubah"),
    )
}

fn outside_scope(region: &RegionCode) -> Violation {
    Violation::new(
        "nik",
        "outside-scope",
        format!("the person lives in {region}, outside your region scope"),
        format!("penduduk tinggal di {region}, di luar wilayah kewenangan Anda"),
    )
}

fn nik_taken(nik: &Nik, owner: i64) -> Violation {
    Violation::new(
        "new_nik",
        "nik-taken",
        format!("NIK {nik} already belongs to another person (/penduduk/{owner})"),
        format!("NIK {nik} sudah dimiliki penduduk lain (/penduduk/{owner})"),
    )
}

/// "register sipil: kematian 2026-02-01 (AKTA-1); import kematian.csv"
fn version_reason(event: &CivilEvent, acting: &Acting) -> String {
    let reference = event
        .reference
        .as_ref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    format!(
        "register sipil: {} {}{reference}; {}",
        event.kind.code(),
        dates::iso(event.event_date),
        acting.reason
    )
}

async fn find_person(tx: &mut Tx, nik: &str) -> Result<Option<Stored>, StoreError> {
    let row = sqlx::query(
        "SELECT p.id, p.household_id, p.region_code, h.region_code, p.version, p.nik, \
         p.full_name, p.birth_place, p.birth_date, p.sex, p.relationship, p.marital_status, \
         p.occupation, p.education, p.disability, p.life_status, p.status_date \
         FROM persons p JOIN households h ON h.id = p.household_id WHERE p.nik = $1",
    )
    .bind(nik.to_owned())
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let text = |i: usize| row.try_get::<String, _>(i).store();
    let optional = |i: usize| row.try_get::<Option<String>, _>(i).store();
    let region = |i: usize| text(i).and_then(|t| RegionCode::parse(&t).map_err(stored));
    let record = PersonRecord {
        nik: Nik::parse(&text(5)?).map_err(stored)?,
        full_name: text(6)?,
        birth_place: text(7)?,
        birth_date: dates::parse(&text(8)?).map_err(stored)?,
        sex: Sex::parse(&text(9)?).map_err(stored)?,
        relationship: Relationship::parse(&text(10)?).map_err(stored)?,
        marital_status: optional(11)?
            .map(|t| MaritalStatus::parse(&t))
            .transpose()
            .map_err(stored)?,
        occupation: optional(12)?,
        education: optional(13)?
            .map(|t| Education::parse(&t))
            .transpose()
            .map_err(stored)?,
        disability: optional(14)?
            .map(|t| Disability::parse(&t))
            .transpose()
            .map_err(stored)?,
        life_status: LifeStatus::parse(&text(15)?).map_err(stored)?,
        status_date: optional(16)?
            .map(|t| dates::parse(&t))
            .transpose()
            .map_err(stored)?,
    };
    Ok(Some(Stored {
        id: row.try_get(0).store()?,
        household_id: row.try_get(1).store()?,
        region: region(2)?,
        household_region: region(3)?,
        version: row.try_get(4).store()?,
        record,
    }))
}

/// A stored value this program could not have written.
fn stored(err: impl std::fmt::Display) -> StoreError {
    StoreError::Other(sqlx::Error::Decode(format!("stored person: {err}").into()))
}

async fn insert_receipt(
    tx: &mut Tx,
    event: &CivilEvent,
    person_id: i64,
    outcome: &str,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO civil_events (event_type, nik, event_date, new_nik, new_village_code, \
         reference, person_id, outcome, received_at, actor_kind, actor_id, actor_role) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(event.kind.code())
    .bind(event.nik.as_str().to_owned())
    .bind(dates::iso(event.event_date))
    .bind(event.new_nik.as_ref().map(|n| n.as_str().to_owned()))
    .bind(
        event
            .new_village_code
            .as_ref()
            .map(|c| c.as_str().to_owned()),
    )
    .bind(event.reference.clone())
    .bind(person_id)
    .bind(outcome.to_owned())
    .bind(timestamp::to_db(now))
    .bind(acting.actor.kind.as_str())
    .bind(acting.actor.id)
    .bind(acting.actor.role.clone())
    .fetch_one(&mut **tx)
    .await
    .store()?;
    row.try_get(0).store()
}

/// Updates the person; returns the changed fields and the new version, which is written
/// once the event exists.
async fn update_person(
    tx: &mut Tx,
    event: &CivilEvent,
    person: &Stored,
    next: &PersonRecord,
    now: OffsetDateTime,
) -> Result<(Value, NewVersion), StoreError> {
    let before: Value = serde_json::to_value(&person.record).unwrap_or(Value::Null);
    let snapshot = person_snapshot(next);
    let after: Value = serde_json::from_str(&snapshot).unwrap_or(Value::Null);
    let changes = versions::diff(&before, &after);
    let updated = sqlx::query(
        "UPDATE persons SET nik = $1, life_status = $2, status_date = $3, version = $4, \
         content_hash = $5, updated_at = $6 WHERE id = $7 AND version = $8",
    )
    .bind(next.nik.as_str().to_owned())
    .bind(next.life_status.code())
    .bind(next.status_date.map(dates::iso))
    .bind(person.version + 1)
    .bind(content_hash(&snapshot))
    .bind(timestamp::to_db(now))
    .bind(person.id)
    .bind(person.version)
    .execute(&mut **tx)
    .await
    .store()?;
    if updated.rows_affected() != 1 {
        // Another writer changed the person since it was read: the batch rolls back, and
        // running the import again is safe, since applied events are skipped.
        return Err(StoreError::Conflict {
            constraint: "persons.version".into(),
        });
    }
    let version = NewVersion {
        subject_type: versions::PERSON,
        subject_id: person.id,
        version: person.version + 1,
        action: event.kind.action(),
        changes: changes.clone(),
        snapshot,
    };
    Ok((changes, version))
}

/// Flags the person and their household; returns the flag ids.
async fn raise_flags(
    tx: &mut Tx,
    event: &CivilEvent,
    person: &Stored,
    receipt: i64,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<Vec<i64>, StoreError> {
    let mut details = json!({
        "civil_event_id": receipt,
        "event": event.kind.code(),
        "event_date": dates::iso(event.event_date),
        "reference": event.reference,
        "person_id": person.id,
        "household_id": person.household_id,
    });
    match event.kind {
        CivilEventKind::Death => {}
        CivilEventKind::Move => {
            details["village_code"] = json!(person.region.as_str());
            details["new_village_code"] =
                json!(event.new_village_code.as_ref().map(|c| c.as_str()));
        }
        CivilEventKind::NikCorrection => {
            details["old_nik"] = json!(event.nik.as_str());
            details["new_nik"] = json!(event.new_nik.as_ref().map(Nik::as_str));
        }
    }
    let subjects = [
        (review::SUBJECT_PERSON, person.id, person.region.clone()),
        (
            review::SUBJECT_HOUSEHOLD,
            person.household_id,
            person.household_region.clone(),
        ),
    ];
    let mut ids = Vec::with_capacity(subjects.len());
    for (subject_type, subject_id, region) in subjects {
        let flag = NewFlag {
            subject_type,
            subject_id,
            region,
            reason: event.kind.reason(),
            source: review::SOURCE_CIVIL_REGISTRY,
            details: details.clone(),
        };
        let id =
            review::store::raise(tx, flag, &acting.actor, acting.request_id.clone(), now).await?;
        ids.push(id);
    }
    Ok(ids)
}
