//! Vouchers and redemptions in the database. A voucher's remaining balance is never
//! stored here: it is its ledger account's.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{Voucher, VoucherListed};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};

const COLUMNS: &str = "v.id, v.code, v.entitlement_id, v.cycle_id, v.programme_code, \
    v.household_id, v.region_code, v.amount, v.categories, v.valid_until, v.payload, \
    v.ledger_account_id, v.status, \
    a.credits_posted - a.debits_posted - a.debits_pending";

fn from_row(row: &AnyRow) -> Result<Voucher, StoreError> {
    let categories: String = row.try_get(8).store()?;
    Ok(Voucher {
        id: row.try_get(0).store()?,
        code: row.try_get(1).store()?,
        entitlement_id: row.try_get(2).store()?,
        cycle_id: row.try_get(3).store()?,
        programme: row.try_get(4).store()?,
        household_id: row.try_get(5).store()?,
        region_code: row.try_get(6).store()?,
        amount: row.try_get(7).store()?,
        categories: categories.split(',').map(str::to_owned).collect(),
        valid_until: row.try_get(9).store()?,
        payload: row.try_get(10).store()?,
        ledger_account_id: row.try_get(11).store()?,
        status: row.try_get(12).store()?,
        remaining: row.try_get(13).store()?,
    })
}

async fn one(db: &Db, filter: &str, value: String) -> Result<Option<Voucher>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM vouchers v JOIN ledger_accounts a ON a.id = v.ledger_account_id \
         WHERE {filter}"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_code(db: &Db, code: &str) -> Result<Option<Voucher>, StoreError> {
    one(db, "v.code = $1", code.to_owned()).await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<Voucher>, StoreError> {
    one(db, "v.id = CAST($1 AS BIGINT)", id.to_string()).await
}

/// The vouchers with these ids, by id (a sync reads a thousand at once).
pub async fn by_ids(
    db: &Db,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Voucher>, StoreError> {
    use crate::db::bulk::{placeholders, rows_per_statement};
    let mut found = std::collections::HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(rows_per_statement(1)) {
        let list = placeholders(db.engine, chunk.len(), 1).replace(['(', ')'], "");
        let sql = format!(
            "SELECT {COLUMNS} FROM vouchers v JOIN ledger_accounts a ON a.id = v.ledger_account_id \
             WHERE v.id IN ({list})"
        );
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, id| q.bind(*id));
        for row in query.fetch_all(&db.pool).await.store()? {
            let voucher = from_row(&row)?;
            found.insert(voucher.id, voucher);
        }
    }
    Ok(found)
}

/// A new voucher's row, before its payload is signed.
pub struct NewVoucher<'a> {
    pub code: &'a str,
    pub entitlement: i64,
    pub cycle: i64,
    pub programme: &'a str,
    pub household: i64,
    pub region: &'a str,
    pub amount: i64,
    pub categories: &'a str,
    pub valid_until: &'a str,
    pub salt: &'a str,
    pub commitment: &'a str,
    pub ledger_account: i64,
}

/// Inserts a voucher with an empty payload; its id.
pub async fn insert(
    tx: &mut Tx,
    new: &NewVoucher<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO vouchers (code, entitlement_id, cycle_id, programme_code, household_id, \
         region_code, amount, categories, valid_until, salt, commitment, payload, \
         ledger_account_id, status, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', $12, 'active', $13) \
         RETURNING id",
    )
    .bind(new.code.to_owned())
    .bind(new.entitlement)
    .bind(new.cycle)
    .bind(new.programme.to_owned())
    .bind(new.household)
    .bind(new.region.to_owned())
    .bind(new.amount)
    .bind(new.categories.to_owned())
    .bind(new.valid_until.to_owned())
    .bind(new.salt.to_owned())
    .bind(new.commitment.to_owned())
    .bind(new.ledger_account)
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

pub async fn set_payload(tx: &mut Tx, id: i64, payload: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE vouchers SET payload = $1 WHERE id = $2")
        .bind(payload.to_owned())
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// Vouchers of a region (prefix) in a status, after an id, by id.
pub async fn list(
    db: &Db,
    prefix: &str,
    status: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<VoucherListed>, StoreError> {
    let rows = sqlx::query(
        "SELECT v.id, v.code, v.programme_code, v.categories, v.amount, \
         a.credits_posted - a.debits_posted - a.debits_pending, v.valid_until \
         FROM vouchers v JOIN ledger_accounts a ON a.id = v.ledger_account_id \
         WHERE v.region_code LIKE $1 AND v.status = $2 AND v.id > $3 ORDER BY v.id LIMIT $4",
    )
    .bind(format!("{prefix}%"))
    .bind(status.to_owned())
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            let categories: String = row.try_get(3).store()?;
            Ok(VoucherListed {
                id: row.try_get(0).store()?,
                code: row.try_get(1).store()?,
                programme: row.try_get(2).store()?,
                categories: categories.split(',').map(str::to_owned).collect(),
                amount: row.try_get(4).store()?,
                remaining: row.try_get(5).store()?,
                valid_until: row.try_get(6).store()?,
            })
        })
        .collect()
}

/// A redemption to record.
#[derive(Clone, Copy)]
pub struct RedemptionRow<'a> {
    pub voucher: i64,
    pub merchant: i64,
    pub amount: i64,
    /// The basket as JSON.
    pub items: &'a str,
    pub transfer: &'a str,
    pub client_key: Option<&'a str>,
}

/// Records a redemption; its id.
pub async fn insert_redemption(
    tx: &mut Tx,
    row: &RedemptionRow<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let RedemptionRow {
        voucher,
        merchant,
        amount,
        items,
        transfer,
        client_key,
    } = *row;
    sqlx::query_scalar(
        "INSERT INTO redemptions (voucher_id, merchant_id, amount, items, transfer_id, \
         client_key, redeemed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(voucher)
    .bind(merchant)
    .bind(amount)
    .bind(items.to_owned())
    .bind(transfer.to_owned())
    .bind(client_key.map(str::to_owned))
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// What a voucher's ledger account still holds, read inside a transaction.
pub async fn remaining(tx: &mut Tx, ledger_account: i64) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT credits_posted - debits_posted - debits_pending FROM ledger_accounts \
         WHERE id = $1",
    )
    .bind(ledger_account)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    row.try_get(0).store()
}

/// A redemption as the shop's page lists it: (id, voucher code, amount, time).
pub async fn recent(
    db: &Db,
    merchant: i64,
    limit: i64,
) -> Result<Vec<(i64, String, i64, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.id, v.code, r.amount, r.redeemed_at FROM redemptions r \
         JOIN vouchers v ON v.id = r.voucher_id WHERE r.merchant_id = $1 \
         ORDER BY r.id DESC LIMIT $2",
    )
    .bind(merchant)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
                r.try_get(3).store()?,
            ))
        })
        .collect()
}

/// Goods category names of the given programmes: ((programme, code), name).
pub async fn category_names(db: &Db) -> Result<Vec<((String, String), String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT programme_code, code, name FROM goods_categories ORDER BY programme_code, code",
    )
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                (r.try_get(0).store()?, r.try_get(1).store()?),
                r.try_get(2).store()?,
            ))
        })
        .collect()
}

/// Active vouchers of a region (prefix) for printing, by id: the full vouchers.
pub async fn for_cards(db: &Db, prefix: &str, limit: i64) -> Result<Vec<Voucher>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM vouchers v JOIN ledger_accounts a ON a.id = v.ledger_account_id \
         WHERE v.region_code LIKE $1 AND v.status = 'active' ORDER BY v.region_code, v.id LIMIT $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(format!("{prefix}%"))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// A shop's purchase by the key its form gave it: (id, amount, what the voucher holds now).
pub async fn by_client_key(
    db: &Db,
    merchant: i64,
    key: &str,
) -> Result<Option<(i64, i64, i64)>, StoreError> {
    let row = sqlx::query(
        "SELECT r.id, r.amount, a.credits_posted - a.debits_posted - a.debits_pending \
         FROM redemptions r JOIN vouchers v ON v.id = r.voucher_id \
         JOIN ledger_accounts a ON a.id = v.ledger_account_id \
         WHERE r.merchant_id = $1 AND r.client_key = $2",
    )
    .bind(merchant)
    .bind(key.to_owned())
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| {
        Ok((
            r.try_get(0).store()?,
            r.try_get(1).store()?,
            r.try_get(2).store()?,
        ))
    })
    .transpose()
}

/// A purchase of the shop signed in as `account`: (amount, what the voucher holds now).
pub async fn receipt(db: &Db, id: i64, account: i64) -> Result<Option<(i64, i64)>, StoreError> {
    let row = sqlx::query(
        "SELECT r.amount, a.credits_posted - a.debits_posted - a.debits_pending \
         FROM redemptions r JOIN merchants m ON m.id = r.merchant_id \
         JOIN vouchers v ON v.id = r.voucher_id \
         JOIN ledger_accounts a ON a.id = v.ledger_account_id \
         WHERE r.id = $1 AND m.account_id = $2",
    )
    .bind(id)
    .bind(account)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}

/// A cycle's vouchers: (count, rupiah issued, rupiah they still hold).
pub async fn cycle_totals(db: &Db, cycle: i64) -> Result<(i64, i64, i64), StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*), CAST(COALESCE(SUM(v.amount), 0) AS BIGINT), \
         CAST(COALESCE(SUM(a.credits_posted - a.debits_posted - a.debits_pending), 0) AS BIGINT) \
         FROM vouchers v JOIN ledger_accounts a ON a.id = v.ledger_account_id \
         WHERE v.cycle_id = $1",
    )
    .bind(cycle)
    .fetch_one(&db.pool)
    .await
    .store()?;
    Ok((
        row.try_get(0).store()?,
        row.try_get(1).store()?,
        row.try_get(2).store()?,
    ))
}
