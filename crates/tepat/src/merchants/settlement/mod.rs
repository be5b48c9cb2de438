//! Paying e-warong for the vouchers they took. A district officer settles a region: every
//! shop's redemptions not yet paid are summed, one pain.001 file per bank holds a line per
//! shop, and one ledger transfer per shop moves the sum from the shop's account to the
//! bank's settlement account — all with the redemptions marked paid and one event, in one
//! transaction. The shop's account may never go below zero, so two settlements racing
//! over the same redemptions pay them once.

pub mod api;
pub mod file;
pub mod store;

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::{AccountKind, Limit, NewAccount, NewTransfer};
use crate::region_code::RegionCode;
use crate::vouchers::error::VoucherError;

pub const MERCHANTS_SETTLED: Action = Action("merchants.settled");
/// What the ledger calls paying a shop.
pub const TRANSFER_SETTLEMENT: &str = "merchant_settlement";

/// One bank's file of a settlement.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = MerchantSettlement)]
pub struct Settlement {
    pub id: i64,
    pub region: String,
    /// The shops' bank (BIC), which gets the file.
    pub bank: String,
    /// The file's message id.
    pub message_id: String,
    pub merchants: i64,
    pub total: i64,
    /// UTC, RFC 3339.
    pub created_at: String,
}

/// The pain.001 message id of a settlement.
pub fn message_id(id: i64) -> String {
    format!("TEPAT-WARONG-{id}")
}

/// The bank's settlement account, where money handed to the bank waits.
fn bank_account(bic: &str) -> NewAccount {
    NewAccount {
        code: format!("settlement:{bic}"),
        kind: AccountKind::Settlement,
        name: format!("Rekening penampung {bic}"),
        region: None,
        programme: None,
        limit: Limit::None,
    }
}

/// Settles every shop of `region` (inside the caller's) with redemptions not yet paid;
/// the settlements written, one per bank.
pub async fn settle(
    db: &Db,
    caller: &Principal,
    region: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Vec<Settlement>, VoucherError> {
    caller.allows(Permission::ManageMerchants, true)?;
    let region = RegionCode::parse(region)
        .ok()
        .filter(|r| caller.covers(r))
        .ok_or_else(|| {
            VoucherError::invalid(
                "region",
                "in_scope",
                "must be a region inside your own",
                "harus wilayah di dalam wilayah Anda",
            )
        })?;
    let mut tx = db.begin_write().await?;
    let due = store::unsettled(&mut tx, region.as_str()).await?;
    if due.is_empty() {
        return Err(nothing());
    }
    let mut banks: BTreeMap<String, Vec<store::Due>> = BTreeMap::new();
    for shop in due {
        banks.entry(shop.bic.clone()).or_default().push(shop);
    }
    let mut transfers = Vec::new();
    let mut written = Vec::new();
    for (bic, shops) in &banks {
        let total = shops.iter().map(|s| s.amount).sum();
        let head = store::NewSettlement {
            region: region.as_str(),
            bic,
            merchants: shops.len() as i64,
            total,
            by: caller.actor.id,
        };
        let id = store::insert(&mut tx, &head, now).await?;
        let account =
            crate::ledger::store::open_accounts(&mut tx, &[bank_account(bic)], now).await?[0];
        for shop in shops {
            let transfer = format!("merchant-settlement:{id}:{}", shop.merchant);
            store::insert_line(&mut tx, id, shop, &transfer).await?;
            let paid = NewTransfer::single(
                transfer,
                shop.ledger_account,
                account,
                shop.amount,
                TRANSFER_SETTLEMENT,
            )
            .with_reference(message_id(id));
            transfers.push(paid);
        }
        written.push(id);
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: MERCHANTS_SETTLED,
        subject_type: "region",
        subject_id: region.as_str().to_owned(),
        region: Some(region.clone()),
        changes: Changes::new()
            .set("settlements", serde_json::json!(written))
            .set("merchants", transfers.len()),
        request_id,
    };
    let ledger = crate::ledger::store::write(&mut tx, &transfers, event, now).await?;
    if ledger.first_refusal(&transfers).is_some() {
        // The shops' balances moved since they were read: another settlement paid them.
        return Err(nothing());
    }
    let settlements = store::by_ids(&mut tx, &written).await?;
    tx.commit().await.store()?;
    Ok(settlements)
}

fn nothing() -> VoucherError {
    VoucherError::conflict(
        "region",
        "nothing_to_settle",
        "no shop of this region has redemptions waiting to be paid",
        "tidak ada e-warong di wilayah ini dengan penukaran voucher yang belum dibayar",
    )
}
