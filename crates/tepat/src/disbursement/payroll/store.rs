//! SQL for payrolls: claiming a region's unpaid entitlements, the totals, the decision.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::Payroll;
use crate::budgets::model::Official;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{Actor, EventId};

/// Inserts a payroll for `cycle`, `region` and `channel` and puts in it every entitlement
/// of the cycle in the region that is in no payroll yet, or whose payment the bank
/// rejected (the re-payment queue) — for a bank or e-wallet, only households with an
/// account there. Returns (id, count, amount).
pub async fn submit(
    tx: &mut Tx,
    cycle: i64,
    region: &str,
    channel: &str,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<(i64, i64, i64), StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payrolls (cycle_id, region_code, channel, status, control_count, \
         control_amount, maker_kind, maker_id, maker_role, maker_name, made_at) \
         VALUES ($1, $2, $3, 'submitted', 0, 0, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(cycle)
    .bind(region.to_owned())
    .bind(channel.to_owned())
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    sqlx::query(
        "UPDATE entitlements SET payroll_id = $1, status = 'computed' WHERE cycle_id = $2 \
         AND ((payroll_id IS NULL AND status = 'computed') OR status = 'rejected') \
         AND (region_code = $3 OR region_code LIKE $4) \
         AND ($5 = 'e_voucher' OR EXISTS (SELECT 1 FROM recipient_accounts r \
              WHERE r.household_id = entitlements.household_id AND r.channel = $5))",
    )
    .bind(id)
    .bind(cycle)
    .bind(region.to_owned())
    .bind(format!("{region}.%"))
    .bind(channel.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    let row = sqlx::query(
        "SELECT COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM entitlements \
         WHERE payroll_id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let (count, amount): (i64, i64) = (row.try_get(0).store()?, row.try_get(1).store()?);
    sqlx::query("UPDATE payrolls SET control_count = $1, control_amount = $2 WHERE id = $3")
        .bind(count)
        .bind(amount)
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok((id, count, amount))
}

pub async fn set_event(tx: &mut Tx, id: i64, event: EventId) -> Result<(), StoreError> {
    sqlx::query("UPDATE payrolls SET event_id = $1 WHERE id = $2")
        .bind(event.0)
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// Marks a submitted payroll approved by `actor`; false when it was decided already.
pub async fn claim(
    tx: &mut Tx,
    id: i64,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE payrolls SET status = 'approved', checker_kind = $1, checker_id = $2, \
         checker_role = $3, checker_name = $4, checked_at = $5 \
         WHERE id = $6 AND status = 'submitted'",
    )
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// (entitlement, household, amount) of every entitlement in a payroll, by id.
pub async fn lines(tx: &mut Tx, id: i64) -> Result<Vec<(i64, i64, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, household_id, amount FROM entitlements WHERE payroll_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get(0).store()?,
                row.try_get(1).store()?,
                row.try_get(2).store()?,
            ))
        })
        .collect()
}

/// Marks a payroll's entitlements reserved and writes one payment for each, with the
/// recipient's account in the payroll's channel as it is now.
pub async fn mark_reserved(tx: &mut Tx, id: i64, channel: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE entitlements SET status = 'reserved' WHERE payroll_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    sqlx::query(
        "INSERT INTO payments (payroll_id, entitlement_id, household_id, amount, provider, \
         account_number, holder_name, status) \
         SELECT e.payroll_id, e.id, e.household_id, e.amount, COALESCE(r.provider, $2), \
         COALESCE(r.account_number, CAST(e.household_id AS TEXT)), \
         COALESCE(r.holder_name, ''), 'reserved' \
         FROM entitlements e LEFT JOIN recipient_accounts r \
         ON r.household_id = e.household_id AND r.channel = $2 \
         WHERE e.payroll_id = $1",
    )
    .bind(id)
    .bind(channel.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

const COLUMNS: &str = "id, cycle_id, region_code, channel, status, control_count, \
     control_amount, maker_id, maker_role, maker_name, made_at, checker_id, checker_role, \
     checker_name, checked_at, exported_at";

pub async fn payroll(db: &Db, id: i64) -> Result<Option<Payroll>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM payrolls WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

pub async fn of_cycle(db: &Db, cycle: i64) -> Result<Vec<Payroll>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM payrolls WHERE cycle_id = $1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(cycle)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// Approved bank-transfer payrolls with payments still awaiting a bank's answer.
pub async fn awaiting_bank(db: &Db) -> Result<Vec<Payroll>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM payrolls WHERE channel = 'bank_transfer' AND status = 'approved' \
         AND EXISTS (SELECT 1 FROM payments p WHERE p.payroll_id = payrolls.id \
                     AND p.status = 'reserved') ORDER BY id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

fn from_row(row: &AnyRow) -> Result<Payroll, StoreError> {
    let checker_role: Option<String> = row.try_get("checker_role").store()?;
    let checker = match checker_role {
        Some(role) => Some(Official {
            id: row.try_get("checker_id").store()?,
            name: row
                .try_get::<Option<String>, _>("checker_name")
                .store()?
                .unwrap_or_default(),
            role,
        }),
        None => None,
    };
    Ok(Payroll {
        id: row.try_get("id").store()?,
        cycle_id: row.try_get("cycle_id").store()?,
        region_code: row.try_get("region_code").store()?,
        channel: row.try_get("channel").store()?,
        status: row.try_get("status").store()?,
        control_count: row.try_get("control_count").store()?,
        control_amount: row.try_get("control_amount").store()?,
        maker: Official {
            id: row.try_get("maker_id").store()?,
            name: row.try_get("maker_name").store()?,
            role: row.try_get("maker_role").store()?,
        },
        made_at: row.try_get("made_at").store()?,
        checker,
        checked_at: row.try_get("checked_at").store()?,
        exported_at: row.try_get("exported_at").store()?,
    })
}
