//! Writing many new households at once: multi-row INSERTs for households, persons, one
//! event per household and the first versions (each naming its household's event), inside
//! the caller's transaction.

use time::OffsetDateTime;

use super::versions::{self, NewVersion};
use super::{
    Acting, HOUSEHOLD_CREATED, HouseholdId, content_hash, household_snapshot, name_key,
    person_snapshot,
};
use crate::db::bulk::insert_rows;
use crate::db::{StoreError, Tx, timestamp};
use crate::events::{self, Changes, EventId, NewEvent};
use crate::registry::{HouseholdRecord, PersonRecord, dates};

/// A family to be stored: the household and its members.
#[derive(Debug, Clone)]
pub struct FamilyIn {
    pub household: HouseholdRecord,
    pub members: Vec<PersonRecord>,
}

const HOUSEHOLD_COLUMNS: usize = 12;
const PERSON_COLUMNS: usize = 19;

/// Inserts new families (none of whose KK or NIK numbers exist) and returns their ids in
/// the order given.
pub async fn insert_new(
    tx: &mut Tx,
    families: &[&FamilyIn],
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<Vec<HouseholdId>, StoreError> {
    let at = timestamp::to_db(now);
    let mut snapshots = Vec::with_capacity(families.len());
    let ids = insert_rows(
        tx,
        "households (kk_number, region_code, address, rt, rw, phone, survey, status, version, \
         content_hash, created_at, updated_at)",
        HOUSEHOLD_COLUMNS,
        families,
        true,
        |query, family| {
            let h = &family.household;
            let snapshot = household_snapshot(h);
            let query = query
                .bind(h.kk.as_str().to_owned())
                .bind(h.village_code.as_str().to_owned())
                .bind(h.address.clone())
                .bind(h.rt.clone())
                .bind(h.rw.clone())
                .bind(h.phone.as_ref().map(|p| p.as_str().to_owned()))
                .bind(serde_json::to_string(&h.survey).unwrap_or_default())
                .bind("active")
                .bind(1_i64)
                .bind(content_hash(&snapshot))
                .bind(at.clone())
                .bind(at.clone());
            snapshots.push(snapshot);
            query
        },
    )
    .await?;
    let ordered: Vec<HouseholdId> = ids.iter().copied().map(HouseholdId).collect();
    let household_versions: Vec<NewVersion> = ids
        .into_iter()
        .zip(snapshots)
        .map(|(id, snapshot)| first_version(versions::HOUSEHOLD, id, snapshot))
        .collect();
    let members: Vec<(HouseholdId, &HouseholdRecord, &PersonRecord)> = families
        .iter()
        .zip(&ordered)
        .flat_map(|(f, id)| f.members.iter().map(move |m| (*id, &f.household, m)))
        .collect();
    let person_versions = insert_persons(tx, &members, &at).await?;
    let created = families
        .iter()
        .zip(&ordered)
        .map(|(family, id)| created_event(family, *id, acting))
        .collect();
    // Each household's event is written first, so its versions and its members' can name it.
    let events = events::store::record_many(tx, created, now).await?;
    let member_events = families
        .iter()
        .zip(&events)
        .flat_map(|(family, event)| family.members.iter().map(move |_| *event));
    let written: Vec<(EventId, &NewVersion)> = events
        .iter()
        .copied()
        .zip(&household_versions)
        .chain(member_events.zip(&person_versions))
        .collect();
    versions::insert_many(tx, &written, acting, now).await?;
    Ok(ordered)
}

fn first_version(subject_type: &'static str, id: i64, snapshot: String) -> NewVersion {
    NewVersion {
        subject_type,
        subject_id: id,
        version: 1,
        action: "created",
        changes: serde_json::Value::Object(serde_json::Map::new()),
        snapshot,
    }
}

/// Inserts persons and returns their first versions.
pub async fn insert_persons(
    tx: &mut Tx,
    members: &[(HouseholdId, &HouseholdRecord, &PersonRecord)],
    at: &str,
) -> Result<Vec<NewVersion>, StoreError> {
    let mut snapshots = Vec::with_capacity(members.len());
    let ids = insert_rows(
        tx,
        "persons (nik, household_id, region_code, full_name, name_key, birth_place, \
         birth_date, sex, relationship, marital_status, occupation, education, disability, \
         life_status, status_date, version, content_hash, created_at, updated_at)",
        PERSON_COLUMNS,
        members,
        true,
        |query, (household_id, household, p)| {
            let snapshot = person_snapshot(p);
            let query = query
                .bind(p.nik.as_str().to_owned())
                .bind(household_id.0)
                .bind(household.village_code.as_str().to_owned())
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
                .bind(1_i64)
                .bind(content_hash(&snapshot))
                .bind(at.to_owned())
                .bind(at.to_owned());
            snapshots.push(snapshot);
            query
        },
    )
    .await?;
    Ok(ids
        .into_iter()
        .zip(snapshots)
        .map(|(id, snapshot)| first_version(versions::PERSON, id, snapshot))
        .collect())
}

fn created_event(family: &FamilyIn, id: HouseholdId, acting: &Acting) -> NewEvent {
    let h = &family.household;
    let niks: Vec<&str> = family.members.iter().map(|m| m.nik.as_str()).collect();
    NewEvent {
        actor: acting.actor.clone(),
        action: HOUSEHOLD_CREATED,
        subject_type: "household",
        subject_id: id.0.to_string(),
        region: Some(h.village_code.clone()),
        changes: Changes::new()
            .set("kk", h.kk.as_str())
            .set("village_code", h.village_code.as_str())
            .set("members", niks)
            .set("reason", acting.reason.clone()),
        request_id: acting.request_id.clone(),
    }
}
