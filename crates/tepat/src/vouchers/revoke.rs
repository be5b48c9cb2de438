//! Revoking a voucher: an official stops a voucher that must not be spent (a card lost or
//! sold, a household no longer entitled), with the reason, in the log. What it still holds
//! stays in its ledger account until the cycle closes, and then returns to the treasury.

use time::OffsetDateTime;

use super::error::VoucherError;
use super::model::{ACTIVE, REVOKED, Voucher};
use super::store;
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt};
use crate::events::{Action, Changes, NewEvent};
use crate::region_code::RegionCode;

pub const VOUCHER_REVOKED: Action = Action("voucher.revoked");

/// Revokes an active voucher in the caller's region.
pub async fn revoke(
    db: &Db,
    caller: &Principal,
    id: i64,
    reason: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Voucher, VoucherError> {
    caller.allows(Permission::ManageCycles, true)?;
    let reason = super::error::reason(reason)?;
    let voucher = store::by_id(db, id)
        .await?
        .filter(|v| caller.covers_code(&v.region_code))
        .ok_or(VoucherError::NotFound)?;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query("UPDATE vouchers SET status = $1 WHERE id = $2 AND status = $3")
        .bind(REVOKED)
        .bind(id)
        .bind(ACTIVE)
        .execute(&mut *tx)
        .await
        .store()?;
    if done.rows_affected() != 1 {
        return Err(VoucherError::conflict(
            "status",
            "active",
            "only an active voucher can be revoked",
            "hanya voucher aktif yang bisa dicabut",
        ));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: VOUCHER_REVOKED,
        subject_type: "voucher",
        subject_id: id.to_string(),
        region: RegionCode::parse(&voucher.region_code).ok(),
        changes: Changes::new()
            .change("status", ACTIVE, REVOKED)
            .set("remaining_rupiah", voucher.remaining)
            .set("reason", reason),
        request_id,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    store::by_id(db, id).await?.ok_or(VoucherError::NotFound)
}
