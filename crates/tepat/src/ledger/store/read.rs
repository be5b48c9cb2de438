//! Reading the ledger: an account by code, a transfer by id, the transfers of a batch.

use sqlx::Row;

use super::super::model::{Account, Phase, Transfer};
use super::load::{ACCOUNT_COLUMNS, account_from_row};
use crate::db::{Db, ResultExt, StoreError};

/// The account named `code`, if open.
pub async fn account_by_code(db: &Db, code: &str) -> Result<Option<Account>, StoreError> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM ledger_accounts WHERE code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code.to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(account_from_row).transpose()
}

const COLUMNS: &str = "seq, id, debit_account_id, credit_account_id, amount, phase, \
                       pending_id, code, reference, event_id, created_at";

/// The transfer `id`, if written.
pub async fn transfer(db: &Db, id: &str) -> Result<Option<Transfer>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM ledger_transfers WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(transfer_from_row).transpose()
}

/// Every transfer an event committed to, in the order written (its Merkle tree's order).
pub async fn batch(db: &Db, event_id: i64) -> Result<Vec<Transfer>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM ledger_transfers WHERE event_id = $1 ORDER BY seq");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(event_id)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(transfer_from_row).collect()
}

pub fn transfer_from_row(row: &sqlx::any::AnyRow) -> Result<Transfer, StoreError> {
    let phase: String = row.try_get("phase").store()?;
    Ok(Transfer {
        seq: row.try_get("seq").store()?,
        id: row.try_get("id").store()?,
        debit_account_id: row.try_get("debit_account_id").store()?,
        credit_account_id: row.try_get("credit_account_id").store()?,
        amount: row.try_get("amount").store()?,
        phase: Phase::parse(&phase).unwrap_or(Phase::Single),
        pending_id: row.try_get("pending_id").store()?,
        code: row.try_get("code").store()?,
        reference: row.try_get("reference").store()?,
        event_id: row.try_get("event_id").store()?,
        created_at: row.try_get("created_at").store()?,
    })
}
