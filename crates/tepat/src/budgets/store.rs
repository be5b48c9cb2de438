//! SQL for budget lines and allocations. Figures of a line come from its ledger account.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{APPROVED, BudgetAllocation, BudgetLine, Official, allocation_transfer_id};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{Actor, EventId};
use crate::region_code::RegionCode;

/// A line to insert.
pub struct NewLine<'a> {
    pub programme: &'a str,
    pub year: i32,
    pub source: &'a str,
    pub region: &'a str,
    pub amount: i64,
    pub purpose: &'a str,
    pub account_id: i64,
}

pub async fn insert_line(
    tx: &mut Tx,
    line: &NewLine<'_>,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO budget_lines (programme_code, year, source, region_code, amount, purpose, \
         account_id, created_kind, created_id, created_role, created_name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(line.programme.to_owned())
    .bind(i64::from(line.year))
    .bind(line.source.to_owned())
    .bind(line.region.to_owned())
    .bind(line.amount)
    .bind(line.purpose.to_owned())
    .bind(line.account_id)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// Names the event that recorded a line or an allocation (`table` is fixed text).
pub async fn set_event(
    tx: &mut Tx,
    table: &'static str,
    id: i64,
    event: EventId,
) -> Result<(), StoreError> {
    let sql = format!("UPDATE {table} SET event_id = $1 WHERE id = $2");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(event.0)
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

const LINE_COLUMNS: &str = "l.id, l.programme_code, l.year, l.source, l.region_code, \
     COALESCE((SELECT r.amount FROM budget_revisions r WHERE r.budget_line_id = l.id \
      AND r.status = 'approved' ORDER BY r.version DESC LIMIT 1), l.amount) AS amount, \
     COALESCE((SELECT r.purpose FROM budget_revisions r WHERE r.budget_line_id = l.id \
      AND r.status = 'approved' ORDER BY r.version DESC LIMIT 1), l.purpose) AS purpose, \
     (SELECT COUNT(*) FROM budget_revisions r WHERE r.budget_line_id = l.id \
      AND r.status = 'approved') + 1 AS version, l.created_id, l.created_role, l.created_name, l.created_at, a.code AS account, \
     a.debits_posted, a.debits_pending, a.credits_posted, \
     (SELECT COUNT(*) FROM budget_allocations w WHERE w.budget_line_id = l.id \
      AND w.status = 'submitted') AS waiting";

/// Lines visible within `within`: the national budget and the budgets of regions inside
/// it (every line when `None`), newest year first.
pub async fn lines(db: &Db, within: Option<&RegionCode>) -> Result<Vec<BudgetLine>, StoreError> {
    let (national, prefix) = match within {
        None => (1i64, String::new()),
        Some(region) => (0, region.as_str().to_owned()),
    };
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM budget_lines l JOIN ledger_accounts a ON a.id = l.account_id \
         WHERE $1 = 1 OR l.region_code = '' OR l.region_code = $2 OR l.region_code LIKE $3 \
         ORDER BY l.year DESC, l.programme_code, l.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(national)
        .bind(prefix.clone())
        .bind(format!("{prefix}.%"))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(line_from_row).collect()
}

pub async fn line(db: &Db, id: i64) -> Result<Option<BudgetLine>, StoreError> {
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM budget_lines l JOIN ledger_accounts a ON a.id = l.account_id \
         WHERE l.id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(line_from_row).transpose()
}

/// The line's ledger account id.
pub async fn line_account(tx: &mut Tx, id: i64) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT account_id FROM budget_lines WHERE id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await
        .store()
}

fn line_from_row(row: &AnyRow) -> Result<BudgetLine, StoreError> {
    let year: i64 = row.try_get("year").store()?;
    let debits_posted: i64 = row.try_get("debits_posted").store()?;
    let debits_pending: i64 = row.try_get("debits_pending").store()?;
    let credits_posted: i64 = row.try_get("credits_posted").store()?;
    Ok(BudgetLine {
        id: row.try_get("id").store()?,
        programme: row.try_get("programme_code").store()?,
        year: i32::try_from(year).unwrap_or_default(),
        source: row.try_get("source").store()?,
        region_code: row.try_get("region_code").store()?,
        amount: row.try_get("amount").store()?,
        purpose: row.try_get("purpose").store()?,
        version: row.try_get("version").store()?,
        allocated: debits_posted,
        available: credits_posted - debits_posted - debits_pending,
        waiting: row.try_get("waiting").store()?,
        account: row.try_get("account").store()?,
        created_by: Official {
            id: row.try_get("created_id").store()?,
            name: row.try_get("created_name").store()?,
            role: row.try_get("created_role").store()?,
        },
        created_at: row.try_get("created_at").store()?,
    })
}

/// An allocation to insert, waiting for a checker.
pub struct NewAllocation<'a> {
    pub line: i64,
    pub region: &'a str,
    pub amount: i64,
    pub note: &'a str,
}

pub async fn insert_allocation(
    tx: &mut Tx,
    allocation: &NewAllocation<'_>,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO budget_allocations (budget_line_id, region_code, amount, note, status, \
         maker_kind, maker_id, maker_role, maker_name, made_at) \
         VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(allocation.line)
    .bind(allocation.region.to_owned())
    .bind(allocation.amount)
    .bind(allocation.note.to_owned())
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

const ALLOCATION_COLUMNS: &str = "id, budget_line_id, region_code, amount, note, status, \
     maker_id, maker_role, maker_name, made_at, checker_id, checker_role, checker_name, \
     checked_at, decision_note";

pub async fn allocation(db: &Db, id: i64) -> Result<Option<BudgetAllocation>, StoreError> {
    let sql = format!("SELECT {ALLOCATION_COLUMNS} FROM budget_allocations WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(allocation_from_row).transpose()
}

pub async fn allocations_of(db: &Db, line: i64) -> Result<Vec<BudgetAllocation>, StoreError> {
    let sql = format!(
        "SELECT {ALLOCATION_COLUMNS} FROM budget_allocations WHERE budget_line_id = $1 \
         ORDER BY id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(line)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(allocation_from_row).collect()
}

/// A decision on a submitted allocation.
pub struct Decision<'a> {
    pub id: i64,
    pub status: &'static str,
    pub note: Option<&'a str>,
    pub account_id: Option<i64>,
}

/// Records the checker's decision on an allocation still submitted; false when it was
/// decided already (another checker got there first). The table refuses a checker who is
/// the maker.
pub async fn decide(
    tx: &mut Tx,
    decision: &Decision<'_>,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE budget_allocations SET status = $1, checker_kind = $2, checker_id = $3, \
         checker_role = $4, checker_name = $5, checked_at = $6, decision_note = $7, \
         account_id = $8 WHERE id = $9 AND status = 'submitted'",
    )
    .bind(decision.status)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(decision.note.map(str::to_owned))
    .bind(decision.account_id)
    .bind(decision.id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

fn allocation_from_row(row: &AnyRow) -> Result<BudgetAllocation, StoreError> {
    let id: i64 = row.try_get("id").store()?;
    let status: String = row.try_get("status").store()?;
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
    Ok(BudgetAllocation {
        id,
        budget_line_id: row.try_get("budget_line_id").store()?,
        region_code: row.try_get("region_code").store()?,
        amount: row.try_get("amount").store()?,
        note: row.try_get("note").store()?,
        transfer_id: (status == APPROVED).then(|| allocation_transfer_id(id)),
        status,
        maker: Official {
            id: row.try_get("maker_id").store()?,
            name: row.try_get("maker_name").store()?,
            role: row.try_get("maker_role").store()?,
        },
        made_at: row.try_get("made_at").store()?,
        checker,
        checked_at: row.try_get("checked_at").store()?,
        decision_note: row.try_get("decision_note").store()?,
    })
}

/// The budget line of an allocation, inside a transaction.
pub async fn allocation_line_in(tx: &mut Tx, id: i64) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT budget_line_id FROM budget_allocations WHERE id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await
        .store()
}
