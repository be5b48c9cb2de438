//! The check at entry: a person just created or changed is compared with the persons that
//! share a block with them (NIK digits, family card, birth date in the regency, folded
//! name and birth year), scored with the latest run's weights (or the defaults before any
//! run), and pairs at or above the threshold are opened. Indexed lookups only, and at most
//! `CANDIDATES_PER_BLOCK` persons per block, so a common name costs no more than a rare one.

use std::collections::BTreeMap;

use linkage::em::Model;
use linkage::explain::explain;
use linkage::record::{PersonFields, Store, parse_person};
use linkage::score::{Scorer, THRESHOLD_FALLBACK, probability};
use time::OffsetDateTime;

use super::SOURCE_ENTRY;
use super::model::{PairExplanation, PersonPair, StoredModel, default_model};
use super::store::persons::{self, Block, LinkPerson};
use super::store::{self, NewPair, runs};
use crate::db::{Db, StoreError};
use crate::events::Actor;
use crate::region_code::RegionCode;
use crate::registry::store::{begin_write, name_key};

/// Candidates read per block. Four blocks of 50 bound one check to 200 comparisons.
pub const CANDIDATES_PER_BLOCK: u32 = 50;
/// Persons checked after one change; a household has rarely more than a dozen members.
pub const PERSONS_PER_CHECK_MAX: usize = 50;

/// The weights and threshold a check scores with.
#[derive(Debug, Clone)]
pub struct Scoring {
    pub model: Model,
    pub threshold: f64,
    /// Persons in the registry, for weighing how common a name is.
    pub records: u64,
    /// False with the default model: without a run over the registry there are no name
    /// counts to weigh against, and a small registry would make every name look common.
    pub name_frequency: bool,
}

impl Scoring {
    /// The latest run's model, or the defaults when there is none (or it cannot be read).
    pub async fn latest(db: &Db) -> Result<Scoring, StoreError> {
        let stored = runs::latest_model(db)
            .await?
            .and_then(|text| serde_json::from_str::<StoredModel>(&text).ok());
        if let Some(stored) = stored
            && let Some(model) = stored.model()
        {
            return Ok(Scoring {
                model,
                threshold: stored.threshold,
                records: stored.records,
                name_frequency: true,
            });
        }
        // Without name frequencies the registry's size is not needed, and counting a large
        // registry on every entry would not be cheap.
        Ok(Scoring {
            model: default_model(),
            threshold: THRESHOLD_FALLBACK,
            records: 0,
            name_frequency: false,
        })
    }
}

/// The text fields of a person as the linkage reads them.
pub fn fields<'a>(person: &'a LinkPerson, id: &'a str) -> PersonFields<'a> {
    PersonFields {
        id,
        nik: &person.nik,
        kk: &person.kk_number,
        name: &person.full_name,
        sex: &person.sex,
        birth_place: &person.birth_place,
        birth_date: &person.birth_date,
        address: &person.address,
        rt: &person.rt,
        rw: &person.rw,
        village_code: &person.village_code,
    }
}

/// Scores `person` against each candidate; those at or above the threshold, with their
/// probability and explanation. `name_count` is how many persons carry the person's name.
pub fn score(
    scoring: &Scoring,
    person: &LinkPerson,
    name_count: u64,
    candidates: &[LinkPerson],
) -> Vec<(i64, f64, PairExplanation)> {
    let mut store = Store::with_capacity(candidates.len() + 1);
    let id = person.id.to_string();
    store.push(&parse_person(&fields(person, &id)));
    for candidate in candidates {
        let id = candidate.id.to_string();
        store.push(&parse_person(&fields(candidate, &id)));
    }
    // Without name frequencies a name counts as exactly as common as the average name
    // (one in 1/u of the registry), which makes its adjustment zero.
    let (records, name_count) = if scoring.name_frequency {
        (scoring.records, name_count)
    } else {
        let average = scoring.model.u[linkage::field::Field::Name.index()][1];
        ((1.0 / average.max(1e-9)).round() as u64, 1)
    };
    if let Some(first) = store.records.first_mut() {
        first.name_count = u32::try_from(name_count.max(1)).unwrap_or(u32::MAX);
    }
    let scorer = Scorer::for_population(&scoring.model, records);
    let mut found = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let pattern = linkage::compare::compare(&store, 0, index + 1);
        let p = probability(scorer.weight_bits(&store, 0, index + 1, pattern));
        if p >= scoring.threshold {
            let explanation = explain(&scorer, &store, 0, index + 1, pattern);
            found.push((candidate.id, p, PairExplanation::from(&explanation)));
        }
    }
    found
}

/// The persons sharing a block with `person`, each once, by id.
async fn candidates(db: &Db, person: &LinkPerson) -> Result<Vec<LinkPerson>, StoreError> {
    let key = name_key(&person.full_name);
    let blocks = [
        Block::nik_prefix(&person.nik),
        Some(Block::kk(&person.kk_number)),
        Block::birth_in_regency(&person.birth_date, &person.village_code),
        Block::name_and_year(&key, &person.birth_date),
    ];
    let mut found = BTreeMap::new();
    for block in blocks.iter().flatten() {
        for candidate in persons::in_block(db, person.id, block, CANDIDATES_PER_BLOCK).await? {
            found.insert(candidate.id, candidate);
        }
    }
    Ok(found.into_values().collect())
}

/// Checks the given persons (at most `PERSONS_PER_CHECK_MAX`) and opens the pairs found;
/// returns the ids of the pairs opened.
pub async fn check_persons(
    db: &Db,
    person_ids: &[i64],
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<Vec<i64>, StoreError> {
    let scoring = Scoring::latest(db).await?;
    let mut opened = Vec::new();
    for &id in person_ids.iter().take(PERSONS_PER_CHECK_MAX) {
        let Some(person) = persons::find(db, id).await? else {
            continue;
        };
        if person.merged_into.is_some() {
            continue;
        }
        let others = candidates(db, &person).await?;
        if others.is_empty() {
            continue;
        }
        let count = if scoring.name_frequency {
            persons::name_count(db, &name_key(&person.full_name)).await?
        } else {
            0
        };
        let found = score(
            &scoring,
            &person,
            u64::try_from(count).unwrap_or(0),
            &others,
        );
        if found.is_empty() {
            continue;
        }
        let mut tx = begin_write(db).await?;
        for (other, probability, explanation) in found {
            let Some(pair) = PersonPair::new(person.id, other) else {
                continue;
            };
            let new = NewPair {
                pair,
                probability,
                explanation,
                source: SOURCE_ENTRY,
                run_id: None,
                region: RegionCode::parse(&person.village_code).ok(),
            };
            opened.extend(store::open(&mut tx, &new, actor, now).await?);
        }
        tx.commit().await.map_err(StoreError::from_sqlx)?;
    }
    Ok(opened)
}

/// Checks the members of a household after it was registered or changed; a failure is
/// logged, never passed on: the change itself has been stored, and the next full run
/// finds what this check missed.
pub async fn check_household(db: &Db, household_id: i64, actor: &Actor, now: OffsetDateTime) {
    let result = async {
        let ids = persons::of_household(db, household_id).await?;
        check_persons(db, &ids, actor, now).await
    }
    .await;
    match result {
        Ok(opened) if !opened.is_empty() => {
            tracing::info!(
                household_id,
                pairs = opened.len(),
                "possible duplicates found"
            );
        }
        Ok(_) => {}
        Err(err) => {
            tracing::warn!(household_id, error = %err, "duplicate check at entry failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, nik: &str, kk: &str, name: &str, village: &str) -> LinkPerson {
        LinkPerson {
            id,
            household_id: id,
            nik: nik.into(),
            kk_number: kk.into(),
            full_name: name.into(),
            sex: "L".into(),
            birth_place: "Jakarta".into(),
            birth_date: "1987-05-21".into(),
            relationship: "kepala".into(),
            life_status: "hidup".into(),
            address: "Jl. Melati No. 4".into(),
            rt: "3".into(),
            rw: "5".into(),
            village_code: village.into(),
            village_name: None,
            merged_into: None,
        }
    }

    fn defaults() -> Scoring {
        Scoring {
            model: default_model(),
            threshold: THRESHOLD_FALLBACK,
            records: 100_000,
            name_frequency: false,
        }
    }

    #[test]
    fn a_respelled_name_with_a_mistyped_nik_is_found() {
        let new = person(
            2,
            "3175072105870012",
            "3175071503150002",
            "Mochamad Rizki",
            "31.75.07.1004",
        );
        let old = person(
            1,
            "3175072105870011",
            "3175071503150001",
            "Muhammad Rizki",
            "31.75.07.1003",
        );
        let found = score(&defaults(), &new, 1, &[old]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 1);
        assert!(found[0].1 > 0.9, "{found:?}");
        // Muhammad and Mochamad are one name once variants are folded.
        let name = &found[0].2.fields[0];
        assert_eq!(
            (name.field.as_str(), name.level.as_str()),
            ("name", "exact")
        );
    }

    #[test]
    fn a_brother_on_the_same_card_is_not() {
        let mut brother = person(
            3,
            "3175071208900003",
            "3175071503150001",
            "Ahmad Rizki",
            "31.75.07.1003",
        );
        brother.birth_date = "1990-08-12".into();
        let head = person(
            1,
            "3175072105870011",
            "3175071503150001",
            "Muhammad Rizki",
            "31.75.07.1003",
        );
        assert!(score(&defaults(), &brother, 1, &[head]).is_empty());
    }
}
