//! SQL for proposals: writing one with its event, its conflict flags and its step
//! decisions (each with an event, in the caller's transaction), moving it up its chain or
//! closing it, and reading proposals by scope and filter. Facts the rules read (the
//! households, the accounts' persons, quotas, enrolments) are in `facts.rs`.

mod change_data;
mod citizen;
mod evidence;
mod facts;
mod officials;
mod read;
mod sla;

pub use change_data::*;
pub use citizen::*;
pub use evidence::*;
pub use facts::*;
pub use officials::*;
pub use read::*;
pub use sla::*;

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::{ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, EventId, NewEvent};
use crate::region_code::RegionCode;

pub const PROPOSED: Action = Action("proposal.created");
pub const FLAGGED: Action = Action("proposal.flagged");
pub const APPROVED_STEP: Action = Action("proposal.approved");
pub const RETURNED_STEP: Action = Action("proposal.returned");

/// The constraint that keeps one open proposal of a kind per household and programme.
pub const ONE_OPEN: (&str, &str) = (
    "proposals_one_open",
    "proposals.household_id, proposals.programme_code, proposals.kind",
);

/// A proposal about to be written.
#[derive(Debug, Clone)]
pub struct NewProposal<'a> {
    pub kind: &'a str,
    pub household_id: i64,
    pub region: &'a RegionCode,
    pub programme: &'a str,
    pub reason: &'a str,
    pub note: &'a str,
    pub first_step: &'a str,
    pub proposer_name: &'a str,
}

fn event(
    actor: &Actor,
    action: Action,
    id: i64,
    region: &RegionCode,
    changes: Changes,
    request_id: Option<String>,
) -> NewEvent {
    NewEvent {
        actor: actor.clone(),
        action,
        subject_type: "proposal",
        subject_id: id.to_string(),
        region: Some(region.clone()),
        changes,
        request_id,
    }
}

/// Writes a proposal and its event; returns its id. A second open proposal of the same
/// kind for the household and programme fails on `ONE_OPEN`.
pub async fn insert(
    tx: &mut Tx,
    new: &NewProposal<'_>,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    insert_with_evidence(tx, new, actor, request_id, &[], now).await
}

/// [`insert`], with the SHA-256 of each evidence file named in the event (the files are
/// written by `attach`).
pub async fn insert_with_evidence(
    tx: &mut Tx,
    new: &NewProposal<'_>,
    actor: &Actor,
    request_id: Option<String>,
    evidence: &[String],
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let at = timestamp::to_db(now);
    let due = due_at(tx, new.programme, new.first_step, now).await?;
    let row = sqlx::query(
        "INSERT INTO proposals (kind, household_id, region_code, programme_code, reason, note, \
         status, step, step_since, proposer_kind, proposer_id, proposer_role, proposer_name, \
         created_at, event_id, due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11, $12, $8, NULL, $13) \
         RETURNING id",
    )
    .bind(new.kind.to_owned())
    .bind(new.household_id)
    .bind(new.region.as_str().to_owned())
    .bind(new.programme.to_owned())
    .bind(new.reason.to_owned())
    .bind(new.note.to_owned())
    .bind(new.first_step.to_owned())
    .bind(at)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(new.proposer_name.to_owned())
    .bind(due)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let id: i64 = row.try_get(0).store()?;
    let changes = Changes::new()
        .set("kind", new.kind)
        .set("household_id", new.household_id)
        .set("programme", new.programme)
        .set("reason", new.reason)
        .set("note", new.note)
        .set("step", new.first_step)
        .set("proposer", new.proposer_name);
    let changes = if evidence.is_empty() {
        changes
    } else {
        changes.set("evidence", serde_json::json!(evidence))
    };
    let e = event(actor, PROPOSED, id, new.region, changes, request_id);
    let event_id = events::store::record(tx, e, now).await?;
    set_event(tx, id, event_id).await?;
    Ok(id)
}

async fn set_event(tx: &mut Tx, id: i64, event_id: EventId) -> Result<(), StoreError> {
    sqlx::query("UPDATE proposals SET event_id = $1 WHERE id = $2")
        .bind(event_id.0)
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// A link found between an official and the proposed household.
#[derive(Debug, Clone)]
pub struct NewConflict<'a> {
    pub account_id: i64,
    pub account_role: &'a str,
    pub basis: &'a str,
    pub evidence: &'a serde_json::Value,
}

/// Flags a proposal with one link, and its event; the flag is never removed.
pub async fn flag(
    tx: &mut Tx,
    proposal: i64,
    region: &RegionCode,
    found: &NewConflict<'_>,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let changes = Changes::new()
        .set("account_id", found.account_id)
        .set("account_role", found.account_role)
        .set("basis", found.basis)
        .set("evidence", found.evidence.clone());
    let e = event(actor, FLAGGED, proposal, region, changes, None);
    let event_id = events::store::record(tx, e, now).await?;
    sqlx::query(
        "INSERT INTO proposal_conflicts (proposal_id, account_id, account_role, basis, \
         evidence, found_at, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(proposal)
    .bind(found.account_id)
    .bind(found.account_role.to_owned())
    .bind(found.basis.to_owned())
    .bind(found.evidence.to_string())
    .bind(timestamp::to_db(now))
    .bind(event_id.0)
    .execute(&mut **tx)
    .await
    .store()?;
    sqlx::query("UPDATE proposals SET flagged = 1 WHERE id = $1")
        .bind(proposal)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// One step's decision about to be written.
#[derive(Debug, Clone)]
pub struct NewDecision<'a> {
    pub proposal: i64,
    pub region: &'a RegionCode,
    pub step: &'a str,
    /// `approved` or `returned`.
    pub decision: &'a str,
    pub official_name: &'a str,
    pub note: &'a str,
    /// The next step, or `None` when the decision closes the proposal.
    pub next_step: Option<&'a str>,
    /// The enrolment started or ended when the last step approved.
    pub enrolment_id: Option<i64>,
}

/// What a step's decision changed, for its event.
fn decision_changes(d: &NewDecision<'_>) -> Changes {
    let mut changes = Changes::new()
        .set("at_step", d.step)
        .set("decision", d.decision)
        .set("official", d.official_name)
        .set("note", d.note);
    if let Some(next) = d.next_step {
        changes = changes.change("step", d.step, next);
    } else {
        changes = changes.change("status", super::model::PENDING, d.decision);
    }
    if let Some(enrolment) = d.enrolment_id {
        changes = changes.set("enrolment_id", enrolment);
    }
    changes
}

/// Records a step's decision with its event and moves the proposal on (next step) or
/// closes it; false when the proposal was no longer pending at that step (a race lost).
pub async fn decide(
    tx: &mut Tx,
    d: &NewDecision<'_>,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let at = timestamp::to_db(now);
    let Some((programme, reached, due)) = step_times(tx, d.proposal).await? else {
        return Ok(false);
    };
    let moved = match d.next_step {
        Some(next) => sqlx::query(
            "UPDATE proposals SET step = $1, step_since = $2, due_at = $5 \
             WHERE id = $3 AND status = 'pending' AND step = $4",
        )
        .bind(next.to_owned())
        .bind(at.clone())
        .bind(d.proposal)
        .bind(d.step.to_owned())
        .bind(due_at(tx, &programme, next, now).await?)
        .execute(&mut **tx)
        .await
        .store()?,
        None => sqlx::query(
            "UPDATE proposals SET status = $1, closed_at = $2, enrolment_id = $3 \
             WHERE id = $4 AND status = 'pending' AND step = $5",
        )
        .bind(d.decision.to_owned())
        .bind(at.clone())
        .bind(d.enrolment_id)
        .bind(d.proposal)
        .bind(d.step.to_owned())
        .execute(&mut **tx)
        .await
        .store()?,
    };
    if moved.rows_affected() == 0 {
        return Ok(false);
    }
    let action = if d.decision == super::model::APPROVED {
        APPROVED_STEP
    } else {
        RETURNED_STEP
    };
    let changes = decision_changes(d);
    let e = event(actor, action, d.proposal, d.region, changes, request_id);
    let event_id = events::store::record(tx, e, now).await?;
    sqlx::query(
        "INSERT INTO proposal_steps (proposal_id, step, decision, official_kind, official_id, \
         official_role, official_name, note, decided_at, event_id, reached_at, due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(d.proposal)
    .bind(d.step.to_owned())
    .bind(d.decision.to_owned())
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(d.official_name.to_owned())
    .bind(d.note.to_owned())
    .bind(at)
    .bind(event_id.0)
    .bind(reached)
    .bind(due)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(true)
}
