//! The ledger's nouns: accounts with their limits and balances, transfers with their phase,
//! and why a transfer is refused.

/// What an account holds money for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// Where a budget's money comes from (the state or regional treasury); may go negative.
    Treasury,
    /// A budget line: programme, year and source of funds.
    BudgetLine,
    /// A programme cycle's envelope.
    Envelope,
    /// A region's allocation of a budget line.
    Allocation,
    /// A recipient's money in one channel (bank account, e-wallet, voucher balance).
    Recipient,
    /// A merchant (e-warong) paid for redeemed vouchers.
    Merchant,
    /// A bank's settlement account: money handed to the bank and not yet confirmed.
    Settlement,
    /// Funds that came back undelivered, on their way to the treasury.
    Returned,
    /// Where donors' gifts come from (their banks' transfers, goods handed in); like the
    /// treasury it may go negative: its balance is what donors have given.
    Donor,
    /// A posted need (kebutuhan): what donors pledged and paid towards it.
    Need,
    /// A supplier of goods for a hand-out: paid in from an envelope, delivered out into
    /// stock; it never delivers more than it was paid for.
    Supplier,
    /// A hand-out's stock of goods, valued at the agreed prices: received in, handed out.
    Stock,
    /// Goods found missing when a hand-out's stock was counted.
    Loss,
}

impl AccountKind {
    pub const ALL: [Self; 13] = [
        Self::Treasury,
        Self::BudgetLine,
        Self::Envelope,
        Self::Allocation,
        Self::Recipient,
        Self::Merchant,
        Self::Settlement,
        Self::Returned,
        Self::Donor,
        Self::Need,
        Self::Supplier,
        Self::Stock,
        Self::Loss,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Treasury => "treasury",
            Self::BudgetLine => "budget_line",
            Self::Envelope => "envelope",
            Self::Allocation => "allocation",
            Self::Recipient => "recipient",
            Self::Merchant => "merchant",
            Self::Settlement => "settlement",
            Self::Returned => "returned",
            Self::Donor => "donor",
            Self::Need => "need",
            Self::Supplier => "supplier",
            Self::Stock => "stock",
            Self::Loss => "loss",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// The limit an account keeps, as TigerBeetle's account flags do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    None,
    /// Debits (pending and posted) never exceed posted credits: money cannot be spent
    /// before it has arrived (budget lines, envelopes, allocations, recipients).
    DebitsWithinCredits,
    /// Credits (pending and posted) never exceed posted debits.
    CreditsWithinDebits,
}

/// An account to open.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Stable and unique (`budget:PKH:2027:APBN`); opening it again is a no-op.
    pub code: String,
    pub kind: AccountKind,
    pub name: String,
    pub region: Option<String>,
    pub programme: Option<String>,
    pub limit: Limit,
}

/// An account with its running balances, in rupiah.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Account {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub region_code: Option<String>,
    pub programme_code: Option<String>,
    pub debits_must_not_exceed_credits: bool,
    pub credits_must_not_exceed_debits: bool,
    pub debits_pending: i64,
    pub debits_posted: i64,
    pub credits_pending: i64,
    pub credits_posted: i64,
}

impl Account {
    /// Posted credits less posted debits: what an account that receives money holds.
    pub fn credit_balance(&self) -> i64 {
        self.credits_posted - self.debits_posted
    }

    /// What can still be debited under a floor of zero: posted credits less every debit.
    pub fn available(&self) -> i64 {
        self.credits_posted - self.debits_posted - self.debits_pending
    }
}

/// How a transfer moves money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Posted at once.
    Single,
    /// Reserved: counted as pending until posted or voided.
    Pending,
    /// Posts a pending transfer (all of it or less).
    Post,
    /// Releases a pending transfer.
    Void,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Pending => "pending",
            Self::Post => "post",
            Self::Void => "void",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Single, Self::Pending, Self::Post, Self::Void]
            .into_iter()
            .find(|phase| phase.as_str() == text)
    }
}

/// The longest transfer id: an ISO 20022 end-to-end id is 35 characters, and ids derived
/// from records (`entitlement:123456789:reserve`) stay well inside this.
pub const TRANSFER_ID_CHARS_MAX: usize = 64;

/// A transfer to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransfer {
    /// Unique; writing the same transfer again is a no-op answering "exists".
    pub id: String,
    /// For `Post` and `Void` the pending transfer's accounts, which may be left as 0.
    pub debit_account_id: i64,
    pub credit_account_id: i64,
    /// Rupiah, positive. For `Post` at most the pending amount, for `Void` the pending
    /// amount; 0 means the pending amount.
    pub amount: i64,
    pub phase: Phase,
    pub pending_id: Option<String>,
    /// What the money is for (`allocate`, `reserve`, `pay`, `return`, `reverse`, …).
    pub code: &'static str,
    /// The record that caused it.
    pub reference: Option<String>,
    /// Linked to the next transfer: a chain of linked transfers succeeds or fails whole.
    pub linked: bool,
}

impl NewTransfer {
    /// A transfer posted at once.
    pub fn single(id: String, debit: i64, credit: i64, amount: i64, code: &'static str) -> Self {
        Self {
            id,
            debit_account_id: debit,
            credit_account_id: credit,
            amount,
            phase: Phase::Single,
            pending_id: None,
            code,
            reference: None,
            linked: false,
        }
    }

    /// A reservation, posted or voided later.
    pub fn pending(id: String, debit: i64, credit: i64, amount: i64, code: &'static str) -> Self {
        Self {
            phase: Phase::Pending,
            ..Self::single(id, debit, credit, amount, code)
        }
    }

    /// Posts (`Phase::Post`) or voids (`Phase::Void`) the pending transfer `pending_id`
    /// in full.
    pub fn resolve(id: String, pending_id: &str, phase: Phase, code: &'static str) -> Self {
        Self {
            id,
            debit_account_id: 0,
            credit_account_id: 0,
            amount: 0,
            phase,
            pending_id: Some(pending_id.to_owned()),
            code,
            reference: None,
            linked: false,
        }
    }

    pub fn with_reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    pub fn linked(mut self) -> Self {
        self.linked = true;
        self
    }
}

/// A stored transfer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = LedgerTransfer)]
pub struct Transfer {
    pub seq: i64,
    pub id: String,
    pub debit_account_id: i64,
    pub credit_account_id: i64,
    pub amount: i64,
    pub phase: Phase,
    pub pending_id: Option<String>,
    pub code: String,
    pub reference: Option<String>,
    pub event_id: i64,
    /// UTC, RFC 3339.
    pub created_at: String,
}

/// What happened to one transfer of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created,
    /// The same transfer was already written: nothing done.
    Exists,
    Refused(Refusal),
}

/// Why a transfer was refused; nothing of it (or of its linked chain) is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("transfer id must be 1 to {TRANSFER_ID_CHARS_MAX} visible ASCII characters")]
    IdInvalid,
    #[error("amount must be a positive number of rupiah")]
    AmountNotPositive,
    #[error("debit and credit accounts must differ")]
    SameAccount,
    #[error("account {0} does not exist")]
    AccountNotFound(i64),
    #[error("transfer {id} exists with a different {field}")]
    ExistsWithDifferent { id: String, field: &'static str },
    #[error("a single or pending transfer names no pending transfer")]
    PendingIdUnexpected,
    #[error("pending transfer {0} does not exist")]
    PendingNotFound(String),
    #[error("transfer {0} is not pending")]
    NotPending(String),
    #[error("pending transfer {0} is already posted or voided")]
    AlreadyResolved(String),
    #[error("the accounts differ from those of pending transfer {0}")]
    PendingAccountsDiffer(String),
    #[error("amount {amount} is more than pending transfer {pending}'s {pending_amount}")]
    ExceedsPending {
        pending: String,
        amount: i64,
        pending_amount: i64,
    },
    #[error("a void must release the whole pending amount")]
    VoidPartial,
    #[error("account {account} would spend more than it holds: short by {shortfall} rupiah")]
    ExceedsCredits { account: String, shortfall: i64 },
    #[error("account {account} would receive more than its ceiling: over by {excess} rupiah")]
    ExceedsDebits { account: String, excess: i64 },
    #[error("the balances would pass the largest number the ledger holds")]
    Overflow,
    #[error("a transfer linked with it was refused")]
    LinkedEventFailed,
    #[error("the last transfer of a batch cannot be linked to a next one")]
    LinkedChainOpen,
}

impl Refusal {
    /// A stable code for APIs and reports.
    pub fn code(&self) -> &'static str {
        match self {
            Self::IdInvalid => "id_invalid",
            Self::AmountNotPositive => "amount_not_positive",
            Self::SameAccount => "same_account",
            Self::AccountNotFound(_) => "account_not_found",
            Self::ExistsWithDifferent { .. } => "exists_with_different_content",
            Self::PendingIdUnexpected => "pending_id_unexpected",
            Self::PendingNotFound(_) => "pending_not_found",
            Self::NotPending(_) => "not_pending",
            Self::AlreadyResolved(_) => "already_resolved",
            Self::PendingAccountsDiffer(_) => "pending_accounts_differ",
            Self::ExceedsPending { .. } => "exceeds_pending",
            Self::VoidPartial => "void_partial",
            Self::ExceedsCredits { .. } => "exceeds_credits",
            Self::ExceedsDebits { .. } => "exceeds_debits",
            Self::Overflow => "overflow",
            Self::LinkedEventFailed => "linked_event_failed",
            Self::LinkedChainOpen => "linked_chain_open",
        }
    }
}
