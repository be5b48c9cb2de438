//! Corrections and moves of a stored family: the changed household and changed members
//! get a new version each, new members are added, and one event names what changed.

use std::collections::HashMap;

use serde_json::Value;
use time::OffsetDateTime;

use super::batch::{FamilyIn, insert_persons};
use super::family::{Existing, ExistingPerson};
use super::versions::{self, NewVersion};
use super::{
    Acting, HOUSEHOLD_CORRECTED, HOUSEHOLD_MOVED, HouseholdId, content_hash, household_snapshot,
    name_key, person_snapshot,
};
use crate::db::{ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Changes, EventId, NewEvent};
use crate::registry::{PersonRecord, dates};

/// Writes the differences between `family` and the stored household `stored`.
pub(super) async fn correct(
    tx: &mut Tx,
    family: &FamilyIn,
    stored: &Existing,
    persons: &HashMap<String, ExistingPerson>,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let at = timestamp::to_db(now);
    let mut new_versions = Vec::new();
    let household_changes = correct_household(tx, family, stored, &at, &mut new_versions).await?;
    let mut added = Vec::new();
    let mut corrected = Vec::new();
    for member in &family.members {
        match persons.get(member.nik.as_str()) {
            None => added.push((HouseholdId(stored.id), &family.household, member)),
            Some(person) => {
                let region = &family.household.village_code;
                if let Some(version) = correct_person(tx, member, person, region, &at).await? {
                    corrected.push(member.nik.to_string());
                    new_versions.push(version);
                }
            }
        }
    }
    let added_niks: Vec<String> = added.iter().map(|(_, _, m)| m.nik.to_string()).collect();
    new_versions.extend(insert_persons(tx, &added, &at).await?);
    let changes = MemberChanges {
        household: household_changes,
        corrected,
        added: added_niks,
    };
    let event = record_event(tx, family, stored, changes, acting, now).await?;
    versions::insert(tx, event, &new_versions, acting, now).await
}

/// A snapshot this program wrote, read back as JSON.
fn parsed(snapshot: &str) -> Value {
    serde_json::from_str(snapshot).unwrap_or(Value::Null)
}

/// Updates the household when its attributes changed; returns the changed fields.
async fn correct_household(
    tx: &mut Tx,
    family: &FamilyIn,
    stored: &Existing,
    at: &str,
    new_versions: &mut Vec<NewVersion>,
) -> Result<Value, StoreError> {
    let snapshot = household_snapshot(&family.household);
    if content_hash(&snapshot) == stored.hash {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    let before = versions::latest_snapshot(tx, versions::HOUSEHOLD, stored.id).await?;
    let changes = versions::diff(&before, &parsed(&snapshot));
    update_household(tx, family, stored, &snapshot, at).await?;
    let moved = changes.get("village_code").is_some();
    new_versions.push(NewVersion {
        subject_type: versions::HOUSEHOLD,
        subject_id: stored.id,
        version: stored.version + 1,
        action: if moved { "moved" } else { "corrected" },
        changes: changes.clone(),
        snapshot,
    });
    Ok(changes)
}

/// Updates a stored member when their record changed; returns the new version.
async fn correct_person(
    tx: &mut Tx,
    member: &PersonRecord,
    person: &ExistingPerson,
    region: &crate::region_code::RegionCode,
    at: &str,
) -> Result<Option<NewVersion>, StoreError> {
    let snapshot = person_snapshot(member);
    if content_hash(&snapshot) == person.hash {
        return Ok(None);
    }
    let before = versions::latest_snapshot(tx, versions::PERSON, person.id).await?;
    let changes = versions::diff(&before, &parsed(&snapshot));
    update_person(tx, member, person, region, &snapshot, at).await?;
    Ok(Some(NewVersion {
        subject_type: versions::PERSON,
        subject_id: person.id,
        version: person.version + 1,
        action: "corrected",
        changes,
        snapshot,
    }))
}

/// What a correction changed, for its event.
struct MemberChanges {
    household: Value,
    corrected: Vec<String>,
    added: Vec<String>,
}

/// The one event naming what the correction changed.
async fn record_event(
    tx: &mut Tx,
    family: &FamilyIn,
    stored: &Existing,
    found: MemberChanges,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<EventId, StoreError> {
    let moved = found.household.get("village_code").is_some();
    let mut changes = Changes::new();
    if let Value::Object(fields) = &found.household {
        for (field, change) in fields {
            changes = changes.change(field, change["from"].clone(), change["to"].clone());
        }
    }
    if !found.corrected.is_empty() {
        changes = changes.set("members_corrected", found.corrected);
    }
    if !found.added.is_empty() {
        changes = changes.set("members_added", found.added);
    }
    let event = NewEvent {
        actor: acting.actor.clone(),
        action: if moved {
            HOUSEHOLD_MOVED
        } else {
            HOUSEHOLD_CORRECTED
        },
        subject_type: "household",
        subject_id: stored.id.to_string(),
        region: Some(family.household.village_code.clone()),
        changes: changes.set("reason", acting.reason.clone()),
        request_id: acting.request_id.clone(),
    };
    events::store::record(tx, event, now).await
}

async fn update_household(
    tx: &mut Tx,
    family: &FamilyIn,
    stored: &Existing,
    snapshot: &str,
    at: &str,
) -> Result<(), StoreError> {
    let h = &family.household;
    sqlx::query(
        "UPDATE households SET kk_number = $1, region_code = $2, address = $3, rt = $4, \
         rw = $5, phone = $6, survey = $7, version = $8, content_hash = $9, updated_at = $10 \
         WHERE id = $11",
    )
    .bind(h.kk.as_str().to_owned())
    .bind(h.village_code.as_str().to_owned())
    .bind(h.address.clone())
    .bind(h.rt.clone())
    .bind(h.rw.clone())
    .bind(h.phone.as_ref().map(|p| p.as_str().to_owned()))
    .bind(serde_json::to_string(&h.survey).unwrap_or_default())
    .bind(stored.version + 1)
    .bind(content_hash(snapshot))
    .bind(at.to_owned())
    .bind(stored.id)
    .execute(&mut **tx)
    .await
    .store()?;
    sqlx::query("UPDATE persons SET region_code = $1 WHERE household_id = $2")
        .bind(h.village_code.as_str().to_owned())
        .bind(stored.id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

async fn update_person(
    tx: &mut Tx,
    p: &PersonRecord,
    stored: &ExistingPerson,
    region: &crate::region_code::RegionCode,
    snapshot: &str,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE persons SET region_code = $1, full_name = $2, name_key = $3, birth_place = $4, \
         birth_date = $5, sex = $6, relationship = $7, marital_status = $8, occupation = $9, \
         education = $10, disability = $11, life_status = $12, status_date = $13, \
         version = $14, content_hash = $15, updated_at = $16 WHERE id = $17",
    )
    .bind(region.as_str().to_owned())
    .bind(p.full_name.clone())
    .bind(name_key(&p.full_name))
    .bind(p.birth_place.clone())
    .bind(dates::iso(p.birth_date))
    .bind(p.sex.code())
    .bind(p.relationship.code())
    .bind(p.marital_status.map(|v| v.code()))
    .bind(p.occupation.clone())
    .bind(p.education.map(|v| v.code()))
    .bind(p.disability.map(|v| v.code()))
    .bind(p.life_status.code())
    .bind(p.status_date.map(dates::iso))
    .bind(stored.version + 1)
    .bind(content_hash(snapshot))
    .bind(at.to_owned())
    .bind(stored.id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}
