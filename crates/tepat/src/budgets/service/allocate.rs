//! Allocating a budget line to a region: one official submits (maker), another approves or
//! rejects (checker); approval moves the money from the line to the region's allocation
//! account in the ledger, refused with the shortfall when the line has not enough left.

use time::OffsetDateTime;

use super::super::error::BudgetError;
use super::super::model::{
    APPROVED, BudgetAllocation, REJECTED, TRANSFER_ALLOCATE, allocation_account_code,
    allocation_transfer_id,
};
use super::super::store::{self, Decision, NewAllocation};
use super::{
    ALLOCATION_APPROVED, ALLOCATION_REJECTED, ALLOCATION_SUBMITTED, NOTE_CHARS, all_written,
    amount_rule, text_rule,
};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt};
use crate::events::{Changes, NewEvent};
use crate::ledger::store as ledger;
use crate::ledger::{AccountKind, Limit, NewAccount, NewTransfer};
use crate::region_code::RegionCode;

/// An allocation as typed.
#[derive(Debug, Clone)]
pub struct AllocationInput {
    pub region: String,
    pub amount: i64,
    pub note: String,
}

/// Submits an allocation of line `line` for a checker.
pub async fn allocate(
    db: &Db,
    caller: &Principal,
    line: i64,
    input: &AllocationInput,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<BudgetAllocation, BudgetError> {
    caller.allows(Permission::ManageBudgets, true)?;
    let budget = store::line(db, line).await?.ok_or(BudgetError::NotFound)?;
    let region = RegionCode::parse(input.region.trim()).map_err(|_| {
        BudgetError::invalid(
            "region",
            "region_code",
            "must be a region code such as 31.75",
            "harus kode wilayah seperti 31.75",
        )
    })?;
    let inside_line = budget.region_code.is_empty()
        || RegionCode::parse(&budget.region_code).is_ok_and(|owner| owner.contains(&region));
    if !caller.covers_code(region.as_str()) || !inside_line {
        return Err(BudgetError::invalid(
            "region",
            "in_scope",
            "must lie inside both your region and the budget line's region",
            "harus di dalam wilayah Anda dan wilayah pagu",
        ));
    }
    if !region_exists(db, &region).await? {
        return Err(BudgetError::invalid(
            "region",
            "known",
            "is not in the official region list",
            "tidak ada dalam daftar wilayah resmi",
        ));
    }
    amount_rule(input.amount)?;
    if input.amount > budget.available {
        return Err(super::refused(&crate::ledger::Refusal::ExceedsCredits {
            account: budget.account.clone(),
            shortfall: input.amount - budget.available,
        }));
    }
    let note = text_rule("note", &input.note, NOTE_CHARS)?;
    let mut tx = db.begin_write().await?;
    let allocation = NewAllocation {
        line,
        region: region.as_str(),
        amount: input.amount,
        note: &note,
    };
    let id =
        store::insert_allocation(&mut tx, &allocation, &caller.actor, &caller.name, now).await?;
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: ALLOCATION_SUBMITTED,
        subject_type: "budget_allocation",
        subject_id: id.to_string(),
        region: Some(region.clone()),
        changes: Changes::new()
            .set("budget_line", line)
            .set("region", region.as_str())
            .set("amount_rupiah", input.amount)
            .set("status", "submitted"),
        request_id,
    };
    let event = crate::events::store::record(&mut tx, event, now).await?;
    store::set_event(&mut tx, "budget_allocations", id, event).await?;
    tx.commit().await.store()?;
    store::allocation(db, id)
        .await?
        .ok_or(BudgetError::NotFound)
}

async fn region_exists(db: &Db, region: &RegionCode) -> Result<bool, BudgetError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM regions WHERE code = $1")
        .bind(region.as_str().to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    Ok(found.is_some())
}

/// Approves (`approve`) or rejects a submitted allocation, as a checker who is not its
/// maker. Approval moves the money in the same transaction; two checkers at once leave one
/// decision.
pub async fn decide(
    db: &Db,
    caller: &Principal,
    id: i64,
    approve: bool,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<BudgetAllocation, BudgetError> {
    caller.allows(Permission::ManageBudgets, true)?;
    let allocation = store::allocation(db, id)
        .await?
        .ok_or(BudgetError::NotFound)?;
    if !caller.covers_code(&allocation.region_code) {
        return Err(BudgetError::NotFound);
    }
    if allocation.maker.id.is_some() && allocation.maker.id == caller.actor.id {
        return Err(BudgetError::conflict(
            "checker",
            "four_eyes",
            "must be approved or rejected by an official other than the one who submitted it",
            "harus disetujui atau ditolak oleh petugas lain, bukan yang mengajukan",
        ));
    }
    let note = if approve && note.trim().is_empty() {
        None
    } else {
        Some(text_rule("note", note, NOTE_CHARS)?)
    };
    let mut tx = db.begin_write().await?;
    let account = if approve {
        Some(move_money(&mut tx, caller, &allocation, request_id.clone(), now).await?)
    } else {
        None
    };
    let decision = Decision {
        id,
        status: if approve { APPROVED } else { REJECTED },
        note: note.as_deref(),
        account_id: account,
    };
    if !store::decide(&mut tx, &decision, &caller.actor, &caller.name, now).await? {
        return Err(already_decided());
    }
    if !approve {
        let event = NewEvent {
            actor: caller.actor.clone(),
            action: ALLOCATION_REJECTED,
            subject_type: "budget_allocation",
            subject_id: id.to_string(),
            region: RegionCode::parse(&allocation.region_code).ok(),
            changes: Changes::new().change("status", "submitted", REJECTED),
            request_id,
        };
        crate::events::store::record(&mut tx, event, now).await?;
    }
    tx.commit().await.store()?;
    store::allocation(db, id)
        .await?
        .ok_or(BudgetError::NotFound)
}

fn already_decided() -> BudgetError {
    BudgetError::conflict(
        "status",
        "submitted",
        "this allocation was already approved or rejected",
        "alokasi ini sudah disetujui atau ditolak",
    )
}

/// The approval's transfer from the line to the region's allocation account, with the
/// approval event committing to it; returns the allocation account's id.
async fn move_money(
    tx: &mut crate::db::Tx,
    caller: &Principal,
    allocation: &BudgetAllocation,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, BudgetError> {
    let line = allocation.budget_line_id;
    let region = &allocation.region_code;
    let account = NewAccount {
        code: allocation_account_code(line, region),
        kind: AccountKind::Allocation,
        name: format!("Alokasi pagu {line} untuk {region}"),
        region: Some(region.clone()),
        programme: None,
        limit: Limit::DebitsWithinCredits,
    };
    let to = ledger::open_accounts(tx, &[account], now).await?[0];
    let from = store::line_account(tx, line).await?;
    let transfer = NewTransfer::single(
        allocation_transfer_id(allocation.id),
        from,
        to,
        allocation.amount,
        TRANSFER_ALLOCATE,
    )
    .with_reference(format!("budget_allocation:{}", allocation.id));
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: ALLOCATION_APPROVED,
        subject_type: "budget_allocation",
        subject_id: allocation.id.to_string(),
        region: RegionCode::parse(region).ok(),
        changes: Changes::new().change("status", "submitted", APPROVED),
        request_id,
    };
    let written = ledger::write(tx, std::slice::from_ref(&transfer), event, now).await?;
    if written.event.is_none()
        && written
            .first_refusal(std::slice::from_ref(&transfer))
            .is_none()
    {
        return Err(already_decided());
    }
    all_written(&written, &[transfer])?;
    Ok(to)
}
