//! Cycle rules: who may create, compute and approve a cycle, four eyes between computing
//! and approving, and the envelope funded from the allocation in the approval's
//! transaction — refused stating the shortfall when the allocation has too little.

use time::OffsetDateTime;

use super::compute;
use super::error::CycleError;
use super::model::{APPROVED, COMPUTED, Cycle, DRAFT, TRANSFER_ENVELOPE, envelope_account_code};
use super::store::{self, Computed, NewCycle};
use crate::auth::{Permission, Principal};
use crate::budgets::model::{APPROVED as ALLOCATION_APPROVED, allocation_account_code};
use crate::db::{Db, ResultExt};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::store as ledger;
use crate::ledger::{AccountKind, Limit, NewAccount, NewTransfer, Refusal};
use crate::region_code::RegionCode;
use crate::web::form::FieldRule;

pub const CYCLE_CREATED: Action = Action("cycle.created");
pub const CYCLE_COMPUTED: Action = Action("cycle.computed");
pub const CYCLE_APPROVED: Action = Action("cycle.approved");

const NAME_CHARS: std::ops::RangeInclusive<usize> = 3..=100;
const MONTHS: std::ops::RangeInclusive<i64> = 1..=12;

/// A new cycle as typed.
#[derive(Debug, Clone)]
pub struct CycleInput {
    pub allocation_id: i64,
    pub name: String,
    pub months: i64,
}

/// Creates a draft cycle paid from an approved allocation inside the caller's scope.
pub async fn create(
    db: &Db,
    caller: &Principal,
    input: &CycleInput,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Cycle, CycleError> {
    caller.allows(Permission::ManageCycles, true)?;
    let name = input.name.trim();
    if !NAME_CHARS.contains(&name.chars().count()) {
        return Err(CycleError::invalid(
            "name",
            "length",
            "must be 3 to 100 characters, such as \"PKH 2027 tahap 1\"",
            "harus 3 sampai 100 karakter, misalnya \"PKH 2027 tahap 1\"",
        ));
    }
    if !MONTHS.contains(&input.months) {
        return Err(CycleError::invalid(
            "months",
            "range",
            "must be 1 to 12 months",
            "harus 1 sampai 12 bulan",
        ));
    }
    let not_usable = || {
        CycleError::invalid(
            "allocation_id",
            "approved",
            "must be an approved budget allocation in your region",
            "harus alokasi anggaran yang sudah disetujui di wilayah Anda",
        )
    };
    let allocation = crate::budgets::store::allocation(db, input.allocation_id)
        .await?
        .filter(|a| a.status == ALLOCATION_APPROVED && caller.covers_code(&a.region_code))
        .ok_or_else(not_usable)?;
    let line = crate::budgets::store::line(db, allocation.budget_line_id)
        .await?
        .ok_or_else(not_usable)?;
    let mut tx = db.begin_write().await?;
    let cycle = NewCycle {
        programme: &line.programme,
        name,
        allocation_id: allocation.id,
        region: &allocation.region_code,
        months: input.months,
    };
    let id = store::insert_cycle(&mut tx, &cycle, &caller.actor, &caller.name, now).await?;
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: CYCLE_CREATED,
        subject_type: "cycle",
        subject_id: id.to_string(),
        region: RegionCode::parse(&allocation.region_code).ok(),
        changes: Changes::new()
            .set("programme", line.programme.clone())
            .set("name", name)
            .set("allocation", allocation.id)
            .set("months", input.months),
        request_id,
    };
    let event = crate::events::store::record(&mut tx, event, now).await?;
    store::set_event(&mut tx, id, event).await?;
    tx.commit().await.store()?;
    store::cycle(db, id).await?.ok_or(CycleError::NotFound)
}

/// The cycle `id` if the caller may see it.
pub async fn find(db: &Db, caller: &Principal, id: i64) -> Result<Cycle, CycleError> {
    caller.allows(Permission::ReadBudgets, false)?;
    store::cycle(db, id)
        .await?
        .filter(|c| caller.covers_code(&c.region_code))
        .ok_or(CycleError::NotFound)
}

/// Cycles in the caller's scope, newest first.
pub async fn list(db: &Db, caller: &Principal) -> Result<Vec<Cycle>, CycleError> {
    caller.allows(Permission::ReadBudgets, false)?;
    Ok(store::cycles(db, caller.region.as_ref()).await?)
}

/// Computes (or recomputes, before approval) a cycle's entitlements from the registry as
/// it is now. An unchanged registry gives the same rows: nothing is written, no event.
pub async fn compute(
    db: &Db,
    caller: &Principal,
    id: i64,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Cycle, CycleError> {
    caller.allows(Permission::ManageCycles, true)?;
    let cycle = find(db, caller, id).await?;
    if cycle.status != DRAFT && cycle.status != COMPUTED {
        return Err(state_refused(&cycle.status));
    }
    let programme = crate::programmes::store::find(db, &cycle.programme)
        .await?
        .ok_or(CycleError::NotFound)?;
    let today = crate::clock::today(now);
    let households =
        store::facts::households(db, &cycle.programme, &cycle.region_code, today).await?;
    let outcome = compute::compute(&programme.benefit, &households, cycle.months);
    if cycle.rows_sha256.as_deref() == Some(outcome.sha256.as_str()) {
        return Ok(cycle);
    }
    let mut tx = db.begin_bulk().await?;
    let computed = Computed {
        entitlements: &outcome.entitlements,
        skips: &outcome.skips,
        amount: outcome.amount,
        sha256: &outcome.sha256,
    };
    store::replace_rows(&mut tx, id, &computed, &caller.actor, &caller.name, now).await?;
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: CYCLE_COMPUTED,
        subject_type: "cycle",
        subject_id: id.to_string(),
        region: RegionCode::parse(&cycle.region_code).ok(),
        changes: Changes::new()
            .change("status", cycle.status.clone(), COMPUTED)
            .change(
                "control_count",
                cycle.control_count,
                outcome.entitlements.len(),
            )
            .change("control_rupiah", cycle.control_amount, outcome.amount)
            .set("skipped", outcome.skips.len())
            .set("rows_sha256", outcome.sha256.clone()),
        request_id,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    store::cycle(db, id).await?.ok_or(CycleError::NotFound)
}

fn state_refused(status: &str) -> CycleError {
    CycleError::Conflict(FieldRule::new(
        "status",
        "state",
        &format!("not possible while the cycle is {status}"),
        &format!("tidak bisa selagi tahap berstatus {status}"),
    ))
}

/// Approves a computed cycle as an official other than the one who computed it: the
/// control amount moves from the allocation to the cycle's envelope, with the event.
pub async fn approve(
    db: &Db,
    caller: &Principal,
    id: i64,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Cycle, CycleError> {
    caller.allows(Permission::ManageCycles, true)?;
    let cycle = find(db, caller, id).await?;
    if cycle.status != COMPUTED {
        return Err(state_refused(&cycle.status));
    }
    let computer = cycle.computed_by.as_ref().and_then(|o| o.id);
    if computer.is_some() && computer == caller.actor.id {
        return Err(CycleError::conflict(
            "approver",
            "four_eyes",
            "must be approved by an official other than the one who computed it",
            "harus disetujui petugas lain, bukan yang menghitung",
        ));
    }
    if cycle.control_count == 0 {
        return Err(CycleError::conflict(
            "control_count",
            "empty",
            "the cycle entitles nobody: there is nothing to approve",
            "tahap ini tidak berisi penerima: tidak ada yang disetujui",
        ));
    }
    let sha = cycle.rows_sha256.clone().unwrap_or_default();
    let mut tx = db.begin_write().await?;
    let envelope = fund_envelope(&mut tx, caller, &cycle, request_id, now).await?;
    if !store::approve(
        &mut tx,
        id,
        &sha,
        envelope,
        &caller.actor,
        &caller.name,
        now,
    )
    .await?
    {
        return Err(state_refused(APPROVED));
    }
    tx.commit().await.store()?;
    store::cycle(db, id).await?.ok_or(CycleError::NotFound)
}

async fn fund_envelope(
    tx: &mut crate::db::Tx,
    caller: &Principal,
    cycle: &Cycle,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, CycleError> {
    let line = crate::budgets::store::allocation_line_in(tx, cycle.allocation_id).await?;
    let from_code = allocation_account_code(line, &cycle.region_code);
    let from = ledger::load::ids_by_code(tx, std::slice::from_ref(&from_code))
        .await?
        .remove(&from_code)
        .ok_or(CycleError::NotFound)?;
    let envelope = NewAccount {
        code: envelope_account_code(cycle.id),
        kind: AccountKind::Envelope,
        name: format!("Amplop {}", cycle.name),
        region: Some(cycle.region_code.clone()),
        programme: Some(cycle.programme.clone()),
        limit: Limit::DebitsWithinCredits,
    };
    let to = ledger::open_accounts(tx, &[envelope], now).await?[0];
    let transfer = NewTransfer::single(
        format!("cycle:{}:envelope", cycle.id),
        from,
        to,
        cycle.control_amount,
        TRANSFER_ENVELOPE,
    )
    .with_reference(format!("cycle:{}", cycle.id));
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: CYCLE_APPROVED,
        subject_type: "cycle",
        subject_id: cycle.id.to_string(),
        region: RegionCode::parse(&cycle.region_code).ok(),
        changes: Changes::new()
            .change("status", COMPUTED, APPROVED)
            .set("control_count", cycle.control_count)
            .set("control_rupiah", cycle.control_amount),
        request_id,
    };
    let batch = std::slice::from_ref(&transfer);
    let written = ledger::write(tx, batch, event, now).await?;
    match written.first_refusal(batch) {
        Some((_, _, Refusal::ExceedsCredits { shortfall, .. })) => {
            Err(CycleError::Conflict(FieldRule::new(
                "control_amount",
                "exceeds_allocation",
                &format!(
                    "is more than the allocation has left: short by Rp{}",
                    crate::sheets::limits::grouped(shortfall.unsigned_abs(), ',')
                ),
                &format!(
                    "melebihi sisa alokasi: kurang {}",
                    crate::budgets::model::rupiah(*shortfall)
                ),
            )))
        }
        Some((_, _, other)) => Err(CycleError::conflict(
            "control_amount",
            "ledger",
            &other.to_string(),
            "ditolak buku besar",
        )),
        None if written.event.is_none() => Err(state_refused(APPROVED)),
        None => Ok(to),
    }
}
