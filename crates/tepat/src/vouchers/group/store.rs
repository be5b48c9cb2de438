//! SQL of a group of redemptions: the shops and vouchers stopped since their purchases
//! were checked, and the redemptions of the group in one statement.

use std::collections::{HashMap, HashSet};

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::bulk::{insert_rows, placeholders};
use crate::db::{Engine, ResultExt, StoreError, Tx, timestamp};
use crate::vouchers::store::RedemptionRow;

/// Of these shops and vouchers, the shops no longer active and the vouchers no longer
/// active with their status, read inside the group's transaction.
pub async fn stopped(
    tx: &mut Tx,
    merchants: &[i64],
    vouchers: &[i64],
) -> Result<(HashSet<i64>, HashMap<i64, String>), StoreError> {
    let mut shops = HashSet::new();
    let mut stopped = HashMap::new();
    if merchants.is_empty() {
        return Ok((shops, stopped));
    }
    let engine = Engine::of(tx);
    let sql = format!(
        "SELECT id FROM merchants WHERE status <> 'active' AND id IN (VALUES {})",
        placeholders(engine, merchants.len(), 1)
    );
    let query = merchants
        .iter()
        .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, id| q.bind(*id));
    for row in query.fetch_all(&mut **tx).await.store()? {
        shops.insert(row.try_get(0).store()?);
    }
    let sql = format!(
        "SELECT id, status FROM vouchers WHERE status <> 'active' AND id IN (VALUES {})",
        placeholders(engine, vouchers.len(), 1)
    );
    let query = vouchers
        .iter()
        .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, id| q.bind(*id));
    for row in query.fetch_all(&mut **tx).await.store()? {
        stopped.insert(row.try_get(0).store()?, row.try_get(1).store()?);
    }
    Ok((shops, stopped))
}

const REDEMPTION_VALUES: usize = 7;

/// Records the group's redemptions; their ids in order.
pub async fn insert_redemptions(
    tx: &mut Tx,
    rows: &[RedemptionRow<'_>],
    now: OffsetDateTime,
) -> Result<Vec<i64>, StoreError> {
    let at = timestamp::to_db(now);
    insert_rows(
        tx,
        "redemptions (voucher_id, merchant_id, amount, items, transfer_id, client_key, \
         redeemed_at)",
        REDEMPTION_VALUES,
        rows,
        true,
        |query, row| {
            query
                .bind(row.voucher)
                .bind(row.merchant)
                .bind(row.amount)
                .bind(row.items.to_owned())
                .bind(row.transfer.to_owned())
                .bind(row.client_key.map(str::to_owned))
                .bind(at.clone())
        },
    )
    .await
}
