//! Devices, offline limits, offline redemptions and proofs of double spend in the
//! database.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{DEVICE_ACTIVE, Device, Limits, OPEN};
use crate::db::bulk::{insert_rows, placeholders, rows_per_statement};
use crate::db::{Db, Engine, ResultExt, StoreError, Tx, timestamp};

const DEVICE_COLUMNS: &str = "id, merchant_id, public_key, label, status";

fn device(row: &AnyRow) -> Result<Device, StoreError> {
    Ok(Device {
        id: row.try_get(0).store()?,
        merchant: row.try_get(1).store()?,
        public_key: row.try_get(2).store()?,
        label: row.try_get(3).store()?,
        status: row.try_get(4).store()?,
    })
}

pub async fn insert_device(
    tx: &mut Tx,
    merchant: i64,
    public_key: &str,
    label: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO merchant_devices (merchant_id, public_key, label, status, registered_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(merchant)
    .bind(public_key.to_owned())
    .bind(label.to_owned())
    .bind(DEVICE_ACTIVE)
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

pub async fn device_by_id(db: &Db, id: i64) -> Result<Option<Device>, StoreError> {
    let sql = format!("SELECT {DEVICE_COLUMNS} FROM merchant_devices WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(device).transpose()
}

pub async fn device_by_key(db: &Db, public_key: &str) -> Result<Option<Device>, StoreError> {
    let sql = format!("SELECT {DEVICE_COLUMNS} FROM merchant_devices WHERE public_key = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(public_key.to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(device).transpose()
}

pub async fn devices_of(db: &Db, merchant: i64) -> Result<Vec<Device>, StoreError> {
    let sql =
        format!("SELECT {DEVICE_COLUMNS} FROM merchant_devices WHERE merchant_id = $1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(merchant)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(device).collect()
}

/// Every programme's offline limits, by programme code.
pub async fn limits(db: &Db) -> Result<HashMap<String, Limits>, StoreError> {
    let rows =
        sqlx::query("SELECT programme_code, per_voucher, per_day, outstanding FROM offline_limits")
            .fetch_all(&db.pool)
            .await
            .store()?;
    rows.iter()
        .map(|row| {
            let limits = Limits {
                per_voucher: row.try_get(1).store()?,
                per_day: row.try_get(2).store()?,
                outstanding: row.try_get(3).store()?,
            };
            Ok((row.try_get(0).store()?, limits))
        })
        .collect()
}

/// One programme's offline limits, read inside the transaction that changes them.
pub async fn limits_of(tx: &mut Tx, programme: &str) -> Result<Option<Limits>, StoreError> {
    let row = sqlx::query(
        "SELECT per_voucher, per_day, outstanding FROM offline_limits WHERE programme_code = $1",
    )
    .bind(programme.to_owned())
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    row.map(|row| {
        Ok(Limits {
            per_voucher: row.try_get(0).store()?,
            per_day: row.try_get(1).store()?,
            outstanding: row.try_get(2).store()?,
        })
    })
    .transpose()
}

/// Sets one programme's offline limits, adding its row when it has none.
pub async fn set_limits(tx: &mut Tx, programme: &str, limits: &Limits) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO offline_limits (programme_code, per_voucher, per_day, outstanding) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (programme_code) DO UPDATE SET \
         per_voucher = excluded.per_voucher, per_day = excluded.per_day, \
         outstanding = excluded.outstanding",
    )
    .bind(programme.to_owned())
    .bind(limits.per_voucher)
    .bind(limits.per_day)
    .bind(limits.outstanding)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

/// Of these client keys, those a shop already used: key → (redemption, amount).
pub async fn used_keys(
    tx: &mut Tx,
    merchant: i64,
    keys: &[String],
) -> Result<HashMap<String, (i64, i64)>, StoreError> {
    let engine = Engine::of(tx);
    let mut found = HashMap::new();
    for chunk in keys.chunks(rows_per_statement(1)) {
        let list = placeholders(engine, chunk.len(), 1).replace(['(', ')'], "");
        let sql = format!(
            "SELECT client_key, id, amount, merchant_id FROM redemptions \
             WHERE client_key IN ({list})"
        );
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, k| {
                q.bind(k.clone())
            });
        for row in query.fetch_all(&mut **tx).await.store()? {
            let owner: i64 = row.try_get(3).store()?;
            if owner == merchant {
                let value = (row.try_get(1).store()?, row.try_get(2).store()?);
                found.insert(row.try_get(0).store()?, value);
            }
        }
    }
    Ok(found)
}

/// Of these record ids, those a device already had refused as a double spend.
pub async fn proven_ids(
    tx: &mut Tx,
    device: i64,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let rows = sqlx::query("SELECT client_id FROM double_spends WHERE device_id = $1")
        .bind(device)
        .fetch_all(&mut **tx)
        .await
        .store()?;
    rows.iter().map(|row| row.try_get(0).store()).collect()
}

/// What a shop took offline between two times (UTC, stored form).
pub async fn offline_total_between(
    tx: &mut Tx,
    merchant: i64,
    from: &str,
    until: &str,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM redemptions \
         WHERE merchant_id = $1 AND device_id IS NOT NULL \
         AND redeemed_at >= $2 AND redeemed_at < $3",
    )
    .bind(merchant)
    .bind(from.to_owned())
    .bind(until.to_owned())
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// What a shop took offline from each of these vouchers, by voucher (none: absent).
pub async fn offline_totals_of(
    tx: &mut Tx,
    merchant: i64,
    vouchers: &[i64],
) -> Result<HashMap<i64, i64>, StoreError> {
    let engine = Engine::of(tx);
    let mut found = HashMap::new();
    for chunk in vouchers.chunks(rows_per_statement(1)) {
        let list = placeholders(engine, chunk.len(), 1).replace(['(', ')'], "");
        let sql = format!(
            "SELECT voucher_id, merchant_id, CAST(SUM(amount) AS BIGINT) FROM redemptions \
             WHERE device_id IS NOT NULL AND voucher_id IN ({list}) \
             GROUP BY voucher_id, merchant_id"
        );
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, id| q.bind(*id));
        for row in query.fetch_all(&mut **tx).await.store()? {
            let owner: i64 = row.try_get(1).store()?;
            if owner == merchant {
                found.insert(row.try_get(0).store()?, row.try_get(2).store()?);
            }
        }
    }
    Ok(found)
}

/// An offline redemption to record.
pub struct OfflineRow {
    pub voucher: i64,
    pub merchant: i64,
    pub amount: i64,
    pub items: String,
    pub transfer: String,
    pub client_key: String,
    pub device: i64,
    pub record: String,
    pub signature: String,
    pub at: String,
}

const OFFLINE_VALUES: usize = 10;

/// Records offline redemptions; their ids in order.
pub async fn insert_offline(tx: &mut Tx, rows: &[OfflineRow]) -> Result<Vec<i64>, StoreError> {
    insert_rows(
        tx,
        "redemptions (voucher_id, merchant_id, amount, items, transfer_id, client_key, \
         device_id, record, signature, redeemed_at)",
        OFFLINE_VALUES,
        rows,
        true,
        |query, row| {
            query
                .bind(row.voucher)
                .bind(row.merchant)
                .bind(row.amount)
                .bind(row.items.clone())
                .bind(row.transfer.clone())
                .bind(row.client_key.clone())
                .bind(row.device)
                .bind(row.record.clone())
                .bind(row.signature.clone())
                .bind(row.at.clone())
        },
    )
    .await
}

/// A refused offline record kept as the proof of a double spend.
pub struct ProofRow {
    pub voucher: i64,
    pub merchant: i64,
    pub device: i64,
    pub client_id: String,
    pub record: String,
    pub signature: String,
    pub amount: i64,
    pub remaining: i64,
}

pub async fn insert_proof(
    tx: &mut Tx,
    proof: &ProofRow,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO double_spends (voucher_id, merchant_id, device_id, client_id, record, \
         signature, amount, remaining, status, detected_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(proof.voucher)
    .bind(proof.merchant)
    .bind(proof.device)
    .bind(proof.client_id.clone())
    .bind(proof.record.clone())
    .bind(proof.signature.clone())
    .bind(proof.amount)
    .bind(proof.remaining)
    .bind(OPEN)
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// What these ledger accounts hold, read inside a transaction.
pub async fn balances(tx: &mut Tx, accounts: &[i64]) -> Result<HashMap<i64, i64>, StoreError> {
    let engine = Engine::of(tx);
    let mut found = HashMap::with_capacity(accounts.len());
    for chunk in accounts.chunks(rows_per_statement(1)) {
        let list = placeholders(engine, chunk.len(), 1).replace(['(', ')'], "");
        let sql = format!(
            "SELECT id, credits_posted - debits_posted - debits_pending FROM ledger_accounts \
             WHERE id IN ({list})"
        );
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, id| q.bind(*id));
        for row in query.fetch_all(&mut **tx).await.store()? {
            found.insert(row.try_get(0).store()?, row.try_get(1).store()?);
        }
    }
    Ok(found)
}
