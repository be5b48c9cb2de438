//! SQL for the ledger: opening accounts, writing a batch of transfers with the balances it
//! moves and the event that commits to it, all inside the caller's transaction.

mod each;
pub mod load;
pub mod read;

pub use each::{WrittenTurn, write_each};

use std::collections::HashMap;

use time::OffsetDateTime;

use super::apply::{self, Applied, Delta, Stored};
use super::merkle::{self, Leaf};
use super::model::{Account, Limit, NewAccount, NewTransfer, Outcome, Refusal};
use crate::db::bulk::{insert_rows, placeholders, rows_per_statement};
use crate::db::{Engine, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, EventId, NewEvent};

/// The changed fields a ledger event carries besides the caller's own: how many transfers
/// the batch wrote, the Merkle root of their leaves, and their total (a public amount in
/// the log entry, since it ends in `_rupiah`).
pub const FIELD_COUNT: &str = "ledger_transfers";
pub const FIELD_ROOT: &str = "ledger_root";
pub const FIELD_TOTAL: &str = "transfers_rupiah";

/// Opens accounts that are not open yet (by code) and returns every one's id, in order.
/// An account enters the log with the first transfer that names it (its code is in the
/// transfer's leaf), so opening one is no event of its own.
pub async fn open_accounts(
    tx: &mut Tx,
    accounts: &[NewAccount],
    now: OffsetDateTime,
) -> Result<Vec<i64>, StoreError> {
    let at = timestamp::to_db(now);
    let mut ids = Vec::with_capacity(accounts.len());
    for account in accounts {
        let (floor, ceiling) = limit_flags(account.limit);
        sqlx::query(
            "INSERT INTO ledger_accounts (code, kind, name, region_code, programme_code, \
             debits_must_not_exceed_credits, credits_must_not_exceed_debits, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(account.code.clone())
        .bind(account.kind.as_str())
        .bind(account.name.clone())
        .bind(account.region.clone())
        .bind(account.programme.clone())
        .bind(floor)
        .bind(ceiling)
        .bind(at.clone())
        .execute(&mut **tx)
        .await
        .store()?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM ledger_accounts WHERE code = $1")
            .bind(account.code.clone())
            .fetch_one(&mut **tx)
            .await
            .store()?;
        ids.push(id);
    }
    Ok(ids)
}

const ACCOUNT_VALUES: usize = 8;

/// Opens many accounts at once (the recipients of a payroll): multi-row statements that
/// skip codes already open, then one read of every id. Returns the ids in order.
pub async fn open_accounts_bulk(
    tx: &mut Tx,
    accounts: &[NewAccount],
    now: OffsetDateTime,
) -> Result<Vec<i64>, StoreError> {
    let engine = Engine::of(tx);
    let at = timestamp::to_db(now);
    for chunk in accounts.chunks(rows_per_statement(ACCOUNT_VALUES)) {
        let sql = format!(
            "INSERT INTO ledger_accounts (code, kind, name, region_code, programme_code, \
             debits_must_not_exceed_credits, credits_must_not_exceed_debits, created_at) \
             VALUES {} ON CONFLICT (code) DO NOTHING",
            placeholders(engine, chunk.len(), ACCOUNT_VALUES)
        );
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, a| {
                let (floor, ceiling) = limit_flags(a.limit);
                q.bind(a.code.clone())
                    .bind(a.kind.as_str())
                    .bind(a.name.clone())
                    .bind(a.region.clone())
                    .bind(a.programme.clone())
                    .bind(floor)
                    .bind(ceiling)
                    .bind(at.clone())
            });
        query.execute(&mut **tx).await.store()?;
    }
    let codes: Vec<String> = accounts.iter().map(|a| a.code.clone()).collect();
    let found = load::ids_by_code(tx, &codes).await?;
    codes
        .iter()
        .map(|code| found.get(code).copied().ok_or(StoreError::NotFound))
        .collect()
}

fn limit_flags(limit: Limit) -> (i64, i64) {
    match limit {
        Limit::None => (0, 0),
        Limit::DebitsWithinCredits => (1, 0),
        Limit::CreditsWithinDebits => (0, 1),
    }
}

/// What writing a batch did.
#[derive(Debug)]
pub struct Written {
    /// One per transfer, in batch order.
    pub outcomes: Vec<Outcome>,
    /// The event committing to the new transfers; `None` when the batch wrote none (every
    /// transfer existed or was refused), and then no event was recorded either.
    pub event: Option<EventId>,
    pub created: usize,
}

impl Written {
    /// The first refusal, with the index and id of its transfer.
    pub fn first_refusal<'a>(
        &'a self,
        batch: &'a [NewTransfer],
    ) -> Option<(usize, &'a str, &'a Refusal)> {
        self.outcomes
            .iter()
            .enumerate()
            .find_map(|(index, outcome)| match outcome {
                Outcome::Refused(refusal) if *refusal != Refusal::LinkedEventFailed => {
                    Some((index, batch[index].id.as_str(), refusal))
                }
                _ => None,
            })
    }
}

/// Writes `batch` inside `tx`: locks and reads the accounts it touches, applies it in
/// order, then records `event` (with the batch's count, Merkle root and total added to its
/// changes), inserts the new transfers naming that event and moves the balances — all in
/// the caller's transaction, so they commit together with whatever caused them, or not at
/// all. Refused transfers are reported, not written; the caller decides whether one
/// refusal fails its whole change.
pub async fn write(
    tx: &mut Tx,
    batch: &[NewTransfer],
    mut event: NewEvent,
    now: OffsetDateTime,
) -> Result<Written, StoreError> {
    let known = load::known(tx, batch).await?;
    let Applied {
        outcomes,
        created,
        accounts,
        deltas,
    } = apply::apply(batch, known);
    if created.is_empty() {
        return Ok(Written {
            outcomes,
            event: None,
            created: 0,
        });
    }
    let leaves: Vec<tlog::Hash> = created.iter().map(|t| leaf(t, &accounts).hash()).collect();
    let total = created
        .iter()
        .fold(0i64, |sum, t| sum.saturating_add(t.amount));
    event.changes = event
        .changes
        .set(FIELD_COUNT, created.len())
        .set(FIELD_ROOT, merkle::to_hex(&merkle::root(&leaves)))
        .set(FIELD_TOTAL, total);
    let event_id = events::store::record(tx, event, now).await?;
    let rows: Vec<(&Stored, EventId)> = created.iter().map(|t| (t, event_id)).collect();
    insert_transfers(tx, &rows, now).await?;
    update_balances(tx, &deltas).await?;
    Ok(Written {
        outcomes,
        event: Some(event_id),
        created: created.len(),
    })
}

/// The leaf of a transfer, its accounts named by code.
pub fn leaf<'a>(transfer: &'a Stored, accounts: &'a HashMap<i64, Account>) -> Leaf<'a> {
    let code = |id: i64| accounts.get(&id).map_or("?", |a| a.code.as_str());
    Leaf {
        id: &transfer.id,
        debit_account: code(transfer.debit_account_id),
        credit_account: code(transfer.credit_account_id),
        amount: transfer.amount,
        phase: transfer.phase.as_str(),
        pending_id: transfer.pending_id.as_deref(),
        code: &transfer.code,
        reference: transfer.reference.as_deref(),
    }
}

const TRANSFER_VALUES: usize = 10;

/// Inserts new transfers, each naming the event that commits to it.
async fn insert_transfers(
    tx: &mut Tx,
    rows: &[(&Stored, EventId)],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let at = timestamp::to_db(now);
    insert_rows(
        tx,
        "ledger_transfers (id, debit_account_id, credit_account_id, amount, phase, \
         pending_id, code, reference, event_id, created_at)",
        TRANSFER_VALUES,
        rows,
        false,
        |query, (t, event)| {
            query
                .bind(t.id.clone())
                .bind(t.debit_account_id)
                .bind(t.credit_account_id)
                .bind(t.amount)
                .bind(t.phase.as_str())
                .bind(t.pending_id.clone())
                .bind(t.code.clone())
                .bind(t.reference.clone())
                .bind(event.0)
                .bind(at.clone())
        },
    )
    .await?;
    Ok(())
}

const BALANCE_VALUES: usize = 5;

/// Moves the stored balances by `deltas`, a chunk of accounts per statement. The table's
/// CHECK constraints hold the floors and ceilings once more, whatever computed the deltas.
async fn update_balances(tx: &mut Tx, deltas: &[Delta]) -> Result<(), StoreError> {
    let engine = Engine::of(tx);
    for chunk in deltas.chunks(rows_per_statement(BALANCE_VALUES)) {
        let sql = format!(
            "UPDATE ledger_accounts SET \
             debits_pending = debits_pending + v.column2, \
             debits_posted = debits_posted + v.column3, \
             credits_pending = credits_pending + v.column4, \
             credits_posted = credits_posted + v.column5 \
             FROM (VALUES {}) AS v WHERE ledger_accounts.id = v.column1",
            placeholders(engine, chunk.len(), BALANCE_VALUES)
        );
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, d| {
                q.bind(d.account_id)
                    .bind(d.debits_pending)
                    .bind(d.debits_posted)
                    .bind(d.credits_pending)
                    .bind(d.credits_posted)
            });
        let done = query.execute(&mut **tx).await.store()?;
        if done.rows_affected() != chunk.len() as u64 {
            return Err(StoreError::NotFound);
        }
    }
    Ok(())
}
