//! Settlements in the database: what each shop is owed, the settlement files and their
//! lines, and the redemptions each line paid.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::{Settlement, message_id};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};

/// A shop with redemptions not yet paid.
#[derive(Debug, Clone)]
pub struct Due {
    pub merchant: i64,
    pub bic: String,
    pub account_number: String,
    pub holder_name: String,
    pub ledger_account: i64,
    pub amount: i64,
    pub redemptions: i64,
    /// The last redemption counted: later ones wait for the next settlement.
    pub last: i64,
}

/// The shops of a region (prefix) with redemptions not yet paid, by bank and shop.
pub async fn unsettled(tx: &mut Tx, prefix: &str) -> Result<Vec<Due>, StoreError> {
    let rows = sqlx::query(
        "SELECT m.id, m.bank_bic, m.account_number, m.name, m.ledger_account_id, \
         CAST(SUM(r.amount) AS BIGINT), COUNT(*), MAX(r.id) \
         FROM redemptions r JOIN merchants m ON m.id = r.merchant_id \
         WHERE r.settlement_line_id IS NULL AND m.region_code LIKE $1 \
         GROUP BY m.id, m.bank_bic, m.account_number, m.name, m.ledger_account_id \
         ORDER BY m.bank_bic, m.id",
    )
    .bind(format!("{prefix}%"))
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok(Due {
                merchant: row.try_get(0).store()?,
                bic: row.try_get(1).store()?,
                account_number: row.try_get(2).store()?,
                holder_name: row.try_get(3).store()?,
                ledger_account: row.try_get(4).store()?,
                amount: row.try_get(5).store()?,
                redemptions: row.try_get(6).store()?,
                last: row.try_get(7).store()?,
            })
        })
        .collect()
}

/// A settlement file to record.
pub struct NewSettlement<'a> {
    pub region: &'a str,
    pub bic: &'a str,
    pub merchants: i64,
    pub total: i64,
    pub by: Option<i64>,
}

pub async fn insert(
    tx: &mut Tx,
    new: &NewSettlement<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO merchant_settlements (region_code, bank_bic, merchants, total, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(new.region.to_owned())
    .bind(new.bic.to_owned())
    .bind(new.merchants)
    .bind(new.total)
    .bind(new.by)
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// A shop's line of a settlement, and its redemptions marked paid by it.
pub async fn insert_line(
    tx: &mut Tx,
    settlement: i64,
    due: &Due,
    transfer: &str,
) -> Result<i64, StoreError> {
    let line: i64 = sqlx::query_scalar(
        "INSERT INTO merchant_settlement_lines (settlement_id, merchant_id, amount, \
         redemptions, account_number, holder_name, transfer_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(settlement)
    .bind(due.merchant)
    .bind(due.amount)
    .bind(due.redemptions)
    .bind(due.account_number.clone())
    .bind(due.holder_name.clone())
    .bind(transfer.to_owned())
    .fetch_one(&mut **tx)
    .await
    .store()?;
    sqlx::query(
        "UPDATE redemptions SET settlement_line_id = $1 \
         WHERE merchant_id = $2 AND settlement_line_id IS NULL AND id <= $3",
    )
    .bind(line)
    .bind(due.merchant)
    .bind(due.last)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(line)
}

const COLUMNS: &str = "id, region_code, bank_bic, merchants, total, created_at";

fn from_row(row: &AnyRow) -> Result<Settlement, StoreError> {
    let id: i64 = row.try_get(0).store()?;
    Ok(Settlement {
        id,
        region: row.try_get(1).store()?,
        bank: row.try_get(2).store()?,
        message_id: message_id(id),
        merchants: row.try_get(3).store()?,
        total: row.try_get(4).store()?,
        created_at: row.try_get(5).store()?,
    })
}

/// These settlements, by id, read inside the transaction that wrote them.
pub async fn by_ids(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Settlement>, StoreError> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let sql = format!("SELECT {COLUMNS} FROM merchant_settlements WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(*id)
            .fetch_one(&mut **tx)
            .await
            .store()?;
        found.push(from_row(&row)?);
    }
    Ok(found)
}

/// Settlements of a region (prefix), newest first.
pub async fn list(db: &Db, prefix: &str, limit: i64) -> Result<Vec<Settlement>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM merchant_settlements WHERE region_code LIKE $1 \
         ORDER BY id DESC LIMIT $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(format!("{prefix}%"))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

pub async fn one(db: &Db, id: i64) -> Result<Option<Settlement>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM merchant_settlements WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

/// A settlement's lines: (line id, amount, account number, holder name), by line.
pub async fn lines(db: &Db, id: i64) -> Result<Vec<(i64, i64, String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, amount, account_number, holder_name FROM merchant_settlement_lines \
         WHERE settlement_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get(0).store()?,
                row.try_get(1).store()?,
                row.try_get(2).store()?,
                row.try_get(3).store()?,
            ))
        })
        .collect()
}
