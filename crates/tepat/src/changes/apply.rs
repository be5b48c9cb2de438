//! Writes a checked plan inside the approval's transaction: new versions of the household
//! and its members, and an event for each change, naming the request through the acting
//! reason.

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::error::{ChangeError, Finding};
use super::plan::Plan;
use super::store;
use crate::db::Tx;
use crate::events::{self, Changes, NewEvent};
use crate::region_code::RegionCode;
use crate::registry::store::batch::{self, FamilyIn};
use crate::registry::store::family::{self, Mode, Outcome};
use crate::registry::store::versions::{self, NewVersion};
use crate::registry::store::{
    Acting, HOUSEHOLD_CLOSED, HOUSEHOLD_CORRECTED, HouseholdId, PersonId,
};

/// Writes a checked plan for household `household_id`. Returns what the request's record
/// keeps as its result (e.g. the new household's id).
pub async fn apply(
    tx: &mut Tx,
    household_id: HouseholdId,
    plan: Plan,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<Value, ChangeError> {
    match plan {
        Plan::Family { family, new_kk } => {
            if let Some(kk) = new_kk {
                store::household::renumber(tx, household_id, &kk).await?;
            }
            store_family(tx, &family, acting, now).await?;
            Ok(json!({}))
        }
        Plan::Split { new_family, moving } => {
            let empty = FamilyIn {
                household: new_family.household.clone(),
                members: Vec::new(),
            };
            let ids = batch::insert_new(tx, &[&empty], acting, now).await?;
            let new_id = ids.first().copied().unwrap_or(HouseholdId(0));
            let moves = Move {
                persons: &moving,
                from: household_id,
                to: new_id,
                target: &new_family,
            };
            move_persons(tx, moves, acting, now).await?;
            store_family(tx, &new_family, acting, now).await?;
            Ok(json!({ "new_household_id": new_id.0 }))
        }
        Plan::Merge {
            family,
            other,
            moving,
        } => {
            let moves = Move {
                persons: &moving,
                from: other,
                to: household_id,
                target: &family,
            };
            move_persons(tx, moves, acting, now).await?;
            store_family(tx, &family, acting, now).await?;
            close(tx, other, acting, now).await?;
            Ok(json!({ "closed_household_id": other.0 }))
        }
        Plan::Close => {
            close(tx, household_id, acting, now).await?;
            Ok(json!({}))
        }
    }
}

/// Stores a family whose KK exists, writing versions for what differs.
async fn store_family(
    tx: &mut Tx,
    family: &FamilyIn,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<(), ChangeError> {
    let mode = Mode::UpsertByKk { scope: None };
    let outcome = family::apply(tx, std::slice::from_ref(family), mode, acting, now)
        .await?
        .pop();
    match outcome {
        Some(Outcome::Refused(found)) => {
            let findings = found
                .iter()
                .map(|(member, v)| {
                    let field = match member {
                        Some(i) => format!("members[{i}].{}", v.field),
                        None => v.field.to_owned(),
                    };
                    Finding::violation(&field, v)
                })
                .collect();
            Err(ChangeError::Invalid(findings))
        }
        _ => Ok(()),
    }
}

/// Members moving from one household to another, which reads as `target` afterwards.
struct Move<'a> {
    persons: &'a [PersonId],
    from: HouseholdId,
    to: HouseholdId,
    target: &'a FamilyIn,
}

/// Moves members to another household: a version for each (which household they left and
/// joined) and one event.
async fn move_persons(
    tx: &mut Tx,
    moves: Move<'_>,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<(), ChangeError> {
    let region = moves.target.household.village_code.as_str().to_owned();
    let (from, to) = (moves.from, moves.to);
    let mut new_versions = Vec::new();
    for id in moves.persons {
        let moved = store::household::move_person(tx, *id, from, to, &region, now).await?;
        let Some(version) = moved else {
            return Err(ChangeError::conflict(
                "members",
                "changed",
                "a member has left this household since the request was made",
                "seorang anggota sudah keluar dari keluarga ini sejak usulan dibuat",
            ));
        };
        let snapshot = versions::latest_snapshot(tx, versions::PERSON, id.0).await?;
        new_versions.push(NewVersion {
            subject_type: versions::PERSON,
            subject_id: id.0,
            version,
            action: "moved",
            changes: json!({ "household_id": { "from": from.0, "to": to.0 } }),
            snapshot: snapshot.to_string(),
        });
    }
    let event = NewEvent {
        actor: acting.actor.clone(),
        action: HOUSEHOLD_CORRECTED,
        subject_type: "household",
        subject_id: to.0.to_string(),
        region: RegionCode::parse(&region).ok(),
        changes: Changes::new()
            .set("members_joined", moves.persons.len())
            .set("from_household", from.0)
            .set("reason", acting.reason.clone()),
        request_id: acting.request_id.clone(),
    };
    let event = events::store::record(tx, event, now).await?;
    versions::insert(tx, event, &new_versions, acting, now).await?;
    Ok(())
}

/// Closes a household with the acting reason; its record and history stay.
async fn close(
    tx: &mut Tx,
    household_id: HouseholdId,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<(), ChangeError> {
    let closed = store::household::close(tx, household_id, &acting.reason, now).await?;
    let Some((version, region)) = closed else {
        return Err(ChangeError::invalid(
            "household",
            "closed",
            "the household is already closed",
            "keluarga ini sudah ditutup",
        ));
    };
    let snapshot = versions::latest_snapshot(tx, versions::HOUSEHOLD, household_id.0).await?;
    let version = NewVersion {
        subject_type: versions::HOUSEHOLD,
        subject_id: household_id.0,
        version,
        action: "closed",
        changes: json!({ "status": { "from": "active", "to": "closed" } }),
        snapshot: snapshot.to_string(),
    };
    let event = NewEvent {
        actor: acting.actor.clone(),
        action: HOUSEHOLD_CLOSED,
        subject_type: "household",
        subject_id: household_id.0.to_string(),
        region: RegionCode::parse(&region).ok(),
        changes: Changes::new()
            .change("status", "active", "closed")
            .set("reason", acting.reason.clone()),
        request_id: acting.request_id.clone(),
    };
    let event = events::store::record(tx, event, now).await?;
    versions::insert(tx, event, &[version], acting, now).await?;
    Ok(())
}
