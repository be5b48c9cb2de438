//! `tepat ledger check`: every invariant of the ledger verified from its rows alone — each
//! transfer well formed and each post or void matching the pending transfer it resolves,
//! debits equal to credits over the whole ledger, every stored balance equal to the sum of
//! its transfers, no account past its floor or ceiling, every transfer's batch committed to
//! by an event whose log entry is queued or sequenced and agrees with it, no cycle's envelope
//! holding more than the cycle's control amount, and no recipient paid twice from one
//! cycle's envelope.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sqlx::Row;

use super::merkle::{self, Leaf};
use super::model::{Account, Phase};
use super::store::load::{ACCOUNT_COLUMNS, account_from_row};
use super::store::{FIELD_COUNT, FIELD_ROOT, FIELD_TOTAL};
use crate::audit::LogEntry;
use crate::db::{Db, ResultExt, StoreError};

/// What the check found.
#[derive(Debug, Default)]
pub struct Report {
    pub accounts: usize,
    pub transfers: usize,
    pub batches: usize,
    /// One sentence per broken invariant, naming the transfer, account or event.
    pub violations: Vec<String>,
}

/// A batch as the transfers show it.
#[derive(Default)]
struct Batch {
    leaves: Vec<tlog::Hash>,
    total: i64,
}

/// The running balances recomputed from the transfers.
#[derive(Default, Clone, Copy)]
struct Sums {
    debits_pending: i64,
    debits_posted: i64,
    credits_pending: i64,
    credits_posted: i64,
}

/// Checks the whole ledger. Reads every transfer once, in the order written.
pub async fn check(db: &Db) -> Result<Report, StoreError> {
    let accounts = all_accounts(db).await?;
    let mut report = Report {
        accounts: accounts.len(),
        ..Report::default()
    };
    let mut sums: HashMap<i64, Sums> = HashMap::new();
    let mut pending: HashMap<String, (i64, i64, i64)> = HashMap::new();
    let mut batches: HashMap<i64, Batch> = HashMap::new();
    let mut rows = sqlx::query(
        "SELECT id, debit_account_id, credit_account_id, amount, phase, pending_id, code, \
         reference, event_id FROM ledger_transfers ORDER BY seq",
    )
    .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        report.transfers += 1;
        let t = TransferRow::read(&row)?;
        t.well_formed(&accounts, &pending, &mut report.violations);
        t.add_to(&mut sums, &pending);
        if t.phase == Phase::Pending {
            pending.insert(t.id.clone(), (t.debit, t.credit, t.amount));
        }
        let batch = batches.entry(t.event_id).or_default();
        batch.leaves.push(t.leaf(&accounts).hash());
        batch.total = batch.total.saturating_add(t.amount);
    }
    drop(rows);
    balances(&accounts, &sums, &mut report.violations);
    report.batches = batches.len();
    logged(db, &batches, &mut report.violations).await?;
    cycles(db, &mut report.violations).await?;
    Ok(report)
}

async fn all_accounts(db: &Db) -> Result<HashMap<i64, Account>, StoreError> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM ledger_accounts");
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&db.pool);
    let mut accounts = HashMap::new();
    while let Some(row) = rows.try_next().await.store()? {
        let account = account_from_row(&row)?;
        accounts.insert(account.id, account);
    }
    Ok(accounts)
}

struct TransferRow {
    id: String,
    debit: i64,
    credit: i64,
    amount: i64,
    phase: Phase,
    phase_text: String,
    pending_id: Option<String>,
    code: String,
    reference: Option<String>,
    event_id: i64,
}

impl TransferRow {
    fn read(row: &sqlx::any::AnyRow) -> Result<Self, StoreError> {
        let phase_text: String = row.try_get("phase").store()?;
        Ok(Self {
            id: row.try_get("id").store()?,
            debit: row.try_get("debit_account_id").store()?,
            credit: row.try_get("credit_account_id").store()?,
            amount: row.try_get("amount").store()?,
            phase: Phase::parse(&phase_text).unwrap_or(Phase::Single),
            phase_text,
            pending_id: row.try_get("pending_id").store()?,
            code: row.try_get("code").store()?,
            reference: row.try_get("reference").store()?,
            event_id: row.try_get("event_id").store()?,
        })
    }

    fn leaf<'a>(&'a self, accounts: &'a HashMap<i64, Account>) -> Leaf<'a> {
        let code = |id: i64| accounts.get(&id).map_or("?", |a| a.code.as_str());
        Leaf {
            id: &self.id,
            debit_account: code(self.debit),
            credit_account: code(self.credit),
            amount: self.amount,
            phase: &self.phase_text,
            pending_id: self.pending_id.as_deref(),
            code: &self.code,
            reference: self.reference.as_deref(),
        }
    }

    /// A transfer on its own: balanced between two existing accounts, and a post or void
    /// agreeing with the pending transfer it resolves.
    fn well_formed(
        &self,
        accounts: &HashMap<i64, Account>,
        pending: &HashMap<String, (i64, i64, i64)>,
        found: &mut Vec<String>,
    ) {
        let id = &self.id;
        if self.amount <= 0 {
            found.push(format!(
                "transfer {id}: amount {} is not positive",
                self.amount
            ));
        }
        if self.debit == self.credit {
            found.push(format!(
                "transfer {id}: debits and credits the same account"
            ));
        }
        for account in [self.debit, self.credit] {
            if !accounts.contains_key(&account) {
                found.push(format!("transfer {id}: account {account} does not exist"));
            }
        }
        if Phase::parse(&self.phase_text).is_none() {
            found.push(format!(
                "transfer {id}: unknown phase {:?}",
                self.phase_text
            ));
        }
        let Some(pending_id) = self.pending_id.as_deref() else {
            if matches!(self.phase, Phase::Post | Phase::Void) {
                found.push(format!("transfer {id}: resolves no pending transfer"));
            }
            return;
        };
        let Some(&(debit, credit, reserved)) = pending.get(pending_id) else {
            found.push(format!(
                "transfer {id}: resolves {pending_id}, which is not an earlier pending transfer"
            ));
            return;
        };
        if (debit, credit) != (self.debit, self.credit) {
            found.push(format!(
                "transfer {id}: accounts differ from pending transfer {pending_id}"
            ));
        }
        let fits = match self.phase {
            Phase::Void => self.amount == reserved,
            _ => self.amount <= reserved,
        };
        if !fits {
            found.push(format!(
                "transfer {id}: amount {} does not match pending transfer {pending_id}'s {reserved}",
                self.amount
            ));
        }
    }

    fn add_to(&self, sums: &mut HashMap<i64, Sums>, pending: &HashMap<String, (i64, i64, i64)>) {
        let reserved = self
            .pending_id
            .as_deref()
            .and_then(|id| pending.get(id))
            .map_or(0, |p| p.2);
        let (mut debit, mut credit) = (
            sums.get(&self.debit).copied().unwrap_or_default(),
            sums.get(&self.credit).copied().unwrap_or_default(),
        );
        match self.phase {
            Phase::Single => {
                debit.debits_posted += self.amount;
                credit.credits_posted += self.amount;
            }
            Phase::Pending => {
                debit.debits_pending += self.amount;
                credit.credits_pending += self.amount;
            }
            Phase::Post | Phase::Void => {
                debit.debits_pending -= reserved;
                credit.credits_pending -= reserved;
                if self.phase == Phase::Post {
                    debit.debits_posted += self.amount;
                    credit.credits_posted += self.amount;
                }
            }
        }
        sums.insert(self.debit, debit);
        sums.insert(self.credit, credit);
    }
}

/// Stored balances against the transfers, limits, and debits against credits overall.
fn balances(accounts: &HashMap<i64, Account>, sums: &HashMap<i64, Sums>, found: &mut Vec<String>) {
    let mut ordered: Vec<&Account> = accounts.values().collect();
    ordered.sort_unstable_by_key(|a| a.id);
    let (mut debits, mut credits) = (0i128, 0i128);
    for account in ordered {
        let sum = sums.get(&account.id).copied().unwrap_or_default();
        let code = &account.code;
        let pairs = [
            ("debits_pending", account.debits_pending, sum.debits_pending),
            ("debits_posted", account.debits_posted, sum.debits_posted),
            (
                "credits_pending",
                account.credits_pending,
                sum.credits_pending,
            ),
            ("credits_posted", account.credits_posted, sum.credits_posted),
        ];
        for (field, stored, summed) in pairs {
            if stored != summed {
                found.push(format!(
                    "account {code}: stored {field} {stored} differs from its transfers' {summed}"
                ));
            }
        }
        if account.debits_must_not_exceed_credits
            && account.debits_pending + account.debits_posted > account.credits_posted
        {
            found.push(format!(
                "account {code}: debits exceed credits (below its floor)"
            ));
        }
        if account.credits_must_not_exceed_debits
            && account.credits_pending + account.credits_posted > account.debits_posted
        {
            found.push(format!(
                "account {code}: credits exceed debits (above its ceiling)"
            ));
        }
        debits += i128::from(account.debits_posted);
        credits += i128::from(account.credits_posted);
    }
    if debits != credits {
        found.push(format!(
            "the ledger does not balance: posted debits {debits}, posted credits {credits}"
        ));
    }
}

/// Every batch against the event that commits to it and that event's log entry.
async fn logged(
    db: &Db,
    batches: &HashMap<i64, Batch>,
    found: &mut Vec<String>,
) -> Result<(), StoreError> {
    let mut events: Vec<i64> = batches.keys().copied().collect();
    events.sort_unstable();
    for event in events {
        let batch = &batches[&event];
        let row = sqlx::query(
            "SELECT e.changes, q.event_id AS queued, l.entry FROM events e \
             LEFT JOIN log_queue q ON q.event_id = e.id \
             LEFT JOIN log_entries l ON l.event_id = e.id WHERE e.id = $1",
        )
        .bind(event)
        .fetch_optional(&db.pool)
        .await
        .store()?;
        let Some(row) = row else {
            found.push(format!(
                "event {event}: missing, yet {} transfers name it",
                batch.leaves.len()
            ));
            continue;
        };
        let changes: String = row.try_get("changes").store()?;
        let queued: Option<i64> = row.try_get("queued").store()?;
        let entry: Option<Vec<u8>> = row.try_get("entry").store()?;
        compare_event(event, batch, &changes, found);
        match (queued, entry) {
            (None, None) => found.push(format!(
                "event {event}: its transfers' log entry is neither queued nor sequenced"
            )),
            (_, Some(entry)) => compare_entry(event, batch, &entry, found),
            (Some(_), None) => {}
        }
    }
    Ok(())
}

fn compare_event(event: i64, batch: &Batch, changes: &str, found: &mut Vec<String>) {
    let changes: serde_json::Value = serde_json::from_str(changes).unwrap_or_default();
    let field = |name: &str| changes.get(name).and_then(|v| v.get("to")).cloned();
    let root = merkle::to_hex(&merkle::root(&batch.leaves));
    if field(FIELD_ROOT).and_then(|v| v.as_str().map(str::to_owned)) != Some(root) {
        found.push(format!(
            "event {event}: the Merkle root of its {} transfers differs from the one it committed \
             to (a transfer was changed, added or removed)",
            batch.leaves.len()
        ));
    }
    let count = i64::try_from(batch.leaves.len()).unwrap_or(i64::MAX);
    if field(FIELD_COUNT).and_then(|v| v.as_i64()) != Some(count) {
        found.push(format!(
            "event {event}: commits to a different number of transfers than {count}"
        ));
    }
    if field(FIELD_TOTAL).and_then(|v| v.as_i64()) != Some(batch.total) {
        found.push(format!(
            "event {event}: commits to a total other than its transfers' {} rupiah",
            batch.total
        ));
    }
}

fn compare_entry(event: i64, batch: &Batch, entry: &[u8], found: &mut Vec<String>) {
    let Ok(entry) = LogEntry::decode(entry) else {
        found.push(format!("event {event}: its log entry cannot be read"));
        return;
    };
    let logged = entry.amounts.get(FIELD_TOTAL).and_then(|amount| amount.to);
    if entry.event != event || logged != Some(batch.total) {
        found.push(format!(
            "event {event}: the log entry shows {logged:?} rupiah, its transfers {}",
            batch.total
        ));
    }
}

/// The cycles' invariants: an envelope never receives more than its cycle's control
/// amount, and a recipient account is paid (or reserved, not voided) once per envelope.
async fn cycles(db: &Db, found: &mut Vec<String>) -> Result<(), StoreError> {
    let over = sqlx::query(
        "SELECT c.id, c.control_amount, a.credits_posted FROM cycles c \
         JOIN ledger_accounts a ON a.id = c.envelope_account_id \
         WHERE a.credits_posted > c.control_amount ORDER BY c.id",
    )
    .fetch_all(&db.pool)
    .await
    .store()?;
    for row in &over {
        let (cycle, control, credited): (i64, i64, i64) = (
            row.try_get(0).store()?,
            row.try_get(1).store()?,
            row.try_get(2).store()?,
        );
        found.push(format!(
            "cycle {cycle}: its envelope received {credited} rupiah, more than its control \
             amount {control}"
        ));
    }
    let twice = sqlx::query(
        "SELECT d.code, c.code, COUNT(*) FROM ledger_transfers t \
         JOIN ledger_accounts d ON d.id = t.debit_account_id \
         JOIN ledger_accounts c ON c.id = t.credit_account_id \
         WHERE d.kind = 'envelope' AND c.kind = 'recipient' AND t.phase IN ('single', 'pending') \
         AND NOT EXISTS (SELECT 1 FROM ledger_transfers v WHERE v.pending_id = t.id \
                         AND v.phase = 'void') \
         GROUP BY d.code, c.code HAVING COUNT(*) > 1 ORDER BY d.code, c.code",
    )
    .fetch_all(&db.pool)
    .await
    .store()?;
    for row in &twice {
        let (envelope, recipient, count): (String, String, i64) = (
            row.try_get(0).store()?,
            row.try_get(1).store()?,
            row.try_get(2).store()?,
        );
        found.push(format!(
            "account {recipient}: paid {count} times from {envelope}, once is the rule"
        ));
    }
    Ok(())
}
