//! Proofs of double spend: the refused offline record with its device signature, beside
//! the purchases that spent the voucher first. A district officer of the shop's region
//! decides each — fraud (`upheld`) or an honest mistake (`dismissed`) — with a note;
//! the decision is final and goes into the log.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{DISMISSED, DoubleSpend, OPEN, Purchase, UPHELD};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::events::{Action, Changes, NewEvent};
use crate::region_code::RegionCode;
use crate::vouchers::error::{VoucherError, reason};

pub const DOUBLE_SPEND_DECIDED: Action = Action("voucher.double_spend_decided");

/// Most proofs in one list.
pub const LIST_MAX: i64 = 200;

const COLUMNS: &str = "d.id, d.voucher_id, v.code, m.code, m.name, m.region_code, d.amount, \
    d.remaining, d.status, d.decision_note, d.detected_at, d.device_id, k.public_key, \
    d.record, d.signature";

const FROM: &str = "FROM double_spends d JOIN vouchers v ON v.id = d.voucher_id \
    JOIN merchants m ON m.id = d.merchant_id JOIN merchant_devices k ON k.id = d.device_id";

fn from_row(row: &AnyRow) -> Result<DoubleSpend, StoreError> {
    let detected_at: String = row.try_get(10).store()?;
    Ok(DoubleSpend {
        id: row.try_get(0).store()?,
        voucher: row.try_get(1).store()?,
        voucher_code: row.try_get(2).store()?,
        merchant: row.try_get(3).store()?,
        merchant_name: row.try_get(4).store()?,
        region: row.try_get(5).store()?,
        amount: row.try_get(6).store()?,
        remaining: row.try_get(7).store()?,
        status: row.try_get(8).store()?,
        decision_note: row.try_get(9).store()?,
        refused: Purchase {
            redemption: None,
            merchant: row.try_get(3).store()?,
            amount: row.try_get(6).store()?,
            at: detected_at.clone(),
            device: Some(row.try_get(11).store()?),
            device_key: Some(row.try_get(12).store()?),
            record: Some(row.try_get(13).store()?),
            signature: Some(row.try_get(14).store()?),
        },
        detected_at,
        earlier: Vec::new(),
    })
}

/// Proofs in a region (the whole country when `None`, for national officials), open ones
/// first, newest first.
pub async fn list(
    db: &Db,
    caller: &Principal,
    region: Option<&RegionCode>,
    status: Option<&str>,
) -> Result<Vec<DoubleSpend>, VoucherError> {
    caller.allows(Permission::ReadMerchants, false)?;
    let prefix = match region {
        Some(region) if caller.covers(region) => region.as_str().to_owned(),
        None if caller.region.is_none() => String::new(),
        _ => return Err(VoucherError::NotFound),
    };
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE m.region_code LIKE $1 AND ($2 = '' OR d.status = $2) \
         ORDER BY CASE WHEN d.status = 'open' THEN 0 ELSE 1 END, d.id DESC LIMIT {LIST_MAX}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(format!("{prefix}%"))
        .bind(status.unwrap_or("").to_owned())
        .fetch_all(&db.pool)
        .await
        .store()?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

/// One proof with the purchases that spent its voucher first, if in the caller's region.
pub async fn one(db: &Db, caller: &Principal, id: i64) -> Result<DoubleSpend, VoucherError> {
    caller.allows(Permission::ReadMerchants, false)?;
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE d.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    let mut proof = row
        .as_ref()
        .map(from_row)
        .transpose()?
        .filter(|p| caller.covers_code(&p.region))
        .ok_or(VoucherError::NotFound)?;
    proof.earlier = earlier(db, proof.voucher).await?;
    Ok(proof)
}

/// The purchases paid from a voucher, in the order they were made.
async fn earlier(db: &Db, voucher: i64) -> Result<Vec<Purchase>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.id, m.code, r.amount, r.redeemed_at, r.device_id, k.public_key, r.record, \
         r.signature FROM redemptions r JOIN merchants m ON m.id = r.merchant_id \
         LEFT JOIN merchant_devices k ON k.id = r.device_id \
         WHERE r.voucher_id = $1 ORDER BY r.redeemed_at, r.id",
    )
    .bind(voucher)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok(Purchase {
                redemption: Some(row.try_get(0).store()?),
                merchant: row.try_get(1).store()?,
                amount: row.try_get(2).store()?,
                at: row.try_get(3).store()?,
                device: row.try_get(4).store()?,
                device_key: row.try_get(5).store()?,
                record: row.try_get(6).store()?,
                signature: row.try_get(7).store()?,
            })
        })
        .collect()
}

/// Decides an open proof in the caller's region: `upheld` or `dismissed`, with a note.
pub async fn decide(
    db: &Db,
    caller: &Principal,
    id: i64,
    outcome: &str,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<DoubleSpend, VoucherError> {
    caller.allows(Permission::ManageMerchants, true)?;
    let proof = one(db, caller, id).await?;
    if ![UPHELD, DISMISSED].contains(&outcome) {
        return Err(VoucherError::invalid(
            "outcome",
            "one_of",
            "must be upheld (fraud) or dismissed (an honest mistake)",
            "harus terbukti curang atau bukan kecurangan",
        ));
    }
    let note = reason(note).map_err(|_| {
        VoucherError::invalid(
            "note",
            "length",
            "must be 5 to 500 characters",
            "harus 5 sampai 500 karakter",
        )
    })?;
    let mut tx = db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE double_spends SET status = $1, decision_note = $2, decided_by = $3, \
         decided_at = $4 WHERE id = $5 AND status = $6",
    )
    .bind(outcome.to_owned())
    .bind(note.clone())
    .bind(caller.actor.id)
    .bind(timestamp::to_db(now))
    .bind(id)
    .bind(OPEN)
    .execute(&mut *tx)
    .await
    .store()?
    .rows_affected();
    if changed == 0 {
        return Err(VoucherError::conflict(
            "status",
            "decided",
            "this double spend is already decided",
            "belanja ganda ini sudah diputuskan",
        ));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: DOUBLE_SPEND_DECIDED,
        subject_type: "double_spend",
        subject_id: id.to_string(),
        region: RegionCode::parse(&proof.region).ok(),
        changes: Changes::new()
            .set("status", outcome.to_owned())
            .set("merchant", proof.merchant.clone())
            .set("note", note),
        request_id,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    one(db, caller, id).await
}
