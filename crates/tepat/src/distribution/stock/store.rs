//! Suppliers, goods lists, purchases, delivery notes, stock movements and shortfalls in
//! the database: SQL only.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::model::{NewItem, NewSupplier};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};

/// A registered supplier.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    pub owner: String,
    pub phone: String,
    /// The regency or city it is registered in.
    pub region: String,
    pub bank_bic: String,
    pub account_number: String,
    pub account_name: String,
    /// Its ledger account's code (`supplier:{region}:{name}`).
    pub ledger_account: String,
    pub created_at: String,
}

const SUPPLIER_COLUMNS: &str = "s.id, s.name, s.owner, s.phone, s.region_code, s.bank_bic, \
    s.bank_account, s.account_name, a.code, s.created_at";

const SUPPLIER_FROM: &str = "FROM suppliers s JOIN ledger_accounts a ON a.id = s.account_id";

fn supplier_from(row: &AnyRow) -> Result<Supplier, StoreError> {
    Ok(Supplier {
        id: row.try_get(0).store()?,
        name: row.try_get(1).store()?,
        owner: row.try_get(2).store()?,
        phone: row.try_get(3).store()?,
        region: row.try_get(4).store()?,
        bank_bic: row.try_get(5).store()?,
        account_number: row.try_get(6).store()?,
        account_name: row.try_get(7).store()?,
        ledger_account: row.try_get(8).store()?,
        created_at: row.try_get(9).store()?,
    })
}

pub async fn insert_supplier(
    tx: &mut Tx,
    (new, account): (&NewSupplier, i64),
    by: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO suppliers (region_code, name, owner, phone, bank_bic, bank_account, \
         account_name, account_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(new.region.clone())
    .bind(new.name.clone())
    .bind(new.owner.clone())
    .bind(new.phone.clone())
    .bind(new.bank_bic.clone())
    .bind(new.account_number.clone())
    .bind(new.account_name.clone())
    .bind(account)
    .bind(by.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

pub async fn supplier(db: &Db, id: i64) -> Result<Option<Supplier>, StoreError> {
    let sql = format!("SELECT {SUPPLIER_COLUMNS} {SUPPLIER_FROM} WHERE s.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(supplier_from).transpose()
}

/// Suppliers registered in `region` or in a region around or inside it, by name.
pub async fn suppliers(db: &Db, region: &str) -> Result<Vec<Supplier>, StoreError> {
    let sql = format!(
        "SELECT {SUPPLIER_COLUMNS} {SUPPLIER_FROM} \
         WHERE $1 = '' OR s.region_code = $1 OR s.region_code LIKE $2 \
            OR $1 LIKE s.region_code || '.%' ORDER BY s.name"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(region.to_owned())
        .bind(format!("{region}.%"))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(supplier_from).collect()
}

/// One item of a hand-out's goods list, as stored.
#[derive(Debug, Clone)]
pub struct Goods {
    pub id: i64,
    pub item: String,
    pub name: String,
    pub unit: String,
    pub per_household: i64,
    pub unit_price: i64,
}

const GOODS_SQL: &str = "SELECT id, item, name, unit, per_household, unit_price \
    FROM distribution_goods WHERE event_id = $1 ORDER BY id";

fn goods_from(row: &AnyRow) -> Result<Goods, StoreError> {
    Ok(Goods {
        id: row.try_get(0).store()?,
        item: row.try_get(1).store()?,
        name: row.try_get(2).store()?,
        unit: row.try_get(3).store()?,
        per_household: row.try_get(4).store()?,
        unit_price: row.try_get(5).store()?,
    })
}

pub async fn goods(db: &Db, event: i64) -> Result<Vec<Goods>, StoreError> {
    let rows = sqlx::query(GOODS_SQL)
        .bind(event)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(goods_from).collect()
}

pub async fn goods_in(tx: &mut Tx, event: i64) -> Result<Vec<Goods>, StoreError> {
    let rows = sqlx::query(GOODS_SQL)
        .bind(event)
        .fetch_all(&mut **tx)
        .await
        .store()?;
    rows.iter().map(goods_from).collect()
}

/// Replaces a hand-out's goods list; only while nothing has been bought for it.
pub async fn replace_goods(tx: &mut Tx, event: i64, items: &[NewItem]) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM distribution_goods WHERE event_id = $1")
        .bind(event)
        .execute(&mut **tx)
        .await
        .store()?;
    for item in items {
        sqlx::query(
            "INSERT INTO distribution_goods (event_id, item, name, unit, per_household, \
             unit_price) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(event)
        .bind(item.item.clone())
        .bind(item.name.clone())
        .bind(item.unit.clone())
        .bind(item.per_household)
        .bind(item.unit_price)
        .execute(&mut **tx)
        .await
        .store()?;
    }
    Ok(())
}

/// Purchases made for a hand-out so far.
pub async fn purchase_count(tx: &mut Tx, event: i64) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT COUNT(*) FROM distribution_purchases WHERE event_id = $1")
        .bind(event)
        .fetch_one(&mut **tx)
        .await
        .store()
}

/// Goods bought from a supplier for a hand-out.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DistributionPurchase)]
pub struct Purchase {
    pub id: i64,
    /// The hand-out.
    pub event: i64,
    pub item: String,
    pub supplier: i64,
    pub supplier_name: String,
    /// The cycle whose envelope paid.
    pub cycle: i64,
    pub quantity: i64,
    /// Rupiah paid.
    pub amount: i64,
    /// Units received so far.
    pub received: i64,
    pub created_by: String,
    pub created_at: String,
}

const PURCHASE_SQL: &str = "SELECT p.id, p.event_id, g.item, p.supplier_id, s.name, \
    p.cycle_id, p.quantity, p.amount, p.received, p.created_by, p.created_at \
    FROM distribution_purchases p JOIN distribution_goods g ON g.id = p.goods_id \
    JOIN suppliers s ON s.id = p.supplier_id";

fn purchase_from(row: &AnyRow) -> Result<Purchase, StoreError> {
    Ok(Purchase {
        id: row.try_get(0).store()?,
        event: row.try_get(1).store()?,
        item: row.try_get(2).store()?,
        supplier: row.try_get(3).store()?,
        supplier_name: row.try_get(4).store()?,
        cycle: row.try_get(5).store()?,
        quantity: row.try_get(6).store()?,
        amount: row.try_get(7).store()?,
        received: row.try_get(8).store()?,
        created_by: row.try_get(9).store()?,
        created_at: row.try_get(10).store()?,
    })
}

/// A purchase about to be written.
pub struct NewPurchase<'a> {
    pub event: i64,
    pub goods: i64,
    pub supplier: i64,
    pub cycle: i64,
    pub quantity: i64,
    pub amount: i64,
    pub by: &'a str,
}

pub async fn insert_purchase(
    tx: &mut Tx,
    new: &NewPurchase<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO distribution_purchases (event_id, goods_id, supplier_id, cycle_id, \
         quantity, amount, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.event)
    .bind(new.goods)
    .bind(new.supplier)
    .bind(new.cycle)
    .bind(new.quantity)
    .bind(new.amount)
    .bind(new.by.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

pub async fn purchase(db: &Db, id: i64) -> Result<Option<Purchase>, StoreError> {
    let sql = format!("{PURCHASE_SQL} WHERE p.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(purchase_from).transpose()
}

pub async fn purchases(db: &Db, event: i64) -> Result<Vec<Purchase>, StoreError> {
    let sql = format!("{PURCHASE_SQL} WHERE p.event_id = $1 ORDER BY p.id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(event)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(purchase_from).collect()
}

/// Adds `quantity` units to what a purchase has received, never past what was ordered;
/// false when they do not fit.
pub async fn receive(tx: &mut Tx, purchase: i64, quantity: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE distribution_purchases SET received = received + $1 \
         WHERE id = $2 AND received + $1 <= quantity",
    )
    .bind(quantity)
    .bind(purchase)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}
