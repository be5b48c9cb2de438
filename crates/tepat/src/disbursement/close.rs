//! Closing a reconciled cycle: what its envelope still holds (payments the banks rejected
//! and nobody paid again) and what its vouchers were not spent on return to the treasury
//! that funded its budget line, by transfers committed with the closing event; its unpaid
//! entitlements become `returned` and its vouchers `closed`.

use sqlx::Row;
use time::OffsetDateTime;

use super::bank::store as bank_store;
use super::error::CycleError;
use super::model::{CLOSED, Cycle, RECONCILED, envelope_account_code};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::db::{ResultExt, StoreError, Tx};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::NewTransfer;
use crate::ledger::store as ledger;
use crate::region_code::RegionCode;

pub const CYCLE_CLOSED: Action = Action("cycle.closed");

/// What the ledger calls money returned to the treasury.
pub const TRANSFER_RETURN: &str = "return";

/// Closes a reconciled cycle, returning its envelope's remainder to the treasury.
pub async fn close(
    db: &Db,
    caller: &Principal,
    id: i64,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Cycle, CycleError> {
    caller.allows(Permission::ManageCycles, true)?;
    let cycle = super::service::find(db, caller, id).await?;
    let mut tx = db.begin_write().await?;
    if bank_store::cycle_outstanding(&mut tx, id).await? != (0, 0)
        || !bank_store::set_cycle_status(&mut tx, id, &[RECONCILED], CLOSED).await?
    {
        return Err(CycleError::conflict(
            "status",
            "reconciled",
            "only a reconciled cycle, with no payment awaiting a bank and no open exception, \
             can be closed",
            "hanya tahap yang sudah direkonsiliasi, tanpa pembayaran yang menunggu bank dan \
             tanpa pengecualian terbuka, yang bisa ditutup",
        ));
    }
    return_remainder(&mut tx, caller, &cycle, request_id, now).await?;
    sqlx::query(
        "UPDATE entitlements SET status = 'returned' WHERE cycle_id = $1 \
         AND status IN ('computed', 'rejected')",
    )
    .bind(id)
    .execute(&mut *tx)
    .await
    .store()?;
    tx.commit().await.store()?;
    super::store::cycle(db, id)
        .await?
        .ok_or(CycleError::NotFound)
}

/// Moves what the envelope still holds back to the treasury, with the closing event (or
/// records the event alone when nothing is left).
async fn return_remainder(
    tx: &mut Tx,
    caller: &Principal,
    cycle: &Cycle,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<(), CycleError> {
    let id = cycle.id;
    let envelope_code = envelope_account_code(id);
    let envelope = ledger::load::ids_by_code(tx, std::slice::from_ref(&envelope_code))
        .await?
        .remove(&envelope_code)
        .ok_or(CycleError::NotFound)?;
    let held = ledger::load::lock_accounts(tx, &[envelope])
        .await?
        .remove(&envelope)
        .map_or(0, |a| a.available());
    let treasury = treasury_of(tx, cycle.allocation_id).await?;
    let mut batch = voucher_returns(tx, id, treasury).await?;
    let unspent: i64 = batch.iter().map(|t| t.amount).sum();
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: CYCLE_CLOSED,
        subject_type: "cycle",
        subject_id: id.to_string(),
        region: RegionCode::parse(&cycle.region_code).ok(),
        changes: Changes::new()
            .change("status", RECONCILED, CLOSED)
            .set("returned_rupiah", held)
            .set("unspent_voucher_rupiah", unspent),
        request_id,
    };
    if held > 0 {
        batch.push(
            NewTransfer::single(
                format!("cycle:{id}:return"),
                envelope,
                treasury,
                held,
                TRANSFER_RETURN,
            )
            .with_reference(format!("cycle:{id}")),
        );
    }
    if !batch.is_empty() {
        let written = ledger::write(tx, &batch, event, now).await?;
        if let Some((_, _, refusal)) = written.first_refusal(&batch) {
            return Err(CycleError::conflict(
                "envelope",
                "ledger",
                &refusal.to_string(),
                "ditolak buku besar",
            ));
        }
    } else {
        crate::events::store::record(tx, event, now).await?;
    }
    Ok(())
}

/// The treasury account that funded the budget line of an allocation.
async fn treasury_of(tx: &mut Tx, allocation: i64) -> Result<i64, StoreError> {
    let line = crate::budgets::store::allocation_line_in(tx, allocation).await?;
    let line_account = crate::budgets::store::line_account(tx, line).await?;
    let row = sqlx::query(
        "SELECT t.debit_account_id FROM ledger_transfers t \
         JOIN ledger_accounts d ON d.id = t.debit_account_id \
         WHERE t.credit_account_id = $1 AND d.kind = 'treasury' ORDER BY t.seq LIMIT 1",
    )
    .bind(line_account)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    row.try_get(0).store()
}

/// What the cycle's vouchers still hold, each returned to the treasury by one transfer;
/// the vouchers are closed.
async fn voucher_returns(
    tx: &mut Tx,
    cycle: i64,
    treasury: i64,
) -> Result<Vec<NewTransfer>, StoreError> {
    let rows = sqlx::query(
        "SELECT v.id, v.ledger_account_id, \
         a.credits_posted - a.debits_posted - a.debits_pending FROM vouchers v \
         JOIN ledger_accounts a ON a.id = v.ledger_account_id \
         WHERE v.cycle_id = $1 AND v.status IN ('active', 'revoked') ORDER BY v.id",
    )
    .bind(cycle)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    let mut batch = Vec::new();
    for row in &rows {
        let (voucher, account, left): (i64, i64, i64) = (
            row.try_get(0).store()?,
            row.try_get(1).store()?,
            row.try_get(2).store()?,
        );
        if left > 0 {
            batch.push(
                NewTransfer::single(
                    format!("cycle:{cycle}:voucher:{voucher}:return"),
                    account,
                    treasury,
                    left,
                    TRANSFER_RETURN,
                )
                .with_reference(format!("voucher:{voucher}")),
            );
        }
    }
    sqlx::query("UPDATE vouchers SET status = 'closed' WHERE cycle_id = $1 AND status = 'active'")
        .bind(cycle)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(batch)
}
