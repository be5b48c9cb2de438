//! Duplicate-pair operations shared by pages and the API: the queue in the caller's region
//! scope, one pair with both persons side by side (shown as the caller may see them,
//! `auth::Principal::sees`), decisions, and starting a run.

use std::sync::Arc;

use time::OffsetDateTime;

use super::error::DuplicateError;
use super::model::{Decision, PersonPair, parse_reason};
use super::store::decide::{self, DecisionIn};
use super::store::persons::{self, LinkPerson};
use super::store::runs::{self, DuplicateRun};
use super::store::{self, DuplicatePair};
use super::{CLOSED, DIFFERENT, OPEN, SAME};
use crate::auth::{Field, Permission, Principal, Redactor};
use crate::clock::Clock;
use crate::db::{Db, StoreError};
use crate::region_code::RegionCode;
use crate::registry::store::{Acting, begin_write};
use crate::web::form::FieldRule;

/// A pair with both persons as they are now.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PairDetail {
    pub pair: DuplicatePair,
    pub person_a: LinkPerson,
    pub person_b: LinkPerson,
    /// Whether the caller may open each person's page: pages link only those.
    #[serde(skip)]
    pub opens: (bool, bool),
}

/// Reads the status filter: `open`, `same`, `different`, `closed`, or empty for all.
pub fn status_filter(status: Option<&str>) -> Result<String, DuplicateError> {
    let status = status.map(str::trim).unwrap_or_default();
    if !matches!(status, "" | OPEN | SAME | DIFFERENT | CLOSED) {
        return Err(DuplicateError::BadFilter(FieldRule::new(
            "status",
            "choice",
            "status must be open, same, different or closed",
            "status harus open, same, different atau closed",
        )));
    }
    Ok(status.to_owned())
}

/// Pairs with a person inside the caller's scope, newest first, before the id `before`.
pub async fn list(
    db: &Db,
    caller: &Principal,
    status: &str,
    before: i64,
    limit: u32,
) -> Result<Vec<DuplicatePair>, DuplicateError> {
    caller.allows(Permission::ReadDuplicates, false)?;
    let mut pairs = store::list(db, caller.region.as_ref(), status, before, limit).await?;
    let redactor = caller.redactor();
    pairs
        .iter_mut()
        .for_each(|pair| shown_pair(&redactor, pair));
    Ok(pairs)
}

/// Pairs per status inside the caller's scope.
pub async fn counts(db: &Db, caller: &Principal) -> Result<Vec<(String, i64)>, DuplicateError> {
    caller.allows(Permission::ReadDuplicates, false)?;
    Ok(store::counts(db, caller.region.as_ref()).await?)
}

fn region(code: &str) -> Result<RegionCode, DuplicateError> {
    RegionCode::parse(code).map_err(|e| DuplicateError::Inconsistent(format!("stored region: {e}")))
}

/// True when either person of the pair lies inside the caller's scope: enough to see it.
fn covers_either(caller: &Principal, pair: &DuplicatePair) -> Result<bool, DuplicateError> {
    Ok(caller.covers(&region(&pair.region_a)?) || caller.covers(&region(&pair.region_b)?))
}

/// True when both persons lie inside the caller's scope: needed to decide, since a
/// decision merges or separates records of both regions.
fn covers_both(caller: &Principal, pair: &DuplicatePair) -> Result<bool, DuplicateError> {
    Ok(caller.covers(&region(&pair.region_a)?) && caller.covers(&region(&pair.region_b)?))
}

/// A pair's names and reason as the caller may see them.
fn shown_pair(redactor: &Redactor, pair: &mut DuplicatePair) {
    redactor.field(Field::Name, &mut pair.name_a);
    redactor.field(Field::Name, &mut pair.name_b);
    redactor.optional_text(&mut pair.decision_reason);
}

/// A person of a pair as the caller may see them.
fn shown(redactor: &Redactor, mut person: LinkPerson) -> LinkPerson {
    redactor.field(Field::Nik, &mut person.nik);
    redactor.field(Field::Kk, &mut person.kk_number);
    redactor.field(Field::Name, &mut person.full_name);
    redactor.field(Field::Details, &mut person.birth_place);
    redactor.field(Field::Details, &mut person.birth_date);
    redactor.field(Field::Address, &mut person.address);
    redactor.field(Field::Address, &mut person.rt);
    redactor.field(Field::Address, &mut person.rw);
    person
}

/// A pair and its two persons, if either is inside the caller's scope.
pub async fn find(db: &Db, caller: &Principal, id: i64) -> Result<PairDetail, DuplicateError> {
    caller.allows(Permission::ReadDuplicates, false)?;
    let mut pair = store::find(db, id)
        .await?
        .ok_or(DuplicateError::PairNotFound)?;
    if !covers_either(caller, &pair)? {
        return Err(DuplicateError::PairNotFound);
    }
    let person = |id| async move {
        persons::find(db, id)
            .await?
            .ok_or_else(|| DuplicateError::Inconsistent("pair names a missing person".into()))
    };
    let (a, b) = (person(pair.person_a).await?, person(pair.person_b).await?);
    let redactor = caller.redactor();
    let opens_in = |code: &str| RegionCode::parse(code).is_ok_and(|r| caller.opens_person_in(&r));
    let opens = (opens_in(&pair.region_a), opens_in(&pair.region_b));
    shown_pair(&redactor, &mut pair);
    Ok(PairDetail {
        opens,
        person_a: shown(&redactor, a),
        person_b: shown(&redactor, b),
        pair,
    })
}

/// The person kept when merging: the one named, which must be one of the pair; the one
/// registered first when none is named.
fn survivor(pair: PersonPair, named: Option<i64>) -> Result<(i64, i64), FieldRule> {
    match named {
        None => Ok((pair.a, pair.b)),
        Some(id) if id == pair.a => Ok((pair.a, pair.b)),
        Some(id) if id == pair.b => Ok((pair.b, pair.a)),
        Some(_) => Err(FieldRule::new(
            "survivor_id",
            "choice",
            "survivor_id must be one of the two persons of the pair",
            "data yang dipertahankan harus salah satu dari kedua orang",
        )),
    }
}

/// A decision as asked for.
#[derive(Debug, Clone)]
pub struct DecisionRequest {
    pub decision: String,
    pub reason: String,
    pub survivor_id: Option<i64>,
}

/// A decision checked against its rules: what was decided, why, and who is kept.
struct Checked {
    decision: Decision,
    reason: String,
    kept: i64,
    duplicate: i64,
}

/// Applies the rules of a decision to a pair: every broken input rule is reported at
/// once, then a pair already decided is refused, then the survivor must be of the pair.
fn check(pair: &DuplicatePair, request: &DecisionRequest) -> Result<Checked, DuplicateError> {
    let decision = Decision::parse(&request.decision);
    let reason = parse_reason(&request.reason);
    let errors: Vec<FieldRule> = [decision.clone().err(), reason.clone().err()]
        .into_iter()
        .flatten()
        .collect();
    let (Ok(decision), Ok(reason)) = (decision, reason) else {
        return Err(DuplicateError::Invalid(errors));
    };
    // A decided pair is refused before the survivor is looked at, as a conflict.
    if pair.status != OPEN {
        return Err(DuplicateError::AlreadyDecided);
    }
    let persons = PersonPair {
        a: pair.person_a,
        b: pair.person_b,
    };
    let (kept, duplicate) = match decision {
        Decision::Same => survivor(persons, request.survivor_id)
            .map_err(|rule| DuplicateError::Invalid(vec![rule]))?,
        Decision::Different => (persons.a, persons.b),
    };
    Ok(Checked {
        decision,
        reason,
        kept,
        duplicate,
    })
}

/// Decides an open pair, in one transaction with its events: "same" merges the duplicate
/// into the person kept, "different" is remembered. The pair is read inside the
/// transaction, and both of its persons must lie in the caller's region.
pub async fn decide(
    db: &Db,
    caller: &Principal,
    id: i64,
    request: &DecisionRequest,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<PairDetail, DuplicateError> {
    caller.allows(Permission::DecideDuplicates, true)?;
    let mut tx = begin_write(db).await?;
    let pair = store::find_in(&mut tx, id)
        .await?
        .ok_or(DuplicateError::PairNotFound)?;
    if !covers_both(caller, &pair)? {
        return Err(DuplicateError::OutsideScope);
    }
    let checked = check(&pair, request)?;
    let persons = PersonPair {
        a: pair.person_a,
        b: pair.person_b,
    };
    let decision_in = DecisionIn {
        pair_id: id,
        pair: persons,
        decision: checked.decision,
        reason: &checked.reason,
        survivor: (checked.decision == Decision::Same).then_some(checked.kept),
        region: RegionCode::parse(&pair.region_a).ok(),
        request_id: request_id.clone(),
    };
    if !decide::claim(&mut tx, &decision_in, caller, now).await? {
        return Err(DuplicateError::AlreadyDecided);
    }
    match checked.decision {
        Decision::Different => decide::remember_distinct(&mut tx, persons, id, now).await?,
        Decision::Same => {
            let merging = Merging {
                pair: &pair,
                kept: checked.kept,
                duplicate: checked.duplicate,
                reason: &checked.reason,
            };
            merge(&mut tx, caller, &merging, request_id, now).await?;
        }
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, caller, id).await
}

/// A "same person" decision about to be written.
struct Merging<'a> {
    pair: &'a DuplicatePair,
    kept: i64,
    duplicate: i64,
    reason: &'a str,
}

/// Merges the duplicate into the person kept, with a version whose reason names the
/// decision, and closes the duplicate's other open pairs.
async fn merge(
    tx: &mut crate::db::Tx,
    caller: &Principal,
    merging: &Merging<'_>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let (pair, kept, duplicate) = (merging.pair, merging.kept, merging.duplicate);
    let acting = Acting {
        actor: caller.actor.clone(),
        request_id,
        reason: format!(
            "duplikat #{}: orang yang sama dengan #{kept}, diputuskan oleh {} ({}): {}",
            pair.id,
            caller.name,
            caller.role.as_str(),
            merging.reason
        ),
    };
    let region = if duplicate == pair.person_a {
        &pair.region_a
    } else {
        &pair.region_b
    };
    let region = RegionCode::parse(region).ok();
    decide::merge(tx, duplicate, kept, &acting, region, now).await?;
    decide::close_others(tx, duplicate, pair.id, &caller.actor, now).await?;
    Ok(())
}

/// Starts a full run in the background; 409 while another runs.
pub async fn start_run(
    db: &Db,
    caller: &Principal,
    clock: Arc<dyn Clock>,
) -> Result<DuplicateRun, DuplicateError> {
    caller.allows(Permission::RunDuplicates, true)?;
    let trigger = super::runner::Trigger::Manual;
    let id = super::runner::start_in_background(db, trigger, &caller.actor, clock)
        .await?
        .ok_or(DuplicateError::RunInProgress)?;
    runs::find(db, id).await?.ok_or(DuplicateError::RunNotFound)
}

/// One run; runs are about the whole registry, so any official who may see runs sees it.
pub async fn run(db: &Db, caller: &Principal, id: i64) -> Result<DuplicateRun, DuplicateError> {
    caller.allows(Permission::ReadDuplicateRuns, false)?;
    runs::find(db, id).await?.ok_or(DuplicateError::RunNotFound)
}

/// The latest runs, newest first.
pub async fn latest_runs(
    db: &Db,
    caller: &Principal,
    limit: u32,
) -> Result<Vec<DuplicateRun>, DuplicateError> {
    caller.allows(Permission::ReadDuplicateRuns, false)?;
    Ok(runs::latest(db, limit).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_survivor_is_one_of_the_pair() {
        let pair = PersonPair { a: 3, b: 8 };
        assert_eq!(survivor(pair, None).ok(), Some((3, 8)));
        assert_eq!(survivor(pair, Some(8)).ok(), Some((8, 3)));
        assert_eq!(
            survivor(pair, Some(5)).expect_err("other").field,
            "survivor_id"
        );
        assert!(status_filter(Some("open")).is_ok());
        assert!(status_filter(Some("maybe")).is_err());
    }
}
