//! Several batches applied in turn, each seeing the balances the ones before it left:
//! the ledger side of writing a group of purchases in one transaction.

use std::collections::HashMap;

use super::*;

/// One batch among several applied in turn (see [`apply_each`]).
#[derive(Debug, Default)]
pub struct Turn {
    /// One per transfer, in batch order.
    pub outcomes: Vec<Outcome>,
    /// The transfers this batch creates, in batch order.
    pub created: Vec<Stored>,
    /// The accounts this batch names, as this batch left them.
    pub accounts: HashMap<i64, Account>,
}

/// What several batches applied in turn did.
#[derive(Debug, Default)]
pub struct Each {
    /// One per batch, in order.
    pub turns: Vec<Turn>,
    /// How far the batches together moved each account, by account id.
    pub deltas: Vec<Delta>,
}

/// Applies several batches to `known`, each as [`apply`] would after the ones before it
/// were written: what one refuses leaves the others alone (a group of redemptions, each
/// with its own event, committed at once).
pub fn apply_each(batches: &[&[NewTransfer]], known: Known) -> Each {
    let mut state = State::new(known);
    let mut turns = Vec::with_capacity(batches.len());
    for batch in batches {
        let before = state.created_order.len();
        let outcomes = state.batch(batch);
        // Undoing a refused chain removes only its own ids, so the earlier batches'
        // transfers stay at the front of the order.
        let created: Vec<Stored> = state.created_order[before..]
            .iter()
            .filter_map(|id| state.created.get(id).cloned())
            .collect();
        let accounts = batch
            .iter()
            .flat_map(|t| [t.debit_account_id, t.credit_account_id])
            .chain(
                created
                    .iter()
                    .flat_map(|t| [t.debit_account_id, t.credit_account_id]),
            )
            .filter_map(|id| state.accounts.get(&id).map(|a| (id, a.clone())))
            .collect();
        turns.push(Turn {
            outcomes,
            created,
            accounts,
        });
    }
    Each {
        turns,
        deltas: state.deltas(),
    }
}
