//! Change-request operations shared by pages and the API. Each rule is applied here once:
//! who may propose or decide and where, the reason and the note, the evidence, the
//! four-eyes rule, the check of the proposal against the household, the transaction with
//! its event, and the duplicate check after an approval. A decision reads the request and
//! the household inside its write transaction, so it acts on what is stored when it writes.

use serde_json::Value;
use time::OffsetDateTime;

use super::error::ChangeError;
use super::evidence::{Evidence, check_files};
use super::model::{ChangeRequest, ChangeRequestId, ChangeStatus, Decision, Proposal};
use super::plan::{Current, plan};
use super::store::{self, ListFilter, NewRequest, Signer};
use super::{APPROVED, PROPOSED, RESENT, RETURNED, apply, rules};
use crate::auth::{Permission, Principal, Redactor};
use crate::db::{Db, ResultExt, Tx};
use crate::events::{self, Changes, NewEvent};
use crate::region_code::RegionCode;
use crate::registry::store::read::{self, Household, Person};
use crate::registry::store::{Acting, HouseholdId, begin_write};

fn allow(caller: &Principal, permission: Permission) -> Result<(), ChangeError> {
    caller
        .require(permission)
        .map_err(ChangeError::from_app_error)
}

fn allow_write(caller: &Principal, permission: Permission) -> Result<(), ChangeError> {
    caller
        .require_write(permission)
        .map_err(ChangeError::from_app_error)
}

fn allow_in(
    caller: &Principal,
    permission: Permission,
    region_code: &str,
) -> Result<RegionCode, ChangeError> {
    let region = RegionCode::parse(region_code)
        .map_err(|e| ChangeError::Internal(anyhow::anyhow!("stored region: {e}")))?;
    caller
        .require_in(permission, &region)
        .map_err(ChangeError::from_app_error)?;
    Ok(region)
}

fn signer(caller: &Principal) -> Signer<'_> {
    Signer {
        kind: caller.actor.kind.as_str(),
        id: caller.actor.id,
        role: caller.role.as_str(),
        name: &caller.name,
    }
}

/// Requests in the caller's region, newest first.
pub async fn list(
    db: &Db,
    caller: &Principal,
    filter: &ListFilter,
    limit: i64,
) -> Result<Vec<ChangeRequest>, ChangeError> {
    allow(caller, Permission::ReadRegistry)?;
    let mut requests = store::list(db, caller.region.as_ref(), filter, limit).await?;
    let redactor = caller.redactor();
    for request in &mut requests {
        shown(&redactor, request)?;
    }
    Ok(requests)
}

/// One request with its evidence list, when the caller's region covers it.
pub async fn find(
    db: &Db,
    caller: &Principal,
    id: ChangeRequestId,
) -> Result<ChangeRequest, ChangeError> {
    allow(caller, Permission::ReadRegistry)?;
    let mut conn = db.pool.acquire().await.store()?;
    let mut request = store::find(&mut conn, id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    allow_in(caller, Permission::ReadRegistry, &request.region_code)?;
    shown(&caller.redactor(), &mut request)?;
    Ok(request)
}

/// A request as the caller may see it: the NIKs, KK numbers and names of its proposal, and
/// any number typed into its reason, note or result (`auth::Principal::sees`).
fn shown(redactor: &Redactor, request: &mut ChangeRequest) -> Result<(), ChangeError> {
    if redactor.is_whole() {
        return Ok(());
    }
    // The proposal is redacted as the JSON it is stored as; every personal field in it is
    // text, so it reads back as a proposal of the same kind.
    let mut proposal = serde_json::to_value(&request.proposal).map_err(anyhow::Error::from)?;
    redactor.json(&mut proposal);
    request.proposal = serde_json::from_value(proposal).map_err(anyhow::Error::from)?;
    redactor.text(&mut request.reason);
    redactor.optional_text(&mut request.decision_note);
    if let Some(result) = &mut request.result {
        redactor.json(result);
    }
    Ok(())
}

/// An evidence file's name, type and bytes, for those who may see its request.
pub async fn evidence_file(
    db: &Db,
    caller: &Principal,
    id: ChangeRequestId,
    file: i64,
) -> Result<(String, String, Vec<u8>), ChangeError> {
    find(db, caller, id).await?;
    store::evidence::file(db, id, file)
        .await?
        .ok_or(ChangeError::NotFound)
}

/// The household a caller may propose changes to, with its members: what the proposal
/// form shows.
pub async fn proposal_form(
    db: &Db,
    caller: &Principal,
    household_id: HouseholdId,
) -> Result<(Household, Vec<Person>), ChangeError> {
    allow(caller, Permission::ProposeChange)?;
    let household = read::find_household(db, household_id.0)
        .await?
        .ok_or(ChangeError::NotFound)?;
    allow_in(caller, Permission::ProposeChange, &household.village_code)?;
    let members = read::members(db, household_id.0).await?;
    Ok((household, members))
}

/// A proposal as an operator sends it.
#[derive(Debug, Clone, Copy)]
pub struct NewProposal<'a> {
    pub household_id: HouseholdId,
    pub proposal: &'a Proposal,
    pub reason: &'a str,
    pub evidence: &'a [Evidence],
}

/// Records a proposal with its evidence after checking it against the household as it is
/// now, with an event, in one transaction; returns the request as stored.
pub async fn propose(
    db: &Db,
    caller: &Principal,
    new: NewProposal<'_>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<ChangeRequest, ChangeError> {
    allow_write(caller, Permission::ProposeChange)?;
    let mut tx = begin_write(db).await?;
    let (household, members) = store::household::find(&mut tx, new.household_id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let region = allow_in(caller, Permission::ProposeChange, &household.village_code)?;
    let reason = rules::note("reason", new.reason, true)?;
    let types = check_files("evidence", new.evidence)?;
    let current = Current {
        household: &household,
        members: &members,
    };
    plan(&mut tx, db, current, new.proposal, now).await?;
    let request = NewRequest {
        household_id: new.household_id,
        region_code: &household.village_code,
        proposal: new.proposal,
        reason: &reason,
        proposer: signer(caller),
    };
    let id = store::insert(&mut tx, &request, now).await?;
    store::evidence::insert(&mut tx, id, new.evidence, &types).await?;
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: PROPOSED,
        subject_type: "change_request",
        subject_id: id.to_string(),
        region: Some(region),
        changes: Changes::new()
            .set("kind", new.proposal.kind().as_str())
            .set("household_id", new.household_id.0)
            .set("evidence_files", new.evidence.len()),
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    find(db, caller, id).await
}

/// A returned request as its village corrects it: the proposal (the same kind of change)
/// and the reason as they should read now, and evidence to add to what it has.
#[derive(Debug, Clone, Copy)]
pub struct Correction<'a> {
    pub proposal: &'a Proposal,
    pub reason: &'a str,
    pub evidence: &'a [Evidence],
}

/// Sends a returned request again after its village corrected it: checked as a new
/// proposal against the household as it is now, and back in the district's queue. The
/// request keeps its id, proposer and evidence; the event names what changed, before and
/// after, and the note it was returned with, in the same transaction.
pub async fn resend(
    db: &Db,
    caller: &Principal,
    id: ChangeRequestId,
    correction: Correction<'_>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<ChangeRequest, ChangeError> {
    allow_write(caller, Permission::ProposeChange)?;
    let mut tx = begin_write(db).await?;
    let request = store::find(&mut tx, id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let region = allow_in(caller, Permission::ProposeChange, &request.region_code)?;
    rules::still_returned(request.status)?;
    rules::same_kind(&request, correction.proposal)?;
    let reason = rules::note("reason", correction.reason, true)?;
    let types = check_files("evidence", correction.evidence)?;
    rules::evidence_room(request.evidence.len(), correction.evidence.len())?;
    let (household, members) = store::household::find(&mut tx, request.household_id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let current = Current {
        household: &household,
        members: &members,
    };
    plan(&mut tx, db, current, correction.proposal, now).await?;
    if !store::reopen(&mut tx, id, correction.proposal, &reason).await? {
        return Err(rules::not_returned());
    }
    store::evidence::insert(&mut tx, id, correction.evidence, &types).await?;
    let changes = corrected(&request, correction.proposal, &reason)?.set(
        "evidence_files",
        request.evidence.len() + correction.evidence.len(),
    );
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: RESENT,
        subject_type: "change_request",
        subject_id: id.to_string(),
        region: Some(region),
        changes,
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    find(db, caller, id).await
}

/// What a correction changed, field by field (a member's fields one level down), with the
/// state and the note the request was returned with.
fn corrected(
    request: &ChangeRequest,
    proposal: &Proposal,
    reason: &str,
) -> Result<Changes, ChangeError> {
    let fields = |p: &Proposal| match serde_json::to_value(p) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(serde_json::Map::new()),
        Err(e) => Err(ChangeError::Internal(e.into())),
    };
    let (before, after) = (fields(&request.proposal)?, fields(proposal)?);
    let mut changes = Changes::new()
        .set("kind", request.kind.as_str())
        .set("household_id", request.household_id.0)
        .change(
            "status",
            request.status.as_str(),
            ChangeStatus::Proposed.as_str(),
        );
    if let Some(note) = request.decision_note.as_deref().filter(|n| !n.is_empty()) {
        changes = changes.set("note", note);
    }
    for (field, to) in after.iter().filter(|(field, _)| *field != "kind") {
        let from = before.get(field).cloned().unwrap_or(Value::Null);
        changes = changes.change(field, from, to.clone());
    }
    Ok(changes.change("reason", request.reason.as_str(), reason))
}

/// Approves (writing the change) or returns a proposed request; the decider must not be its
/// proposer, and returning needs a note. An approved household is then compared with the
/// registry for duplicates, as at first entry.
pub async fn decide(
    db: &Db,
    caller: &Principal,
    id: ChangeRequestId,
    decision: Decision,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<ChangeRequest, ChangeError> {
    allow_write(caller, Permission::DecideChange)?;
    allow(caller, Permission::ReadRegistry)?;
    let mut tx = begin_write(db).await?;
    let request = store::find(&mut tx, id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let region = allow_in(caller, Permission::DecideChange, &request.region_code)?;
    let note = rules::note("note", note, decision == Decision::Return)?;
    rules::four_eyes(&request, &caller.actor)?;
    rules::still_proposed(request.status)?;
    // Claims the request first, so a second decision running at once finds it decided.
    if !store::claim(&mut tx, id, decision.status(), signer(caller), &note, now).await? {
        return Err(rules::already_decided());
    }
    let mut changes = Changes::new()
        .set("kind", request.kind.as_str())
        .set("household_id", request.household_id.0)
        .change(
            "status",
            request.status.as_str(),
            decision.status().as_str(),
        );
    if !note.is_empty() {
        changes = changes.set("note", note.as_str());
    }
    if decision == Decision::Approve {
        let result = approve(&mut tx, db, caller, &request, request_id.clone(), now).await?;
        changes = changes.set("result", result);
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: match decision {
            Decision::Approve => APPROVED,
            Decision::Return => RETURNED,
        },
        subject_type: "change_request",
        subject_id: id.to_string(),
        region: Some(region),
        changes,
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    if decision == Decision::Approve {
        // Changed and added members are compared with the registry, as at first entry.
        let household = request.household_id.0;
        crate::duplicates::check::check_household(db, household, &caller.actor, now).await;
    }
    find(db, caller, id).await
}

/// Writes an approved request: checks it again against the household as read now, inside
/// the decision's transaction (the household may have changed since it was proposed),
/// writes it, and links what it wrote to the request.
async fn approve(
    tx: &mut Tx,
    db: &Db,
    caller: &Principal,
    request: &ChangeRequest,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Value, ChangeError> {
    store::household::lock(tx, request.household_id).await?;
    let (household, members) = store::household::find(tx, request.household_id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let current = Current {
        household: &household,
        members: &members,
    };
    let planned = plan(tx, db, current, &request.proposal, now).await?;
    let acting = Acting {
        actor: caller.actor.clone(),
        request_id,
        reason: stored_reason(request),
    };
    let result = apply::apply(tx, request.household_id, planned, &acting, now).await?;
    store::record_result(tx, request.id, &acting.reason, &result).await?;
    Ok(result)
}

/// The reason a version records for an approved request, in the words people read on the
/// household's history: `usulan #7 (Tambah anggota) dari op.klender (Operator
/// desa/kelurahan): bayi lahir`. Stored text, so it carries labels, not codes.
fn stored_reason(request: &ChangeRequest) -> String {
    use crate::web::i18n::{Lang, Tr};
    let kind = Tr::new(Lang::Id).t(request.kind.text_key());
    let role = crate::auth::Role::parse(&request.proposer_role)
        .map(|role| role.label(Lang::Id).to_owned())
        .unwrap_or_else(|_| request.proposer_role.clone());
    format!(
        "usulan #{} ({kind}) dari {} ({role}): {}",
        request.id, request.proposer_name, request.reason
    )
}
