//! Deciding a step of a proposal's chain: approved (up to the next level, or at the last
//! one the enrolment starts or ends within the region's quota) or returned with a reason,
//! by an official of the step's level in whose region the household lives, who neither
//! made the proposal nor is linked to the household. Read and written in one transaction.

use time::OffsetDateTime;

use super::{account_of, find, links_of, note_of, region_of};
use crate::auth::{Permission, Principal};
use crate::db::{Db, StoreError, Tx};
use crate::enrolment::store::{enrolments, single};
use crate::proposals::error::ProposalError;
use crate::proposals::model::{
    APPROVED, Kind, Level, PENDING, Proposal, RETURNED, chain_of, reason_label,
};
use crate::proposals::store::{self, NewDecision};
use crate::region_code::RegionCode;
use crate::web::i18n::Lang;

/// What an official decides at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Return,
}

/// Approves or returns the proposal at its current step. A return needs a reason; an
/// approval may carry a note.
pub async fn decide(
    db: &Db,
    caller: &Principal,
    id: i64,
    decision: Decision,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Proposal, ProposalError> {
    let mut tx = db.begin_write().await?;
    decide_in(&mut tx, caller, id, decision, note, request_id, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, caller, id, now).await
}

/// The same decision inside the caller's transaction (a village deliberation decides all
/// its items in one): nothing is written when it is refused.
pub async fn decide_in(
    tx: &mut Tx,
    caller: &Principal,
    id: i64,
    decision: Decision,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<(), ProposalError> {
    caller.allows(Permission::DecideProposals, true)?;
    let proposal = store::find_in(tx, id, now)
        .await?
        .ok_or(ProposalError::NotFound)?;
    let village = region_of(&proposal.region_code)?;
    if !caller.covers(&village) {
        return Err(ProposalError::NotFound);
    }
    let level = allowed_to_decide(tx, caller, &proposal).await?;
    let note = match decision {
        Decision::Return => note_of(note, "reason")?,
        Decision::Approve if note.trim().is_empty() => String::new(),
        Decision::Approve => note_of(note, "note")?,
    };
    let chain = chain_of(&proposal.chain.join(","));
    let next = chain
        .iter()
        .skip_while(|l| **l != level)
        .nth(1)
        .copied()
        .filter(|_| decision == Decision::Approve);
    let enrolment_id = match (decision, next) {
        (Decision::Approve, None) => Some(finish(tx, caller, &proposal, &village, now).await?),
        _ => None,
    };
    let official_name = super::official_name(tx, caller).await?;
    let outcome = if decision == Decision::Approve {
        APPROVED
    } else {
        RETURNED
    };
    let d = NewDecision {
        proposal: id,
        region: &village,
        step: level.as_str(),
        decision: outcome,
        official_name: &official_name,
        note: &note,
        next_step: next.map(Level::as_str),
        enrolment_id,
    };
    if !store::decide(tx, &d, &caller.actor, request_id, now).await? {
        return Err(decided());
    }
    crate::notifications::hooks::proposal_decided(tx, id, now).await?;
    Ok(())
}

fn decided() -> ProposalError {
    ProposalError::invalid(
        "status",
        "decided",
        "the proposal is no longer waiting at this step",
        "usulan ini sudah tidak menunggu di tahap ini",
    )
}

/// The step the caller may decide: the proposal's current one, if the caller's role is
/// its level's, and the caller is neither its proposer nor linked to the household.
async fn allowed_to_decide(
    tx: &mut Tx,
    caller: &Principal,
    proposal: &Proposal,
) -> Result<Level, ProposalError> {
    if proposal.status != PENDING {
        return Err(decided());
    }
    let level = Level::parse(&proposal.step)
        .ok_or_else(|| ProposalError::Inconsistent(format!("step of proposal {}", proposal.id)))?;
    if level.role() != caller.role {
        return Err(ProposalError::invalid(
            "step",
            "not-your-step",
            &format!(
                "the proposal waits at the {} step",
                level.label(Lang::En).to_lowercase()
            ),
            &format!(
                "usulan ini menunggu keputusan tahap {}",
                level.label(Lang::Id)
            ),
        ));
    }
    let me = account_of(caller);
    if me.is_some() && proposal.proposer.kind == "account" && proposal.proposer.id == me {
        return Err(ProposalError::invalid(
            "official",
            "own-proposal",
            "an official may not decide their own proposal",
            "pejabat tidak boleh memutuskan usulannya sendiri",
        ));
    }
    if let Some(account) = me {
        let flagged = proposal.conflicts.iter().any(|c| c.account_id == account);
        if flagged
            || !links_of(tx, account, proposal.household_id)
                .await?
                .is_empty()
        {
            return Err(ProposalError::invalid(
                "official",
                "conflict-of-interest",
                "you are linked to this household (conflict of interest): another official \
                 must decide",
                "Anda terkait dengan keluarga ini (konflik kepentingan): pejabat lain yang \
                 harus memutuskan",
            ));
        }
    }
    Ok(level)
}

/// The end of the chain: starts the enrolment (within the quota of the most specific
/// region holding the village) or ends it. Returns the enrolment's id.
async fn finish(
    tx: &mut Tx,
    caller: &Principal,
    proposal: &Proposal,
    village: &RegionCode,
    now: OffsetDateTime,
) -> Result<i64, ProposalError> {
    let words = format!("usulan #{}: {}", proposal.id, proposal.note);
    if Kind::parse(&proposal.kind) == Some(Kind::Remove) {
        let reason = format!(
            "usulan #{}: {}",
            proposal.id,
            reason_label(&proposal.reason, Lang::Id)
        );
        let programme = &proposal.programme;
        return single::end_active(
            tx,
            programme,
            proposal.household_id,
            &reason,
            &caller.actor,
            None,
            now,
        )
        .await?
        .ok_or_else(|| {
            ProposalError::invalid(
                "household_id",
                "not-enrolled",
                "the household is no longer enrolled in this programme",
                "keluarga ini sudah bukan peserta program ini",
            )
        });
    }
    if enrolments::is_active_in(tx, &proposal.programme, proposal.household_id).await? {
        return Err(ProposalError::invalid(
            "household_id",
            "already-enrolled",
            "the household is already enrolled in this programme",
            "keluarga ini sudah menjadi peserta program ini",
        ));
    }
    within_quota(tx, &proposal.programme, village).await?;
    let new = enrolments::NewOverride {
        programme: &proposal.programme,
        household_id: proposal.household_id,
        region: village.as_str(),
        reason: &words,
    };
    Ok(enrolments::insert_from_proposal(tx, &new, &caller.actor, None, now).await?)
}

/// Refuses when the quota of the most specific region holding the village is full.
async fn within_quota(
    tx: &mut Tx,
    programme: &str,
    village: &RegionCode,
) -> Result<(), ProposalError> {
    let quotas = store::quotas(tx, programme).await?;
    let holding = quotas
        .iter()
        .filter(|q| {
            q.region.is_empty() || RegionCode::parse(&q.region).is_ok_and(|r| r.contains(village))
        })
        .max_by_key(|q| q.region.len());
    let Some(quota) = holding else { return Ok(()) };
    let enrolled = single::count_active_in(tx, programme, &quota.region).await?;
    if enrolled >= quota.count {
        return Err(ProposalError::invalid(
            "quota",
            "full",
            &format!(
                "the quota of {} for this region is used up ({enrolled} enrolled)",
                quota.count
            ),
            &format!(
                "kuota {} untuk wilayah ini sudah habis ({enrolled} peserta)",
                quota.count
            ),
        ));
    }
    Ok(())
}
