//! A transfer with the proof that its batch's log entry commits to it: the batch's Merkle
//! root (in the event the log entry commits to), the transfer's leaf and its audit path.
//! Anyone holding these checks the inclusion with `tlog::verify_inclusion`.

use std::collections::{BTreeSet, HashMap};

use sqlx::Row;

use super::merkle::{self, Leaf};
use super::model::Transfer;
use super::store::read;
use crate::db::{Db, ResultExt, StoreError};

/// A transfer with its accounts by code and its inclusion proof in its batch.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TransferProof {
    pub transfer: Transfer,
    pub debit_account: String,
    pub credit_account: String,
    /// The leaf text whose RFC 6962 leaf hash is the transfer's leaf.
    pub leaf_text: String,
    /// Position of the transfer in its batch, from 0.
    pub index: u64,
    /// Transfers in the batch.
    pub size: u64,
    /// The batch's Merkle root, hex, as its event committed to it (`ledger_root`).
    pub root: String,
    /// The audit path from the leaf to the root, hex, lowest first.
    pub proof: Vec<String>,
    /// The event's index in the transparency log, once sequenced.
    pub log_index: Option<i64>,
}

/// The proof of transfer `id`, if it exists.
pub async fn of_transfer(db: &Db, id: &str) -> Result<Option<TransferProof>, StoreError> {
    let Some(transfer) = read::transfer(db, id).await? else {
        return Ok(None);
    };
    let batch = read::batch(db, transfer.event_id).await?;
    let ids: BTreeSet<i64> = batch
        .iter()
        .flat_map(|t| [t.debit_account_id, t.credit_account_id])
        .collect();
    let codes = account_codes(db, &ids).await?;
    let code = |id: i64| codes.get(&id).map_or("?", String::as_str);
    let leaves: Vec<tlog::Hash> = batch.iter().map(|t| leaf(t, &codes).hash()).collect();
    let index = batch.iter().position(|t| t.id == transfer.id).unwrap_or(0);
    let proof = merkle::inclusion_proof(&leaves, index).unwrap_or_default();
    let log_index: Option<i64> = sqlx::query_scalar("SELECT log_index FROM events WHERE id = $1")
        .bind(transfer.event_id)
        .fetch_optional(&db.pool)
        .await
        .store()?
        .flatten();
    Ok(Some(TransferProof {
        debit_account: code(transfer.debit_account_id).to_owned(),
        credit_account: code(transfer.credit_account_id).to_owned(),
        leaf_text: leaf(&transfer, &codes).text(),
        index: index as u64,
        size: leaves.len() as u64,
        root: merkle::to_hex(&merkle::root(&leaves)),
        proof: proof.iter().map(merkle::to_hex).collect(),
        log_index,
        transfer,
    }))
}

/// The leaf of a transfer, its accounts named by code.
fn leaf<'a>(t: &'a Transfer, codes: &'a HashMap<i64, String>) -> Leaf<'a> {
    let code = |id: i64| codes.get(&id).map_or("?", String::as_str);
    Leaf {
        id: &t.id,
        debit_account: code(t.debit_account_id),
        credit_account: code(t.credit_account_id),
        amount: t.amount,
        phase: t.phase.as_str(),
        pending_id: t.pending_id.as_deref(),
        code: &t.code,
        reference: t.reference.as_deref(),
    }
}

async fn account_codes(db: &Db, ids: &BTreeSet<i64>) -> Result<HashMap<i64, String>, StoreError> {
    let mut codes = HashMap::new();
    let ids: Vec<i64> = ids.iter().copied().collect();
    for chunk in ids.chunks(crate::db::bulk::rows_per_statement(1)) {
        let list = crate::db::bulk::placeholders(db.engine, chunk.len(), 1);
        let sql = format!("SELECT id, code FROM ledger_accounts WHERE id IN (VALUES {list})");
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, id| q.bind(*id));
        for row in query.fetch_all(&db.pool).await.store()? {
            codes.insert(row.try_get(0).store()?, row.try_get(1).store()?);
        }
    }
    Ok(codes)
}
