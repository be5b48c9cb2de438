//! Writing several batches of transfers at once, each with its own event, as `write`
//! would one after the other: one read of the accounts and transfers they touch, and one
//! statement per table for all of them (a group of redemptions committed together).

use std::collections::HashMap;

use time::OffsetDateTime;

use super::super::apply::{self, Each, Stored};
use super::super::merkle;
use super::super::model::{Account, NewTransfer, Outcome};
use super::{FIELD_COUNT, FIELD_ROOT, FIELD_TOTAL, insert_transfers, leaf, load, update_balances};
use crate::db::{StoreError, Tx};
use crate::events::{self, EventId, NewEvent};

/// What writing one batch of several did.
#[derive(Debug)]
pub struct WrittenTurn {
    /// One per transfer, in batch order.
    pub outcomes: Vec<Outcome>,
    /// The batch's event; `None` when the batch created nothing (and recorded nothing).
    pub event: Option<EventId>,
    /// The accounts the batch names, as the batch left them (a voucher's balance right
    /// after its own redemption, whatever the batches after it did).
    pub accounts: HashMap<i64, Account>,
}

/// Writes `batches` inside `tx`, batch `i` committed to by `events[i]` (with the batch's
/// count, Merkle root and total added, as [`super::write`] adds them). Each batch is
/// applied after the ones before it: a refusal in one leaves the others as they are, and
/// a batch that creates nothing records no event.
pub async fn write_each(
    tx: &mut Tx,
    batches: &[&[NewTransfer]],
    events: Vec<NewEvent>,
    now: OffsetDateTime,
) -> Result<Vec<WrittenTurn>, StoreError> {
    debug_assert_eq!(batches.len(), events.len());
    let all: Vec<NewTransfer> = batches.iter().flat_map(|b| b.iter().cloned()).collect();
    let known = load::known(tx, &all).await?;
    let Each { turns, deltas } = apply::apply_each(batches, known);
    let mut recorded = Vec::new();
    for (turn, mut event) in turns.iter().zip(events) {
        if turn.created.is_empty() {
            continue;
        }
        let leaves: Vec<tlog::Hash> = turn
            .created
            .iter()
            .map(|t| leaf(t, &turn.accounts).hash())
            .collect();
        let total = turn
            .created
            .iter()
            .fold(0i64, |sum, t| sum.saturating_add(t.amount));
        event.changes = event
            .changes
            .set(FIELD_COUNT, turn.created.len())
            .set(FIELD_ROOT, merkle::to_hex(&merkle::root(&leaves)))
            .set(FIELD_TOTAL, total);
        recorded.push(event);
    }
    let mut ids = events::store::record_many(tx, recorded, now)
        .await?
        .into_iter();
    let mut written = Vec::with_capacity(turns.len());
    let mut rows: Vec<(&Stored, EventId)> = Vec::new();
    for turn in &turns {
        let event = if turn.created.is_empty() {
            None
        } else {
            let id = ids.next().ok_or(StoreError::NotFound)?;
            rows.extend(turn.created.iter().map(|t| (t, id)));
            Some(id)
        };
        written.push(event);
    }
    if !rows.is_empty() {
        insert_transfers(tx, &rows, now).await?;
        update_balances(tx, &deltas).await?;
    }
    Ok(turns
        .into_iter()
        .zip(written)
        .map(|(turn, event)| WrittenTurn {
            outcomes: turn.outcomes,
            event,
            accounts: turn.accounts,
        })
        .collect())
}
