//! Following a rupiah: from any transfer back along the money's path to the treasury that
//! first paid it out — budget line, allocation, envelope, reservation, payment — each hop
//! with its transfer, the event that caused it (who, as what, when) and its place in the
//! transparency log, where its inclusion proof can be fetched.

use sqlx::Row;

use super::model::Transfer;
use super::store::read;
use crate::db::{Db, ResultExt, StoreError};

/// The most hops followed: budget line, allocation, envelope, reservation and payment
/// are five; the bound stops a malformed chain.
const HOPS_MAX: usize = 12;

/// One hop of the money's path.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Hop {
    pub transfer: Transfer,
    /// The account the money left, by code.
    pub debit_account: String,
    /// The kind of that account (`treasury`, `budget_line`, `allocation`, `envelope`, …).
    pub debit_kind: String,
    pub credit_account: String,
    pub credit_kind: String,
    /// The event that wrote the transfer: its action (`cycle.approved`, …).
    pub action: String,
    /// Who did it: the account's display name, or `system`.
    pub actor_name: String,
    pub actor_role: String,
    pub occurred_at: String,
    /// The event's index in the transparency log, once sequenced.
    pub log_index: Option<i64>,
}

/// The path of the money that transfer `id` moved, from its origin to `id` itself;
/// `None` when there is no such transfer.
pub async fn trace(db: &Db, id: &str) -> Result<Option<Vec<Hop>>, StoreError> {
    let Some(last) = read::transfer(db, id).await? else {
        return Ok(None);
    };
    let mut path = vec![last];
    while path.len() < HOPS_MAX {
        let current = &path[path.len() - 1];
        let previous = match &current.pending_id {
            // A post or void follows the reservation it resolves.
            Some(pending) => read::transfer(db, pending).await?,
            None => funding(db, current.debit_account_id).await?,
        };
        match previous {
            Some(previous) if !path.iter().any(|t| t.id == previous.id) => path.push(previous),
            _ => break,
        }
    }
    path.reverse();
    let mut hops = Vec::with_capacity(path.len());
    for transfer in path {
        hops.push(hop(db, transfer).await?);
    }
    Ok(Some(hops))
}

/// The first transfer that put money into `account` (posted at once, or reserved), if any.
async fn funding(db: &Db, account: i64) -> Result<Option<Transfer>, StoreError> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT id FROM ledger_transfers WHERE credit_account_id = $1 \
         AND phase IN ('single', 'pending') ORDER BY seq LIMIT 1",
    )
    .bind(account)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    match id {
        Some(id) => read::transfer(db, &id).await,
        None => Ok(None),
    }
}

async fn hop(db: &Db, transfer: Transfer) -> Result<Hop, StoreError> {
    let row = sqlx::query(
        "SELECT d.code, d.kind, c.code, c.kind, e.action, COALESCE(a.display_name, e.actor_role), \
         e.actor_role, e.occurred_at, e.log_index \
         FROM ledger_accounts d, ledger_accounts c, events e \
         LEFT JOIN accounts a ON e.actor_kind = 'account' AND a.id = e.actor_id \
         WHERE d.id = $1 AND c.id = $2 AND e.id = $3",
    )
    .bind(transfer.debit_account_id)
    .bind(transfer.credit_account_id)
    .bind(transfer.event_id)
    .fetch_one(&db.pool)
    .await
    .store()?;
    Ok(Hop {
        debit_account: row.try_get(0).store()?,
        debit_kind: row.try_get(1).store()?,
        credit_account: row.try_get(2).store()?,
        credit_kind: row.try_get(3).store()?,
        action: row.try_get(4).store()?,
        actor_name: row.try_get(5).store()?,
        actor_role: row.try_get(6).store()?,
        occurred_at: row.try_get(7).store()?,
        log_index: row.try_get(8).store()?,
        transfer,
    })
}
