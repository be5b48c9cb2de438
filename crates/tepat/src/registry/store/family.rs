//! Storing families: new ones in bulk, changed ones as new versions, unchanged ones left
//! alone, and any whose KK or NIK numbers belong to another record refused with a pointer
//! to it.

use std::collections::{HashMap, HashSet};

use sqlx::Row;
use time::OffsetDateTime;

use super::batch::{self, FamilyIn};
use super::{
    Acting, HouseholdId, KEYS_PER_LOOKUP, content_hash, household_snapshot, person_snapshot,
};
use crate::db::Engine;
use crate::db::bulk::placeholders;
use crate::db::{ResultExt, StoreError, Tx};
use crate::registry::PersonRecord;
use crate::registry::person::LifeStatus;
use crate::registry::violation::Violation;

/// What happened to one family.
#[derive(Debug, Clone)]
pub enum Outcome {
    Created(HouseholdId),
    Changed(HouseholdId),
    Unchanged(HouseholdId),
    /// Refused; each violation with the index of the member it concerns (`None`: the
    /// household itself).
    Refused(Vec<(Option<usize>, Violation)>),
}

/// Whether an existing KK number is a correction of that household or a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode<'a> {
    CreateOnly,
    /// A stored KK is corrected, but only when it lies inside `scope` (`None`: national).
    UpsertByKk {
        scope: Option<&'a str>,
    },
}

/// A stored household as far as deciding what to do needs.
#[derive(Debug, Clone)]
pub(super) struct Existing {
    pub id: i64,
    pub region_code: String,
    pub hash: String,
    pub version: i64,
}

/// A stored person as far as deciding what to do needs.
#[derive(Debug, Clone)]
pub(super) struct ExistingPerson {
    pub id: i64,
    pub household_id: i64,
    pub hash: String,
    pub version: i64,
    pub life_status: String,
    pub status_date: Option<String>,
}

/// A member given as living without a date whose death or move is on record keeps that
/// status: a spreadsheet that leaves `life_status` empty does not bring anyone back to
/// life. Returns the adjusted copies of the families that needed it, by index.
fn keep_recorded_status(
    families: &[FamilyIn],
    persons: &HashMap<String, ExistingPerson>,
) -> HashMap<usize, FamilyIn> {
    let mut adjusted = HashMap::new();
    for (index, family) in families.iter().enumerate() {
        let recorded = |m: &PersonRecord| {
            persons.get(m.nik.as_str()).filter(|p| {
                p.life_status != LifeStatus::Living.code()
                    && m.life_status == LifeStatus::Living
                    && m.status_date.is_none()
            })
        };
        if !family.members.iter().any(|m| recorded(m).is_some()) {
            continue;
        }
        let mut copy = family.clone();
        for member in &mut copy.members {
            if let Some(stored) = recorded(member) {
                if let Ok(status) = LifeStatus::parse(&stored.life_status) {
                    member.life_status = status;
                }
                member.status_date = stored
                    .status_date
                    .as_deref()
                    .and_then(|d| crate::registry::dates::parse(d).ok());
            }
        }
        adjusted.insert(index, copy);
    }
    adjusted
}

/// Applies a batch of families inside the caller's transaction.
pub async fn apply(
    tx: &mut Tx,
    families: &[FamilyIn],
    mode: Mode<'_>,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<Vec<Outcome>, StoreError> {
    let kks: Vec<String> = families
        .iter()
        .map(|f| f.household.kk.to_string())
        .collect();
    let niks: Vec<String> = families
        .iter()
        .flat_map(|f| f.members.iter().map(|m| m.nik.to_string()))
        .collect();
    let households = lookup_households(tx, &kks).await?;
    let persons = lookup_persons(tx, &niks).await?;
    let kept = keep_recorded_status(families, &persons);
    let families: Vec<&FamilyIn> = families
        .iter()
        .enumerate()
        .map(|(index, family)| kept.get(&index).unwrap_or(family))
        .collect();
    let families = families.as_slice();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; families.len()];
    let mut fresh = Vec::new();
    let mut seen_kk = HashSet::new();
    let mut seen_nik = HashSet::new();
    for (index, family) in families.iter().enumerate() {
        let existing = households.get(family.household.kk.as_str());
        let refusals = refusals(
            family,
            existing,
            &persons,
            mode,
            &mut seen_kk,
            &mut seen_nik,
        );
        if !refusals.is_empty() {
            outcomes[index] = Some(Outcome::Refused(refusals));
            continue;
        }
        match existing {
            None => fresh.push(index),
            Some(stored) if unchanged(family, stored, &persons) => {
                outcomes[index] = Some(Outcome::Unchanged(HouseholdId(stored.id)));
            }
            Some(stored) => {
                super::update::correct(tx, family, stored, &persons, acting, now).await?;
                outcomes[index] = Some(Outcome::Changed(HouseholdId(stored.id)));
            }
        }
    }
    let new_families: Vec<&FamilyIn> = fresh.iter().map(|i| families[*i]).collect();
    let ids = batch::insert_new(tx, &new_families, acting, now).await?;
    for (index, id) in fresh.into_iter().zip(ids) {
        outcomes[index] = Some(Outcome::Created(id));
    }
    Ok(outcomes
        .into_iter()
        .map(|o| o.unwrap_or(Outcome::Refused(Vec::new())))
        .collect())
}

fn refusals(
    family: &FamilyIn,
    existing: Option<&Existing>,
    persons: &HashMap<String, ExistingPerson>,
    mode: Mode<'_>,
    seen_kk: &mut HashSet<String>,
    seen_nik: &mut HashSet<String>,
) -> Vec<(Option<usize>, Violation)> {
    let mut found = Vec::new();
    let kk = family.household.kk.as_str();
    match (existing, mode) {
        (Some(stored), Mode::CreateOnly) => found.push((None, kk_taken(kk, stored.id))),
        (Some(stored), Mode::UpsertByKk { scope: Some(scope) })
            if !stored.region_code.starts_with(scope) =>
        {
            found.push((
                None,
                Violation::new(
                    "kk",
                    "kk-outside-scope",
                    format!("KK {kk} is registered in a village outside your region {scope}"),
                    format!("KK {kk} terdaftar di desa di luar wilayah kerja Anda ({scope})"),
                ),
            ));
        }
        _ => {}
    }
    if !seen_kk.insert(kk.to_owned()) {
        found.push((
            None,
            Violation::new(
                "kk",
                "kk-repeated",
                format!("KK {kk} appears in two family groups; keep its rows together"),
                format!("KK {kk} muncul di dua kelompok; baris satu keluarga harus berurutan"),
            ),
        ));
    }
    for (index, member) in family.members.iter().enumerate() {
        let nik = member.nik.as_str();
        if !seen_nik.insert(nik.to_owned()) {
            found.push((
                Some(index),
                Violation::new(
                    "nik",
                    "nik-repeated",
                    format!("NIK {nik} appears in another family of this batch"),
                    format!("NIK {nik} juga muncul pada keluarga lain dalam berkas ini"),
                ),
            ));
            continue;
        }
        if let Some(person) = persons.get(nik)
            && existing.is_none_or(|h| h.id != person.household_id)
        {
            found.push((Some(index), nik_taken(nik, person)));
        }
    }
    found
}

/// The refusal for a KK number that already belongs to a household.
pub fn kk_taken(kk: &str, household_id: i64) -> Violation {
    Violation::new(
        "kk",
        "kk-exists",
        format!(
            "KK {kk} is already registered as household {household_id} (/keluarga/{household_id})"
        ),
        format!(
            "KK {kk} sudah terdaftar sebagai keluarga {household_id} (/keluarga/{household_id})"
        ),
    )
}

fn nik_taken(nik: &str, person: &ExistingPerson) -> Violation {
    let (p, h) = (person.id, person.household_id);
    Violation::new(
        "nik",
        "nik-exists",
        format!("NIK {nik} is already registered as person {p} in household {h} (/penduduk/{p})"),
        format!("NIK {nik} sudah terdaftar sebagai penduduk {p} pada keluarga {h} (/penduduk/{p})"),
    )
}

fn unchanged(
    family: &FamilyIn,
    stored: &Existing,
    persons: &HashMap<String, ExistingPerson>,
) -> bool {
    content_hash(&household_snapshot(&family.household)) == stored.hash
        && family.members.iter().all(|m| {
            persons
                .get(m.nik.as_str())
                .is_some_and(|p| p.hash == content_hash(&person_snapshot(m)))
        })
}

async fn lookup_households(
    tx: &mut Tx,
    kks: &[String],
) -> Result<HashMap<String, Existing>, StoreError> {
    let mut found = HashMap::new();
    for chunk in kks.chunks(KEYS_PER_LOOKUP) {
        let sql = format!(
            "SELECT id, kk_number, content_hash, version, region_code FROM households \
             WHERE kk_number IN {}",
            in_list(Engine::of(tx), chunk.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for kk in chunk {
            query = query.bind(kk.clone());
        }
        for row in query.fetch_all(&mut **tx).await.store()? {
            let existing = Existing {
                id: row.try_get(0).store()?,
                hash: row.try_get(2).store()?,
                version: row.try_get(3).store()?,
                region_code: row.try_get(4).store()?,
            };
            found.insert(row.try_get(1).store()?, existing);
        }
    }
    Ok(found)
}

pub(super) async fn lookup_persons(
    tx: &mut Tx,
    niks: &[String],
) -> Result<HashMap<String, ExistingPerson>, StoreError> {
    let mut found = HashMap::new();
    for chunk in niks.chunks(KEYS_PER_LOOKUP) {
        let sql = format!(
            "SELECT id, nik, household_id, content_hash, version, life_status, status_date \
             FROM persons WHERE nik IN {}",
            in_list(Engine::of(tx), chunk.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for nik in chunk {
            query = query.bind(nik.clone());
        }
        for row in query.fetch_all(&mut **tx).await.store()? {
            let existing = ExistingPerson {
                id: row.try_get(0).store()?,
                household_id: row.try_get(2).store()?,
                hash: row.try_get(3).store()?,
                version: row.try_get(4).store()?,
                life_status: row.try_get(5).store()?,
                status_date: row.try_get(6).store()?,
            };
            found.insert(row.try_get(1).store()?, existing);
        }
    }
    Ok(found)
}

/// `(p, p, …)` for an IN list of `n` keys.
fn in_list(engine: Engine, n: usize) -> String {
    placeholders(engine, 1, n)
}
