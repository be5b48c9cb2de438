//! SQL for paying by bank: accounts, the payments of a payroll, status files and
//! exceptions.

use std::collections::HashMap;

use sqlx::Row;
use time::OffsetDateTime;

use super::accounts::AccountRow;
use crate::db::bulk::{placeholders, rows_per_statement};
use crate::db::{Db, Engine, ResultExt, StoreError, Tx, timestamp};

mod answers;

pub use answers::{
    Exception, FileRow, claim_file, exception_payroll, insert_exceptions, open_exceptions,
    resolve_exception, set_file_event, status_file,
};

/// The households of these KK numbers, by KK number.
pub async fn households_by_kk(
    tx: &mut Tx,
    kks: &[String],
) -> Result<HashMap<String, i64>, StoreError> {
    let engine = Engine::of(tx);
    let mut found = HashMap::with_capacity(kks.len());
    for chunk in kks.chunks(rows_per_statement(1)) {
        let list = placeholders(engine, chunk.len(), 1).replace(['(', ')'], "");
        let sql = format!("SELECT kk_number, id FROM households WHERE kk_number IN ({list})");
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, kk| {
                q.bind(kk.clone())
            });
        for row in query.fetch_all(&mut **tx).await.store()? {
            found.insert(row.try_get(0).store()?, row.try_get(1).store()?);
        }
    }
    Ok(found)
}

const ACCOUNT_VALUES: usize = 7;

/// Writes the accounts, replacing a household's earlier account in the same channel.
pub async fn upsert_accounts(
    tx: &mut Tx,
    rows: &[AccountRow],
    households: &HashMap<String, i64>,
    source: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let engine = Engine::of(tx);
    let at = timestamp::to_db(now);
    // The last row of a household and channel wins, as it would written one by one.
    let mut latest: HashMap<(i64, &str), &AccountRow> = HashMap::new();
    for row in rows {
        latest.insert((households[&row.kk_number], row.channel.as_str()), row);
    }
    let mut rows: Vec<(i64, &AccountRow)> = latest.into_iter().map(|((h, _), r)| (h, r)).collect();
    rows.sort_by(|a, b| (a.0, &a.1.channel).cmp(&(b.0, &b.1.channel)));
    for chunk in rows.chunks(rows_per_statement(ACCOUNT_VALUES)) {
        let sql = format!(
            "INSERT INTO recipient_accounts (household_id, channel, provider, account_number, \
             holder_name, source, updated_at) VALUES {} \
             ON CONFLICT (household_id, channel) DO UPDATE SET provider = excluded.provider, \
             account_number = excluded.account_number, holder_name = excluded.holder_name, \
             source = excluded.source, updated_at = excluded.updated_at",
            placeholders(engine, chunk.len(), ACCOUNT_VALUES)
        );
        let query = chunk.iter().fold(
            sqlx::query(sqlx::AssertSqlSafe(sql)),
            |q, (household, r)| {
                q.bind(*household)
                    .bind(r.channel.clone())
                    .bind(r.provider.clone())
                    .bind(r.account_number.clone())
                    .bind(r.holder_name.clone())
                    .bind(source.to_owned())
                    .bind(at.clone())
            },
        );
        query.execute(&mut **tx).await.store()?;
    }
    Ok(())
}

/// The banks a payroll pays through, with each one's count and total.
pub async fn banks(db: &Db, payroll: i64) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT provider, COUNT(*), CAST(SUM(amount) AS BIGINT) FROM payments \
         WHERE payroll_id = $1 GROUP BY provider ORDER BY provider",
    )
    .bind(payroll)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
            ))
        })
        .collect()
}

/// Marks a payroll's files written, the first time only; false when they were already.
pub async fn mark_exported(
    tx: &mut Tx,
    payroll: i64,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done =
        sqlx::query("UPDATE payrolls SET exported_at = $1 WHERE id = $2 AND exported_at IS NULL")
            .bind(timestamp::to_db(now))
            .bind(payroll)
            .execute(&mut **tx)
            .await
            .store()?;
    Ok(done.rows_affected() == 1)
}

/// A payment as reconciliation sees it.
#[derive(Debug, Clone)]
pub struct Payment {
    pub entitlement: i64,
    pub amount: i64,
    /// `reserved`, `paid` or `rejected`.
    pub status: String,
}

/// The payments of a payroll through one bank, by end-to-end id (the entitlement id).
pub async fn payments(
    tx: &mut Tx,
    payroll: i64,
    bank: &str,
) -> Result<HashMap<String, Payment>, StoreError> {
    let rows = sqlx::query(
        "SELECT entitlement_id, amount, status FROM payments \
         WHERE payroll_id = $1 AND provider = $2",
    )
    .bind(payroll)
    .bind(bank.to_owned())
    .fetch_all(&mut **tx)
    .await
    .store()?;
    let mut found = HashMap::with_capacity(rows.len());
    for row in &rows {
        let payment = Payment {
            entitlement: row.try_get(0).store()?,
            amount: row.try_get(1).store()?,
            status: row.try_get(2).store()?,
        };
        found.insert(payment.entitlement.to_string(), payment);
    }
    Ok(found)
}

/// A settled payment: (entitlement, `paid` or `rejected`, reason code).
pub type Settled = (i64, &'static str, Option<String>);

const SETTLED_VALUES: usize = 6;

/// Settles payments of a payroll and their entitlements, a chunk per statement (every
/// row carries the payroll, file and time, so that values bind in order on both engines).
pub async fn settle(
    tx: &mut Tx,
    payroll: i64,
    settled: &[Settled],
    file: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let engine = Engine::of(tx);
    let at = timestamp::to_db(now);
    for chunk in settled.chunks(rows_per_statement(SETTLED_VALUES)) {
        let sql = format!(
            "UPDATE payments SET status = v.column3, reason_code = v.column4, \
             status_file = v.column5, settled_at = v.column6 FROM (VALUES {}) AS v \
             WHERE payments.payroll_id = v.column1 AND payments.entitlement_id = v.column2",
            placeholders(engine, chunk.len(), SETTLED_VALUES)
        );
        let query = chunk.iter().fold(
            sqlx::query(sqlx::AssertSqlSafe(sql)),
            |q, (e, status, reason)| {
                q.bind(payroll)
                    .bind(*e)
                    .bind(*status)
                    .bind(reason.clone())
                    .bind(file.to_owned())
                    .bind(at.clone())
            },
        );
        query.execute(&mut **tx).await.store()?;
        let sql = format!(
            "UPDATE entitlements SET status = v.column2 FROM (VALUES {}) AS v \
             WHERE entitlements.id = v.column1",
            placeholders(engine, chunk.len(), 2)
        );
        let query = chunk.iter().fold(
            sqlx::query(sqlx::AssertSqlSafe(sql)),
            |q, (e, status, _)| q.bind(*e).bind(*status),
        );
        query.execute(&mut **tx).await.store()?;
    }
    Ok(())
}

/// How many payments of a cycle still await a bank's answer, and its open exceptions.
pub async fn cycle_outstanding(tx: &mut Tx, cycle: i64) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM payments p JOIN payrolls r ON r.id = p.payroll_id \
                 WHERE r.cycle_id = $1 AND p.status = 'reserved'), \
                (SELECT COUNT(*) FROM payment_exceptions x JOIN payrolls r ON r.id = x.payroll_id \
                 WHERE r.cycle_id = $1 AND x.status = 'open')",
    )
    .bind(cycle)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok((row.try_get(0).store()?, row.try_get(1).store()?))
}

/// Moves a cycle from one status to the next; false when it was not in `from`.
pub async fn set_cycle_status(
    tx: &mut Tx,
    cycle: i64,
    from: &[&str],
    to: &str,
) -> Result<bool, StoreError> {
    let list = from
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("UPDATE cycles SET status = $1 WHERE id = $2 AND status IN ({list})");
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to.to_owned())
        .bind(cycle)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(done.rows_affected() == 1)
}

/// (paid, rejected, awaiting the bank) payments of a payroll.
pub async fn payment_counts(db: &Db, payroll: i64) -> Result<(i64, i64, i64), StoreError> {
    let row = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN status = 'paid' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN status = 'reserved' THEN 1 ELSE 0 END), 0) \
         FROM payments WHERE payroll_id = $1",
    )
    .bind(payroll)
    .fetch_one(&db.pool)
    .await
    .store()?;
    let get = |i: usize| -> Result<i64, StoreError> {
        let value: i64 = row.try_get(i).store()?;
        Ok(value)
    };
    Ok((get(0)?, get(1)?, get(2)?))
}

/// A rejected payment waiting to be paid again.
#[derive(Debug, Clone)]
pub struct Queued {
    pub entitlement: i64,
    pub household: i64,
    pub amount: i64,
    pub reason: String,
}

/// The re-payment queue of a cycle: its rejected entitlements with the bank's last reason,
/// at most `limit`.
pub async fn repay_queue(db: &Db, cycle: i64, limit: i64) -> Result<Vec<Queued>, StoreError> {
    let rows = sqlx::query(
        "SELECT e.id, e.household_id, e.amount, COALESCE((SELECT p.reason_code FROM payments p \
           WHERE p.entitlement_id = e.id AND p.status = 'rejected' \
           ORDER BY p.payroll_id DESC LIMIT 1), 'NARR') \
         FROM entitlements e WHERE e.cycle_id = $1 AND e.status = 'rejected' \
         ORDER BY e.id LIMIT $2",
    )
    .bind(cycle)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(Queued {
                entitlement: r.try_get(0).store()?,
                household: r.try_get(1).store()?,
                amount: r.try_get(2).store()?,
                reason: r.try_get(3).store()?,
            })
        })
        .collect()
}
