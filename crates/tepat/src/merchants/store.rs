//! Merchants in the database: registering one with what it may sell, reading them, and
//! changing their status.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{Merchant, MerchantGoods, NewMerchant};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};

const COLUMNS: &str = "id, code, name, owner_name, region_code, latitude, longitude, bank_bic, \
                       account_number, status, suspended_reason, ledger_account_id, account_id";

/// A merchant row with the ids the services need beside it: (merchant, ledger account,
/// sign-in account).
pub struct Stored {
    pub merchant: Merchant,
    pub ledger_account: i64,
    pub account: Option<i64>,
}

fn from_row(row: &AnyRow) -> Result<Stored, StoreError> {
    Ok(Stored {
        merchant: Merchant {
            id: row.try_get(0).store()?,
            code: row.try_get(1).store()?,
            name: row.try_get(2).store()?,
            owner_name: row.try_get(3).store()?,
            region_code: row.try_get(4).store()?,
            latitude: row.try_get(5).store()?,
            longitude: row.try_get(6).store()?,
            bank_bic: row.try_get(7).store()?,
            account_number: row.try_get(8).store()?,
            status: row.try_get(9).store()?,
            suspended_reason: row.try_get(10).store()?,
            goods: Vec::new(),
        },
        ledger_account: row.try_get(11).store()?,
        account: row.try_get(12).store()?,
    })
}

/// Inserts a merchant and its goods; its id. A code or sign-in account already taken
/// is a `Conflict`.
pub async fn insert(
    tx: &mut Tx,
    new: &NewMerchant,
    account: Option<i64>,
    ledger_account: i64,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO merchants (code, name, owner_name, region_code, latitude, longitude, \
         bank_bic, account_number, account_id, status, ledger_account_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, $11) RETURNING id",
    )
    .bind(new.code.clone())
    .bind(new.name.clone())
    .bind(new.owner_name.clone())
    .bind(new.region.clone())
    .bind(new.latitude)
    .bind(new.longitude)
    .bind(new.bank_bic.clone())
    .bind(new.account_number.clone())
    .bind(account)
    .bind(ledger_account)
    .bind(timestamp::to_db(now))
    // An optional number: prepared on every run (see `crate::db`).
    .persistent(false)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    for goods in &new.goods {
        for category in &goods.categories {
            sqlx::query(
                "INSERT INTO merchant_goods (merchant_id, programme_code, category_code) \
                 VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(goods.programme.clone())
            .bind(category.clone())
            .execute(&mut **tx)
            .await
            .store()?;
        }
    }
    Ok(id)
}

async fn with_goods(db: &Db, mut stored: Stored) -> Result<Stored, StoreError> {
    let rows = sqlx::query(
        "SELECT programme_code, category_code FROM merchant_goods WHERE merchant_id = $1 \
         ORDER BY programme_code, category_code",
    )
    .bind(stored.merchant.id)
    .fetch_all(&db.pool)
    .await
    .store()?;
    for row in &rows {
        let (programme, category): (String, String) =
            (row.try_get(0).store()?, row.try_get(1).store()?);
        match stored.merchant.goods.last_mut() {
            Some(goods) if goods.programme == programme => goods.categories.push(category),
            _ => stored.merchant.goods.push(MerchantGoods {
                programme,
                categories: vec![category],
            }),
        }
    }
    Ok(stored)
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<Stored>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM merchants WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    match row {
        Some(row) => Ok(Some(with_goods(db, from_row(&row)?).await?)),
        None => Ok(None),
    }
}

/// The shop of a sign-in account.
pub async fn by_account(db: &Db, account: i64) -> Result<Option<Stored>, StoreError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM merchants WHERE account_id = $1")
        .bind(account)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    match id {
        Some(id) => by_id(db, id).await,
        None => Ok(None),
    }
}

/// Every merchant whose village starts with `prefix` (all with an empty one), by code.
pub async fn list(db: &Db, prefix: &str) -> Result<Vec<Merchant>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM merchants WHERE region_code LIKE $1 ORDER BY code LIMIT 1000"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(format!("{prefix}%"))
        .fetch_all(&db.pool)
        .await
        .store()?;
    let mut merchants = Vec::with_capacity(rows.len());
    for row in &rows {
        merchants.push(with_goods(db, from_row(row)?).await?.merchant);
    }
    Ok(merchants)
}

/// The goods categories of a programme, by code.
pub async fn categories(db: &Db, programme: &str) -> Result<Vec<String>, StoreError> {
    sqlx::query_scalar("SELECT code FROM goods_categories WHERE programme_code = $1 ORDER BY code")
        .bind(programme.to_owned())
        .fetch_all(&db.pool)
        .await
        .store()
}

/// Sets a merchant's status when it is `from`; whether it changed.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: &str,
    to: &str,
    reason: Option<&str>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE merchants SET status = $1, suspended_reason = $2 WHERE id = $3 AND status = $4",
    )
    .bind(to)
    .bind(reason.map(str::to_owned))
    .bind(id)
    .bind(from)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}
