//! SQL for budget revisions: inserted as proposed, decided by a conditional update that
//! touches only a revision still `submitted`, listed newest first.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::BudgetRevision;
use crate::budgets::model::Official;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::Actor;

/// A revision as proposed.
pub struct NewRevision<'a> {
    pub line: i64,
    pub amount: i64,
    pub purpose: &'a str,
    pub reason: &'a str,
}

pub async fn insert(
    tx: &mut Tx,
    revision: &NewRevision<'_>,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO budget_revisions (budget_line_id, amount, purpose, reason, status, \
         maker_kind, maker_id, maker_role, maker_name, made_at) \
         VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(revision.line)
    .bind(revision.amount)
    .bind(revision.purpose.to_owned())
    .bind(revision.reason.to_owned())
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

const COLUMNS: &str = "id, budget_line_id, amount, purpose, reason, status, previous_amount, \
     version, maker_id, maker_role, maker_name, made_at, checker_id, checker_role, \
     checker_name, checked_at, decision_note";

pub async fn revision(db: &Db, id: i64) -> Result<Option<BudgetRevision>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM budget_revisions WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

/// A line's revisions, newest first.
pub async fn of_line(db: &Db, line: i64) -> Result<Vec<BudgetRevision>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM budget_revisions WHERE budget_line_id = $1 ORDER BY id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(line)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// Every revision of the given lines, newest first (the public watch).
pub async fn of_lines(db: &Db, lines: &[i64]) -> Result<Vec<BudgetRevision>, StoreError> {
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    let list = lines
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {COLUMNS} FROM budget_revisions WHERE budget_line_id IN ({list}) \
         ORDER BY id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// A checker's decision on a submitted revision.
pub struct Decision<'a> {
    pub id: i64,
    pub status: &'static str,
    pub previous_amount: i64,
    pub version: Option<i64>,
    pub note: Option<&'a str>,
}

/// Records the decision on a revision still submitted; false when it was decided already.
/// The table refuses a checker who is the maker, and a second approval of one version.
pub async fn decide(
    tx: &mut Tx,
    decision: &Decision<'_>,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE budget_revisions SET status = $1, previous_amount = $2, version = $3, \
         checker_kind = $4, checker_id = $5, checker_role = $6, checker_name = $7, \
         checked_at = $8, decision_note = $9 WHERE id = $10 AND status = 'submitted'",
    )
    .bind(decision.status)
    .bind(decision.previous_amount)
    .bind(decision.version)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(decision.note.map(str::to_owned))
    .bind(decision.id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Names the event that recorded a revision's proposal.
pub async fn set_event(tx: &mut Tx, id: i64, event: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE budget_revisions SET event_id = $1 WHERE id = $2")
        .bind(event)
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

fn from_row(row: &AnyRow) -> Result<BudgetRevision, StoreError> {
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
    let id: i64 = row.try_get("id").store()?;
    let status: String = row.try_get("status").store()?;
    Ok(BudgetRevision {
        transfer_id: (status == crate::budgets::model::APPROVED).then(|| super::transfer_id(id)),
        id,
        budget_line_id: row.try_get("budget_line_id").store()?,
        amount: row.try_get("amount").store()?,
        purpose: row.try_get("purpose").store()?,
        reason: row.try_get("reason").store()?,
        status,
        previous_amount: row.try_get("previous_amount").store()?,
        version: row.try_get("version").store()?,
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
