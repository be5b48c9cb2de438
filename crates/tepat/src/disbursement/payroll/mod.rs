//! Payrolls (daftar bayar): an approved cycle's entitlements in one region, paid by one
//! channel, submitted by one official and approved by another. Approval reserves every
//! entitlement as a pending ledger transfer from the cycle's envelope to the recipient's
//! account in that channel — all of them in one transaction with the approval's event, or
//! none.

pub mod store;

use time::OffsetDateTime;

use super::error::CycleError;
use super::model::{APPROVED, DISBURSED, RECONCILED, envelope_account_code};
use crate::auth::{Permission, Principal};
use crate::budgets::model::Official;
use crate::db::{Db, ResultExt};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::store as ledger;
use crate::ledger::{AccountKind, Limit, NewAccount, NewTransfer, Refusal};
use crate::region_code::RegionCode;
use crate::web::form::FieldRule;

pub const PAYROLL_SUBMITTED: Action = Action("payroll.submitted");
pub const PAYROLL_APPROVED: Action = Action("payroll.approved");

/// The channels a payroll pays by.
pub const CHANNELS: [&str; 3] = ["bank_transfer", "e_wallet", "e_voucher"];

/// What the ledger calls a reservation of an entitlement.
pub const TRANSFER_RESERVE: &str = "reserve";

/// A payroll with its control totals.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Payroll {
    pub id: i64,
    pub cycle_id: i64,
    pub region_code: String,
    /// `bank_transfer`, `e_wallet` or `e_voucher`.
    pub channel: String,
    /// `submitted` or `approved`.
    pub status: String,
    pub control_count: i64,
    /// Rupiah.
    pub control_amount: i64,
    pub maker: Official,
    pub made_at: String,
    pub checker: Option<Official>,
    pub checked_at: Option<String>,
    /// When its bank files were first written.
    pub exported_at: Option<String>,
}

/// The ledger transfer id reserving an entitlement in a payroll (a rejected payment is
/// reserved again in a later payroll, under that payroll's id).
pub fn reserve_transfer_id(payroll: i64, entitlement: i64) -> String {
    format!("payroll:{payroll}:entitlement:{entitlement}:reserve")
}

/// The recipient account of a household in a channel.
pub fn recipient_account_code(channel: &str, household: i64) -> String {
    format!("recipient:{channel}:household:{household}")
}

/// Submits a payroll of the approved cycle `cycle` for `region` and `channel`: every
/// entitlement there not yet in a payroll.
pub async fn submit(
    db: &Db,
    caller: &Principal,
    cycle: i64,
    region: &str,
    channel: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Payroll, CycleError> {
    caller.allows(Permission::ManageCycles, true)?;
    let cycle = super::service::find(db, caller, cycle).await?;
    if ![APPROVED, DISBURSED, RECONCILED].contains(&cycle.status.as_str()) {
        return Err(CycleError::conflict(
            "status",
            "approved",
            "a payroll is made from an approved cycle",
            "daftar bayar dibuat dari tahap yang sudah disetujui",
        ));
    }
    if !CHANNELS.contains(&channel) {
        return Err(CycleError::invalid(
            "channel",
            "one_of",
            "must be bank_transfer, e_wallet or e_voucher",
            "harus bank_transfer, e_wallet atau e_voucher",
        ));
    }
    let region = region.trim();
    let inside = RegionCode::parse(region)
        .ok()
        .zip(RegionCode::parse(&cycle.region_code).ok());
    if !inside.is_some_and(|(r, c)| c.contains(&r)) || !caller.covers_code(region) {
        return Err(CycleError::invalid(
            "region",
            "in_scope",
            "must lie inside both your region and the cycle's region",
            "harus di dalam wilayah Anda dan wilayah tahap",
        ));
    }
    let mut tx = db.begin_write().await?;
    let (id, count, amount) = store::submit(
        &mut tx,
        cycle.id,
        region,
        channel,
        &caller.actor,
        &caller.name,
        now,
    )
    .await?;
    if count == 0 {
        return Err(CycleError::conflict(
            "region",
            "nothing_to_pay",
            "no entitlement of the cycle in this region waits for a payroll",
            "tidak ada hak penerima di wilayah ini yang menunggu daftar bayar",
        ));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: PAYROLL_SUBMITTED,
        subject_type: "payroll",
        subject_id: id.to_string(),
        region: RegionCode::parse(region).ok(),
        changes: Changes::new()
            .set("cycle", cycle.id)
            .set("channel", channel)
            .set("control_count", count)
            .set("control_rupiah", amount),
        request_id,
    };
    let event = crate::events::store::record(&mut tx, event, now).await?;
    store::set_event(&mut tx, id, event).await?;
    tx.commit().await.store()?;
    store::payroll(db, id).await?.ok_or(CycleError::NotFound)
}

/// The payrolls of a cycle the caller may see.
pub async fn of_cycle(db: &Db, caller: &Principal, cycle: i64) -> Result<Vec<Payroll>, CycleError> {
    super::service::find(db, caller, cycle).await?;
    Ok(store::of_cycle(db, cycle)
        .await?
        .into_iter()
        .filter(|p| caller.covers_code(&p.region_code))
        .collect())
}

/// Approves a payroll submitted by another official: every entitlement in it is reserved
/// by a pending transfer from the envelope, with the approval's event committing to them.
pub async fn approve(
    db: &Db,
    caller: &Principal,
    id: i64,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Payroll, CycleError> {
    caller.allows(Permission::ManageCycles, true)?;
    let payroll = store::payroll(db, id)
        .await?
        .filter(|p| caller.covers_code(&p.region_code))
        .ok_or(CycleError::NotFound)?;
    if payroll.maker.id.is_some() && payroll.maker.id == caller.actor.id {
        return Err(CycleError::conflict(
            "checker",
            "four_eyes",
            "must be approved by an official other than the one who submitted it",
            "harus disetujui petugas lain, bukan yang mengajukan",
        ));
    }
    let mut tx = db.begin_bulk().await?;
    if !store::claim(&mut tx, id, &caller.actor, &caller.name, now).await? {
        return Err(CycleError::conflict(
            "status",
            "submitted",
            "this payroll was already approved",
            "daftar bayar ini sudah disetujui",
        ));
    }
    reserve(&mut tx, caller, &payroll, request_id, now).await?;
    store::mark_reserved(&mut tx, id, &payroll.channel).await?;
    // A re-payment reopens a reconciled cycle until the banks answer it.
    super::bank::store::set_cycle_status(&mut tx, payroll.cycle_id, &[RECONCILED], DISBURSED)
        .await?;
    tx.commit().await.store()?;
    store::payroll(db, id).await?.ok_or(CycleError::NotFound)
}

async fn reserve(
    tx: &mut crate::db::Tx,
    caller: &Principal,
    payroll: &Payroll,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<(), CycleError> {
    let lines = store::lines(tx, payroll.id).await?;
    let recipients: Vec<NewAccount> = lines
        .iter()
        .map(|(_, household, _)| NewAccount {
            code: recipient_account_code(&payroll.channel, *household),
            kind: AccountKind::Recipient,
            name: format!("Penerima keluarga {household} ({})", payroll.channel),
            region: Some(payroll.region_code.clone()),
            programme: None,
            limit: Limit::DebitsWithinCredits,
        })
        .collect();
    let ids = ledger::open_accounts_bulk(tx, &recipients, now).await?;
    let envelope = ledger::load::ids_by_code(tx, &[envelope_account_code(payroll.cycle_id)])
        .await?
        .into_values()
        .next()
        .ok_or(CycleError::NotFound)?;
    let batch: Vec<NewTransfer> = lines
        .iter()
        .zip(&ids)
        .map(|((entitlement, _, amount), recipient)| {
            NewTransfer::pending(
                reserve_transfer_id(payroll.id, *entitlement),
                envelope,
                *recipient,
                *amount,
                TRANSFER_RESERVE,
            )
            .with_reference(format!("entitlement:{entitlement}"))
        })
        .collect();
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: PAYROLL_APPROVED,
        subject_type: "payroll",
        subject_id: payroll.id.to_string(),
        region: RegionCode::parse(&payroll.region_code).ok(),
        changes: Changes::new()
            .change("status", "submitted", "approved")
            .set("control_count", payroll.control_count)
            .set("control_rupiah", payroll.control_amount),
        request_id,
    };
    let written = ledger::write(tx, &batch, event, now).await?;
    reserved(&written, &batch)
}

/// Whether every reservation of a payroll was written; the refusal in words otherwise.
fn reserved(written: &ledger::Written, batch: &[NewTransfer]) -> Result<(), CycleError> {
    match written.first_refusal(batch) {
        None if written.created == batch.len() => Ok(()),
        None => Err(CycleError::conflict(
            "status",
            "reserved",
            "these entitlements were already reserved",
            "hak penerima ini sudah dicadangkan",
        )),
        Some((_, _, Refusal::ExceedsCredits { shortfall, .. })) => {
            Err(CycleError::Conflict(FieldRule::new(
                "control_amount",
                "exceeds_envelope",
                &format!("is more than the cycle's envelope holds: short by Rp{shortfall}"),
                &format!(
                    "melebihi isi amplop tahap: kurang {}",
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
    }
}
