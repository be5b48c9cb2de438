//! Reading what a batch needs before it is applied: the accounts it touches (locked until
//! the transaction ends on PostgreSQL; SQLite's writer already holds the only write lock),
//! the transfers it repeats or resolves, and which pending transfers are resolved already.

use std::collections::{BTreeSet, HashMap, HashSet};

use sqlx::Row;
use sqlx::any::AnyRow;

use super::super::apply::{Known, Stored};
use super::super::model::{Account, NewTransfer, Phase};
use crate::db::bulk::{BulkQuery, placeholders, rows_per_statement};
use crate::db::{Engine, ResultExt, StoreError, Tx};

pub const ACCOUNT_COLUMNS: &str = "id, code, kind, name, region_code, programme_code, \
     debits_must_not_exceed_credits, credits_must_not_exceed_debits, debits_pending, \
     debits_posted, credits_pending, credits_posted";

const TRANSFER_COLUMNS: &str =
    "id, debit_account_id, credit_account_id, amount, phase, pending_id, code, reference";

/// Everything `apply` needs for `batch`.
pub async fn known(tx: &mut Tx, batch: &[NewTransfer]) -> Result<Known, StoreError> {
    let pending_ids: Vec<String> = batch
        .iter()
        .filter_map(|t| t.pending_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut transfers: HashMap<String, Stored> = transfers_by_id(tx, &pending_ids).await?;
    let mut account_ids: BTreeSet<i64> = batch
        .iter()
        .flat_map(|t| [t.debit_account_id, t.credit_account_id])
        .filter(|id| *id != 0)
        .collect();
    account_ids.extend(
        transfers
            .values()
            .flat_map(|t| [t.debit_account_id, t.credit_account_id]),
    );
    let accounts = lock_accounts(tx, &account_ids.into_iter().collect::<Vec<_>>()).await?;
    let batch_ids: Vec<String> = batch
        .iter()
        .map(|t| t.id.clone())
        .filter(|id| !transfers.contains_key(id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    transfers.extend(transfers_by_id(tx, &batch_ids).await?);
    let resolved = resolved_among(tx, &pending_ids).await?;
    Ok(Known {
        accounts,
        transfers,
        resolved,
    })
}

/// Runs `sql` (with `{list}` where the values go, as a VALUES list) once per chunk of
/// `values`, collecting the rows.
async fn rows_in<T: Clone>(
    tx: &mut Tx,
    sql: &str,
    values: &[T],
    bind: impl Fn(BulkQuery, T) -> BulkQuery,
) -> Result<Vec<AnyRow>, StoreError> {
    let engine = Engine::of(tx);
    let mut rows = Vec::new();
    for chunk in values.chunks(rows_per_statement(1)) {
        let text = sql.replace("{list}", &placeholders(engine, chunk.len(), 1));
        let query = chunk
            .iter()
            .cloned()
            .fold(sqlx::query(sqlx::AssertSqlSafe(text)), &bind);
        rows.extend(query.fetch_all(&mut **tx).await.store()?);
    }
    Ok(rows)
}

/// The accounts `ids`, locked against other writers until the transaction ends, in id
/// order so that two batches never wait on each other crosswise.
pub async fn lock_accounts(tx: &mut Tx, ids: &[i64]) -> Result<HashMap<i64, Account>, StoreError> {
    let lock = match Engine::of(tx) {
        Engine::Postgres => " ORDER BY id FOR UPDATE",
        Engine::Sqlite => "",
    };
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id IN (VALUES {{list}}){lock}"
    );
    let rows = rows_in(tx, &sql, ids, |q, id| q.bind(id)).await?;
    rows.iter()
        .map(|row| account_from_row(row).map(|a| (a.id, a)))
        .collect()
}

/// The ids of the accounts `codes` that are open, by code.
pub async fn ids_by_code(
    tx: &mut Tx,
    codes: &[String],
) -> Result<HashMap<String, i64>, StoreError> {
    let sql = "SELECT code, id FROM ledger_accounts WHERE code IN (VALUES {list})";
    let rows = rows_in(tx, sql, codes, |q, code| q.bind(code)).await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .collect()
}

async fn transfers_by_id(
    tx: &mut Tx,
    ids: &[String],
) -> Result<HashMap<String, Stored>, StoreError> {
    let sql =
        format!("SELECT {TRANSFER_COLUMNS} FROM ledger_transfers WHERE id IN (VALUES {{list}})");
    let rows = rows_in(tx, &sql, ids, |q, id| q.bind(id)).await?;
    rows.iter()
        .map(|row| stored_from_row(row).map(|t| (t.id.clone(), t)))
        .collect()
}

async fn resolved_among(
    tx: &mut Tx,
    pending_ids: &[String],
) -> Result<HashSet<String>, StoreError> {
    let sql = "SELECT pending_id FROM ledger_transfers WHERE pending_id IN (VALUES {list})";
    let rows = rows_in(tx, sql, pending_ids, |q, id| q.bind(id)).await?;
    rows.iter().map(|row| row.try_get(0).store()).collect()
}

pub fn account_from_row(row: &AnyRow) -> Result<Account, StoreError> {
    let flag =
        |name: &str| -> Result<bool, StoreError> { Ok(row.try_get::<i64, _>(name).store()? != 0) };
    Ok(Account {
        id: row.try_get("id").store()?,
        code: row.try_get("code").store()?,
        kind: row.try_get("kind").store()?,
        name: row.try_get("name").store()?,
        region_code: row.try_get("region_code").store()?,
        programme_code: row.try_get("programme_code").store()?,
        debits_must_not_exceed_credits: flag("debits_must_not_exceed_credits")?,
        credits_must_not_exceed_debits: flag("credits_must_not_exceed_debits")?,
        debits_pending: row.try_get("debits_pending").store()?,
        debits_posted: row.try_get("debits_posted").store()?,
        credits_pending: row.try_get("credits_pending").store()?,
        credits_posted: row.try_get("credits_posted").store()?,
    })
}

fn stored_from_row(row: &AnyRow) -> Result<Stored, StoreError> {
    let phase: String = row.try_get("phase").store()?;
    Ok(Stored {
        id: row.try_get("id").store()?,
        debit_account_id: row.try_get("debit_account_id").store()?,
        credit_account_id: row.try_get("credit_account_id").store()?,
        amount: row.try_get("amount").store()?,
        phase: Phase::parse(&phase).unwrap_or(Phase::Single),
        pending_id: row.try_get("pending_id").store()?,
        code: row.try_get("code").store()?,
        reference: row.try_get("reference").store()?,
    })
}
