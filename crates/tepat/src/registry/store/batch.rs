//! Writing many new households at once: multi-row INSERTs for households, persons and
//! their first versions, and one event per household, inside the caller's transaction.

use time::OffsetDateTime;

use super::versions::{self, NewVersion};
use super::{
    Acting, HOUSEHOLD_CREATED, HouseholdId, content_hash, household_snapshot, name_key,
    person_snapshot,
};
use crate::db::Engine;
use crate::db::bulk::{insert_ids, placeholders, returning_id, rows_per_statement};
use crate::db::{StoreError, Tx, timestamp};
use crate::events::{self, Changes, NewEvent};
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
    let mut ordered = Vec::with_capacity(families.len());
    let mut household_versions = Vec::with_capacity(families.len());
    let engine = Engine::of(tx);
    let returning = returning_id(engine);
    for chunk in families.chunks(rows_per_statement(HOUSEHOLD_COLUMNS)) {
        let snapshots: Vec<String> = chunk
            .iter()
            .map(|f| household_snapshot(&f.household))
            .collect();
        let sql = format!(
            "INSERT INTO households (kk_number, region_code, address, rt, rw, phone, survey, \
             status, version, content_hash, created_at, updated_at) VALUES {}{returning}",
            placeholders(engine, chunk.len(), HOUSEHOLD_COLUMNS)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (family, snapshot) in chunk.iter().zip(&snapshots) {
            let h = &family.household;
            query = query
                .bind(h.kk.as_str().to_owned())
                .bind(h.village_code.as_str().to_owned())
                .bind(h.address.clone())
                .bind(h.rt.clone())
                .bind(h.rw.clone())
                .bind(h.phone.as_ref().map(|p| p.as_str().to_owned()))
                .bind(serde_json::to_string(&h.survey).unwrap_or_default())
                .bind("active")
                .bind(1_i64)
                .bind(content_hash(snapshot))
                .bind(at.clone())
                .bind(at.clone());
        }
        let ids = insert_ids(tx, query, chunk.len()).await?;
        for (id, snapshot) in ids.into_iter().zip(snapshots) {
            ordered.push(HouseholdId(id));
            household_versions.push(first_version(versions::HOUSEHOLD, id, snapshot));
        }
    }
    let members: Vec<(HouseholdId, &HouseholdRecord, &PersonRecord)> = families
        .iter()
        .zip(&ordered)
        .flat_map(|(f, id)| f.members.iter().map(move |m| (*id, &f.household, m)))
        .collect();
    let person_versions = insert_persons(tx, &members, &at).await?;
    versions::insert(tx, &household_versions, acting, now).await?;
    versions::insert(tx, &person_versions, acting, now).await?;
    let created = families
        .iter()
        .zip(&ordered)
        .map(|(family, id)| created_event(family, *id, acting))
        .collect();
    events::store::record_many(tx, created, now).await?;
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
    let mut found = Vec::with_capacity(members.len());
    let engine = Engine::of(tx);
    let returning = returning_id(engine);
    for chunk in members.chunks(rows_per_statement(PERSON_COLUMNS)) {
        let snapshots: Vec<String> = chunk.iter().map(|(_, _, p)| person_snapshot(p)).collect();
        let sql = format!(
            "INSERT INTO persons (nik, household_id, region_code, full_name, name_key, \
             birth_place, birth_date, sex, relationship, marital_status, occupation, \
             education, disability, life_status, status_date, version, content_hash, \
             created_at, updated_at) VALUES {}{returning}",
            placeholders(engine, chunk.len(), PERSON_COLUMNS)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for ((household_id, household, p), snapshot) in chunk.iter().zip(&snapshots) {
            query = query
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
                .bind(content_hash(snapshot))
                .bind(at.to_owned())
                .bind(at.to_owned());
        }
        let ids = insert_ids(tx, query, chunk.len()).await?;
        for (id, snapshot) in ids.into_iter().zip(snapshots) {
            found.push(first_version(versions::PERSON, id, snapshot));
        }
    }
    Ok(found)
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
