//! Resolving an exception: an official who looked into a status line that could not be
//! applied (and settled it with the bank outside Tepat, or found it harmless) marks it
//! resolved with a note, in the log. When nothing else waits, the cycle is reconciled.

use time::OffsetDateTime;

use super::store as bank_store;
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt};
use crate::disbursement::error::CycleError;
use crate::disbursement::model::{APPROVED, DISBURSED, RECONCILED};
use crate::disbursement::payroll;
use crate::events::{Action, Changes, NewEvent};
use crate::region_code::RegionCode;

pub const EXCEPTION_RESOLVED: Action = Action("payment_exception.resolved");

/// Resolves exception `id` with `note` (5 to 500 characters); the payroll's cycle.
pub async fn resolve(
    db: &Db,
    caller: &Principal,
    id: i64,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, CycleError> {
    caller.allows(Permission::ManageCycles, true)?;
    let note = note.trim();
    if !(5..=500).contains(&note.chars().count()) {
        return Err(CycleError::invalid(
            "note",
            "length",
            "must say in 5 to 500 characters how the exception was settled",
            "tulis 5 sampai 500 huruf tentang cara pengecualian ini diselesaikan",
        ));
    }
    let payroll = match bank_store::exception_payroll(db, id).await? {
        Some(p) => payroll::store::payroll(db, p).await?,
        None => None,
    }
    .filter(|p| caller.covers_code(&p.region_code))
    .ok_or(CycleError::NotFound)?;
    let mut tx = db.begin_write().await?;
    if !bank_store::resolve_exception(&mut tx, id, &caller.actor, &caller.name, note, now).await? {
        return Err(CycleError::conflict(
            "status",
            "open",
            "this exception was already resolved",
            "pengecualian ini sudah diselesaikan",
        ));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: EXCEPTION_RESOLVED,
        subject_type: "payment_exception",
        subject_id: id.to_string(),
        region: RegionCode::parse(&payroll.region_code).ok(),
        changes: Changes::new()
            .change("status", "open", "resolved")
            .set("payroll", payroll.id)
            .set("note", note),
        request_id,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    if bank_store::cycle_outstanding(&mut tx, payroll.cycle_id).await? == (0, 0) {
        bank_store::set_cycle_status(
            &mut tx,
            payroll.cycle_id,
            &[APPROVED, DISBURSED],
            RECONCILED,
        )
        .await?;
    }
    tx.commit().await.store()?;
    Ok(payroll.cycle_id)
}
