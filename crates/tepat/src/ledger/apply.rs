//! Applying a batch of transfers to the accounts it touches, in memory and in order, as
//! TigerBeetle does: each transfer is checked against the balances the transfers before it
//! left, a linked chain succeeds or fails whole, and a transfer already written answers
//! "exists". Pure: the store loads what this needs and writes what it returns.

use std::collections::{HashMap, HashSet};

use super::model::{Account, NewTransfer, Outcome, Phase, Refusal, TRANSFER_ID_CHARS_MAX};

/// A transfer as far as applying needs it: written before, or created by this batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: String,
    pub debit_account_id: i64,
    pub credit_account_id: i64,
    pub amount: i64,
    pub phase: Phase,
    pub pending_id: Option<String>,
    pub code: String,
    pub reference: Option<String>,
}

/// What the store read for a batch.
#[derive(Debug, Default)]
pub struct Known {
    /// Every account the batch names (and those of the pending transfers it resolves).
    pub accounts: HashMap<i64, Account>,
    /// Transfers already written whose id the batch uses or resolves.
    pub transfers: HashMap<String, Stored>,
    /// Pending transfers already posted or voided.
    pub resolved: HashSet<String>,
}

/// The result of applying a batch.
#[derive(Debug, Default)]
pub struct Applied {
    /// One per transfer, in batch order.
    pub outcomes: Vec<Outcome>,
    /// The transfers to write, in batch order, complete (accounts and amount resolved).
    pub created: Vec<Stored>,
    /// The accounts after the batch.
    pub accounts: HashMap<i64, Account>,
    /// How far the batch moved each account it touched, by account id.
    pub deltas: Vec<Delta>,
}

/// The change of one account's four balances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delta {
    pub account_id: i64,
    pub debits_pending: i64,
    pub debits_posted: i64,
    pub credits_pending: i64,
    pub credits_posted: i64,
}

/// Applies `batch` to `known`.
pub fn apply(batch: &[NewTransfer], known: Known) -> Applied {
    let mut state = State::new(known);
    let outcomes = state.batch(batch);
    let created = state
        .created_order
        .iter()
        .filter_map(|id| state.created.get(id).cloned())
        .collect();
    let deltas = state.deltas();
    Applied {
        outcomes,
        created,
        accounts: state.accounts,
        deltas,
    }
}

mod each;
pub use each::{Each, Turn, apply_each};

struct State {
    accounts: HashMap<i64, Account>,
    written: HashMap<String, Stored>,
    resolved: HashSet<String>,
    created: HashMap<String, Stored>,
    created_order: Vec<String>,
    /// Each touched account as it was before the batch.
    original: HashMap<i64, Account>,
}

/// What a chain changed, to undo it when a later member is refused.
#[derive(Default)]
struct Undo {
    accounts: Vec<Account>,
    created: Vec<String>,
    resolved: Vec<String>,
}

impl State {
    fn new(known: Known) -> Self {
        Self {
            accounts: known.accounts,
            written: known.transfers,
            resolved: known.resolved,
            created: HashMap::new(),
            created_order: Vec::new(),
            original: HashMap::new(),
        }
    }

    /// Applies a batch chain by chain; one outcome per transfer.
    fn batch(&mut self, batch: &[NewTransfer]) -> Vec<Outcome> {
        let mut outcomes = Vec::with_capacity(batch.len());
        let mut start = 0;
        while start < batch.len() {
            let end = batch[start..]
                .iter()
                .position(|t| !t.linked)
                .map_or(batch.len(), |offset| start + offset + 1);
            outcomes.extend(self.chain(&batch[start..end], end == batch.len()));
            start = end;
        }
        outcomes
    }

    /// How far everything applied so far moved each account, by account id.
    fn deltas(&self) -> Vec<Delta> {
        let mut deltas: Vec<Delta> = self
            .original
            .values()
            .filter_map(|before| {
                let after = self.accounts.get(&before.id)?;
                let delta = Delta {
                    account_id: before.id,
                    debits_pending: after.debits_pending - before.debits_pending,
                    debits_posted: after.debits_posted - before.debits_posted,
                    credits_pending: after.credits_pending - before.credits_pending,
                    credits_posted: after.credits_posted - before.credits_posted,
                };
                let moved = delta.debits_pending != 0
                    || delta.debits_posted != 0
                    || delta.credits_pending != 0
                    || delta.credits_posted != 0;
                moved.then_some(delta)
            })
            .collect();
        deltas.sort_unstable_by_key(|delta| delta.account_id);
        deltas
    }

    /// Applies one chain (a single transfer is a chain of one). `last` tells whether the
    /// chain ends the batch, where a link to a next transfer has nothing to link to.
    fn chain(&mut self, chain: &[NewTransfer], last: bool) -> Vec<Outcome> {
        let open = last && chain.last().is_some_and(|t| t.linked);
        let mut undo = Undo::default();
        let mut outcomes = Vec::with_capacity(chain.len());
        let mut failed = None;
        for (index, transfer) in chain.iter().enumerate() {
            let result = if open && index + 1 == chain.len() {
                Err(Refusal::LinkedChainOpen)
            } else {
                self.one(transfer, &mut undo)
            };
            match result {
                Ok(outcome) => outcomes.push(outcome),
                Err(refusal) => {
                    failed = Some((index, refusal));
                    break;
                }
            }
        }
        let Some((index, refusal)) = failed else {
            return outcomes;
        };
        self.undo(undo);
        (0..chain.len())
            .map(|i| {
                Outcome::Refused(if i == index {
                    refusal.clone()
                } else {
                    Refusal::LinkedEventFailed
                })
            })
            .collect()
    }

    fn undo(&mut self, undo: Undo) {
        for account in undo.accounts.into_iter().rev() {
            self.accounts.insert(account.id, account);
        }
        for id in undo.created {
            self.created.remove(&id);
            self.created_order.retain(|known| *known != id);
        }
        for id in undo.resolved {
            self.resolved.remove(&id);
        }
    }

    fn one(&mut self, transfer: &NewTransfer, undo: &mut Undo) -> Result<Outcome, Refusal> {
        check_id(&transfer.id)?;
        let stored = match transfer.phase {
            Phase::Single | Phase::Pending => self.opening(transfer)?,
            Phase::Post | Phase::Void => self.resolving(transfer)?,
        };
        if let Some(existing) = self.find(&transfer.id) {
            return same(existing, &stored).map(|()| Outcome::Exists);
        }
        self.move_money(&stored, undo)?;
        if let Some(pending) = &stored.pending_id {
            self.resolved.insert(pending.clone());
            undo.resolved.push(pending.clone());
        }
        undo.created.push(stored.id.clone());
        self.created_order.push(stored.id.clone());
        self.created.insert(stored.id.clone(), stored);
        Ok(Outcome::Created)
    }

    fn find(&self, id: &str) -> Option<&Stored> {
        self.created.get(id).or_else(|| self.written.get(id))
    }

    /// A single or pending transfer, checked on its own.
    fn opening(&self, transfer: &NewTransfer) -> Result<Stored, Refusal> {
        if transfer.pending_id.is_some() {
            return Err(Refusal::PendingIdUnexpected);
        }
        if transfer.amount <= 0 {
            return Err(Refusal::AmountNotPositive);
        }
        if transfer.debit_account_id == transfer.credit_account_id {
            return Err(Refusal::SameAccount);
        }
        for id in [transfer.debit_account_id, transfer.credit_account_id] {
            if !self.accounts.contains_key(&id) {
                return Err(Refusal::AccountNotFound(id));
            }
        }
        Ok(stored_from(transfer, transfer.amount))
    }

    /// A post or void, completed from the pending transfer it resolves.
    fn resolving(&self, transfer: &NewTransfer) -> Result<Stored, Refusal> {
        let pending_id = transfer
            .pending_id
            .as_deref()
            .ok_or_else(|| Refusal::PendingNotFound(String::new()))?;
        let pending = self
            .find(pending_id)
            .ok_or_else(|| Refusal::PendingNotFound(pending_id.to_owned()))?;
        if pending.phase != Phase::Pending {
            return Err(Refusal::NotPending(pending_id.to_owned()));
        }
        let named = |given: i64, actual: i64| given == 0 || given == actual;
        if !named(transfer.debit_account_id, pending.debit_account_id)
            || !named(transfer.credit_account_id, pending.credit_account_id)
        {
            return Err(Refusal::PendingAccountsDiffer(pending_id.to_owned()));
        }
        let amount = match transfer.amount {
            0 => pending.amount,
            amount if amount < 0 => return Err(Refusal::AmountNotPositive),
            amount => amount,
        };
        if amount > pending.amount {
            return Err(Refusal::ExceedsPending {
                pending: pending_id.to_owned(),
                amount,
                pending_amount: pending.amount,
            });
        }
        if transfer.phase == Phase::Void && amount != pending.amount {
            return Err(Refusal::VoidPartial);
        }
        let mut stored = stored_from(transfer, amount);
        stored.debit_account_id = pending.debit_account_id;
        stored.credit_account_id = pending.credit_account_id;
        Ok(stored)
    }

    /// Moves the balances of a new transfer's two accounts, within their limits.
    fn move_money(&mut self, transfer: &Stored, undo: &mut Undo) -> Result<(), Refusal> {
        let mut debit = self.account(transfer.debit_account_id)?;
        let mut credit = self.account(transfer.credit_account_id)?;
        let amount = transfer.amount;
        match transfer.phase {
            Phase::Single => {
                debit.debits_posted = add(debit.debits_posted, amount)?;
                credit.credits_posted = add(credit.credits_posted, amount)?;
            }
            Phase::Pending => {
                debit.debits_pending = add(debit.debits_pending, amount)?;
                credit.credits_pending = add(credit.credits_pending, amount)?;
            }
            Phase::Post | Phase::Void => {
                let pending = transfer.pending_id.as_deref().unwrap_or_default();
                if self.resolved.contains(pending) {
                    return Err(Refusal::AlreadyResolved(pending.to_owned()));
                }
                let reserved = self.find(pending).map_or(0, |p| p.amount);
                debit.debits_pending -= reserved;
                credit.credits_pending -= reserved;
                if transfer.phase == Phase::Post {
                    debit.debits_posted = add(debit.debits_posted, amount)?;
                    credit.credits_posted = add(credit.credits_posted, amount)?;
                }
            }
        }
        within_limits(&debit, &credit)?;
        for account in [debit, credit] {
            if let Some(before) = self.accounts.insert(account.id, account) {
                self.original
                    .entry(before.id)
                    .or_insert_with(|| before.clone());
                undo.accounts.push(before);
            }
        }
        Ok(())
    }

    fn account(&self, id: i64) -> Result<Account, Refusal> {
        self.accounts
            .get(&id)
            .cloned()
            .ok_or(Refusal::AccountNotFound(id))
    }
}

fn check_id(id: &str) -> Result<(), Refusal> {
    let valid = !id.is_empty()
        && id.len() <= TRANSFER_ID_CHARS_MAX
        && id.bytes().all(|b| b.is_ascii_graphic());
    if valid {
        Ok(())
    } else {
        Err(Refusal::IdInvalid)
    }
}

fn stored_from(transfer: &NewTransfer, amount: i64) -> Stored {
    Stored {
        id: transfer.id.clone(),
        debit_account_id: transfer.debit_account_id,
        credit_account_id: transfer.credit_account_id,
        amount,
        phase: transfer.phase,
        pending_id: transfer.pending_id.clone(),
        code: transfer.code.to_owned(),
        reference: transfer.reference.clone(),
    }
}

/// Whether a repeated transfer is the one written; names the first field that differs.
fn same(existing: &Stored, repeated: &Stored) -> Result<(), Refusal> {
    let field = if existing.phase != repeated.phase {
        "phase"
    } else if existing.debit_account_id != repeated.debit_account_id {
        "debit account"
    } else if existing.credit_account_id != repeated.credit_account_id {
        "credit account"
    } else if existing.amount != repeated.amount {
        "amount"
    } else if existing.pending_id != repeated.pending_id {
        "pending transfer"
    } else if existing.code != repeated.code {
        "code"
    } else if existing.reference != repeated.reference {
        "reference"
    } else {
        return Ok(());
    };
    Err(Refusal::ExistsWithDifferent {
        id: existing.id.clone(),
        field,
    })
}

fn add(balance: i64, amount: i64) -> Result<i64, Refusal> {
    balance.checked_add(amount).ok_or(Refusal::Overflow)
}

/// The floor of the debited account and the ceiling of the credited one.
fn within_limits(debit: &Account, credit: &Account) -> Result<(), Refusal> {
    if debit.debits_must_not_exceed_credits {
        let shortfall = debit.debits_pending + debit.debits_posted - debit.credits_posted;
        if shortfall > 0 {
            return Err(Refusal::ExceedsCredits {
                account: debit.code.clone(),
                shortfall,
            });
        }
    }
    if credit.credits_must_not_exceed_debits {
        let excess = credit.credits_pending + credit.credits_posted - credit.debits_posted;
        if excess > 0 {
            return Err(Refusal::ExceedsDebits {
                account: credit.code.clone(),
                excess,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
