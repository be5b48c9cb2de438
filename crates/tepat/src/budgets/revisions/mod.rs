//! Revisions of a budget line: a new version proposed by one official with its reason and
//! approved by another, never an overwrite. A revision cannot bring the line below what it
//! has already committed (allocated to regions, and through them reserved and paid);
//! approval moves the difference between the treasury and the line's ledger account in the
//! approval's transaction with its event.

pub mod api;
pub mod pages;
pub mod store;

use time::OffsetDateTime;

use self::store::{Decision, NewRevision};
use super::error::BudgetError;
use super::model::{APPROVED, BudgetLine, Official, REJECTED, SUBMITTED, rupiah};
use super::service::{NOTE_CHARS, amount_rule, text_rule};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt, Tx};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::NewTransfer;
use crate::ledger::store as ledger;
use crate::region_code::RegionCode;

pub const REVISION_SUBMITTED: Action = Action("budget.revision_submitted");
pub const REVISION_APPROVED: Action = Action("budget.revision_approved");
pub const REVISION_REJECTED: Action = Action("budget.revision_rejected");

/// The ledger's code for the money a revision moves.
pub const TRANSFER_REVISION: &str = "revision";
const REASON_CHARS: std::ops::RangeInclusive<usize> = 10..=1_000;
const PURPOSE_CHARS: std::ops::RangeInclusive<usize> = 5..=500;

/// A revision of a budget line: the amount and purpose it proposes, why, by whom, and the
/// checker's decision.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BudgetRevision {
    pub id: i64,
    pub budget_line_id: i64,
    /// The proposed amount, rupiah.
    pub amount: i64,
    /// The proposed purpose.
    pub purpose: String,
    /// Why: 10 to 1,000 characters.
    pub reason: String,
    /// `submitted`, `approved` or `rejected`.
    pub status: String,
    /// The line's amount when the revision was decided.
    pub previous_amount: Option<i64>,
    /// The version an approval made (the line as planned is version 1).
    pub version: Option<i64>,
    pub maker: Official,
    /// UTC, RFC 3339.
    pub made_at: String,
    pub checker: Option<Official>,
    pub checked_at: Option<String>,
    pub decision_note: Option<String>,
    /// The ledger transfer that moved the difference, once approved (none when only the
    /// purpose changed).
    pub transfer_id: Option<String>,
}

/// The ledger transfer id of a revision's approval.
pub fn transfer_id(revision: i64) -> String {
    format!("revision:{revision}")
}

/// A revision as typed; an empty purpose keeps the line's.
#[derive(Debug, Clone)]
pub struct RevisionInput {
    pub amount: i64,
    pub purpose: String,
    pub reason: String,
}

/// Whether the caller may revise (and decide revisions of) a line: the ministry for the
/// national budget, an officer of the owning region for a regional one.
fn owns(caller: &Principal, line: &BudgetLine) -> bool {
    if line.region_code.is_empty() {
        caller.region.is_none()
    } else {
        caller.covers_code(&line.region_code)
    }
}

/// The line, when the caller may revise it; not found otherwise (alike).
async fn owned_line(db: &Db, caller: &Principal, id: i64) -> Result<BudgetLine, BudgetError> {
    caller.allows(Permission::ManageBudgets, true)?;
    let line = super::store::line(db, id)
        .await?
        .ok_or(BudgetError::NotFound)?;
    if !owns(caller, &line) {
        return Err(BudgetError::NotFound);
    }
    Ok(line)
}

/// What the line has committed: allocated to regions, approved or reserved.
pub fn committed(line: &BudgetLine) -> i64 {
    line.amount - line.available
}

fn below_committed(committed: i64) -> BudgetError {
    BudgetError::Conflict(crate::web::form::FieldRule::new(
        "amount",
        "below_committed",
        &format!(
            "must not be less than what the line has already committed: Rp{}",
            crate::sheets::limits::grouped(committed.unsigned_abs(), ',')
        ),
        &format!(
            "tidak boleh kurang dari yang sudah terpakai dari pagu ini: {}",
            rupiah(committed)
        ),
    ))
}

/// Proposes a revision of line `line` for a checker.
pub async fn propose(
    db: &Db,
    caller: &Principal,
    line: i64,
    input: &RevisionInput,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<BudgetRevision, BudgetError> {
    let budget = owned_line(db, caller, line).await?;
    amount_rule(input.amount)?;
    let purpose = if input.purpose.trim().is_empty() {
        budget.purpose.clone()
    } else {
        text_rule("purpose", &input.purpose, PURPOSE_CHARS)?
    };
    let reason = text_rule("reason", &input.reason, REASON_CHARS)?;
    if input.amount == budget.amount && purpose == budget.purpose {
        return Err(BudgetError::invalid(
            "amount",
            "unchanged",
            "a revision must change the amount or the purpose",
            "revisi harus mengubah jumlah atau keperluan",
        ));
    }
    if input.amount < committed(&budget) {
        return Err(below_committed(committed(&budget)));
    }
    let mut tx = db.begin_write().await?;
    let new = NewRevision {
        line,
        amount: input.amount,
        purpose: &purpose,
        reason: &reason,
    };
    let id = store::insert(&mut tx, &new, &caller.actor, &caller.name, now).await?;
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: REVISION_SUBMITTED,
        subject_type: "budget_revision",
        subject_id: id.to_string(),
        region: RegionCode::parse(&budget.region_code).ok(),
        changes: Changes::new()
            .set("budget_line", line)
            .change("amount_rupiah", budget.amount, input.amount)
            .change("purpose", budget.purpose.clone(), purpose.clone())
            .set("reason", reason.clone())
            .set("status", SUBMITTED),
        request_id,
    };
    let event = crate::events::store::record(&mut tx, event, now).await?;
    store::set_event(&mut tx, id, event.0).await?;
    tx.commit().await.store()?;
    store::revision(db, id).await?.ok_or(BudgetError::NotFound)
}

/// A line's revisions, newest first, for a reader who may see the line.
pub async fn list(
    db: &Db,
    caller: &Principal,
    line: i64,
) -> Result<Vec<BudgetRevision>, BudgetError> {
    super::service::line(db, caller, line).await?;
    Ok(store::of_line(db, line).await?)
}

/// Approves (`approve`) or rejects a submitted revision, as a checker who is not its maker.
/// Approval moves the difference between the treasury and the line in the same
/// transaction; a rejection needs a note.
pub async fn decide(
    db: &Db,
    caller: &Principal,
    id: i64,
    approve: bool,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<BudgetRevision, BudgetError> {
    caller.allows(Permission::ManageBudgets, true)?;
    let revision = store::revision(db, id)
        .await?
        .ok_or(BudgetError::NotFound)?;
    let line = owned_line(db, caller, revision.budget_line_id).await?;
    if revision.maker.id.is_some() && revision.maker.id == caller.actor.id {
        return Err(BudgetError::conflict(
            "checker",
            "four_eyes",
            "must be approved or rejected by an official other than the one who proposed it",
            "harus disetujui atau ditolak oleh petugas lain, bukan yang mengusulkan",
        ));
    }
    if revision.status != SUBMITTED {
        return Err(already_decided());
    }
    let note = if approve && note.trim().is_empty() {
        None
    } else {
        Some(text_rule("note", note, NOTE_CHARS)?)
    };
    if approve && revision.amount < committed(&line) {
        return Err(below_committed(committed(&line)));
    }
    let mut tx = db.begin_write().await?;
    let decision = Decision {
        id,
        status: if approve { APPROVED } else { REJECTED },
        previous_amount: line.amount,
        version: approve.then_some(line.version + 1),
        note: note.as_deref(),
    };
    let decided = store::decide(&mut tx, &decision, &caller.actor, &caller.name, now).await;
    match decided {
        Ok(true) => {}
        Ok(false) => return Err(already_decided()),
        Err(err)
            if err.is_conflict_on(
                "budget_revisions_version",
                "budget_revisions.budget_line_id, budget_revisions.version",
            ) =>
        {
            return Err(already_decided());
        }
        Err(err) => return Err(err.into()),
    }
    let event = decision_event(caller, &revision, &line, approve, request_id);
    if approve {
        move_difference(&mut tx, &revision, &line, event, now).await?;
    } else {
        crate::events::store::record(&mut tx, event, now).await?;
    }
    tx.commit().await.store()?;
    store::revision(db, id).await?.ok_or(BudgetError::NotFound)
}

fn already_decided() -> BudgetError {
    BudgetError::conflict(
        "status",
        "submitted",
        "this revision was already decided, or another revision of the line was approved \
         meanwhile",
        "revisi ini sudah diputuskan, atau revisi lain atas pagu ini baru saja disetujui",
    )
}

fn decision_event(
    caller: &Principal,
    revision: &BudgetRevision,
    line: &BudgetLine,
    approve: bool,
    request_id: Option<String>,
) -> NewEvent {
    let mut changes = Changes::new().change(
        "status",
        SUBMITTED,
        if approve { APPROVED } else { REJECTED },
    );
    if approve {
        changes = changes
            .set("budget_line", line.id)
            .change("amount_rupiah", line.amount, revision.amount)
            .change("purpose", line.purpose.clone(), revision.purpose.clone())
            .set("version", line.version + 1);
    }
    NewEvent {
        actor: caller.actor.clone(),
        action: if approve {
            REVISION_APPROVED
        } else {
            REVISION_REJECTED
        },
        subject_type: "budget_revision",
        subject_id: revision.id.to_string(),
        region: RegionCode::parse(&line.region_code).ok(),
        changes,
        request_id,
    }
}

/// The approval's transfer of the difference: from the treasury to the line for a raise,
/// back to the treasury for a cut (refused by the line's floor when it would go below what
/// is committed). Only the event when the amount is unchanged.
async fn move_difference(
    tx: &mut Tx,
    revision: &BudgetRevision,
    line: &BudgetLine,
    event: NewEvent,
    now: OffsetDateTime,
) -> Result<(), BudgetError> {
    let difference = revision.amount - line.amount;
    if difference == 0 {
        crate::events::store::record(tx, event, now).await?;
        return Ok(());
    }
    let owner = if line.region_code.is_empty() {
        "national"
    } else {
        &line.region_code
    };
    let treasury_code = format!("treasury:{}:{owner}", line.source);
    let ids = ledger::load::ids_by_code(tx, &[treasury_code.clone(), line.account.clone()]).await?;
    let (Some(&treasury), Some(&account)) = (ids.get(&treasury_code), ids.get(&line.account))
    else {
        return Err(BudgetError::NotFound);
    };
    let (from, to) = if difference > 0 {
        (treasury, account)
    } else {
        (account, treasury)
    };
    let transfer = NewTransfer::single(
        transfer_id(revision.id),
        from,
        to,
        difference.abs(),
        TRANSFER_REVISION,
    )
    .with_reference(format!("budget_revision:{}", revision.id));
    let written = ledger::write(tx, std::slice::from_ref(&transfer), event, now).await?;
    if let Some((_, _, crate::ledger::Refusal::ExceedsCredits { .. })) =
        written.first_refusal(std::slice::from_ref(&transfer))
    {
        return Err(below_committed(committed(line)));
    }
    super::service::all_written(&written, &[transfer])?;
    Ok(())
}
