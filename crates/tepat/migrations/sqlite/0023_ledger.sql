-- The ledger: strict double-entry bookkeeping of every rupiah, after TigerBeetle's model.
-- An account keeps four running balances (pending and posted, debits and credits), written
-- in the same transaction as the transfers that move them. A transfer is immutable: posting
-- or voiding a pending transfer is a new transfer naming it (`pending_id`), resolved once
-- (a unique index), and a correction is a reversing transfer. Auditors query these two
-- tables directly; the amount column is `amount`, in rupiah.

CREATE TABLE ledger_accounts (
    id              INTEGER PRIMARY KEY,
    -- Stable name, e.g. `budget:PKH:2027:APBN`, `recipient:bank:1234`.
    code            TEXT NOT NULL,
    -- treasury, budget_line, envelope, allocation, recipient, merchant, settlement, returned
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    region_code     TEXT,
    programme_code  TEXT,
    -- A floor of zero: debits (pending and posted) never exceed posted credits.
    debits_must_not_exceed_credits INTEGER NOT NULL DEFAULT 0,
    -- A ceiling: credits (pending and posted) never exceed posted debits.
    credits_must_not_exceed_debits INTEGER NOT NULL DEFAULT 0,
    debits_pending  INTEGER NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
    debits_posted   INTEGER NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
    credits_pending INTEGER NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
    credits_posted  INTEGER NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
    created_at      TEXT NOT NULL,
    CONSTRAINT ledger_accounts_code_key UNIQUE (code),
    CONSTRAINT ledger_accounts_floor CHECK (debits_must_not_exceed_credits = 0
        OR debits_pending + debits_posted <= credits_posted),
    CONSTRAINT ledger_accounts_ceiling CHECK (credits_must_not_exceed_debits = 0
        OR credits_pending + credits_posted <= debits_posted)
);

CREATE TABLE ledger_transfers (
    -- The order transfers were written in; a batch's Merkle tree follows it.
    seq               INTEGER PRIMARY KEY,
    -- Unique, chosen by the caller from what caused it (`entitlement:17:pay`), so that
    -- repeating a transfer is a no-op.
    id                TEXT NOT NULL,
    debit_account_id  INTEGER NOT NULL REFERENCES ledger_accounts (id),
    credit_account_id INTEGER NOT NULL REFERENCES ledger_accounts (id),
    amount            INTEGER NOT NULL CHECK (amount > 0),
    -- single (posted at once), pending (reserved), post or void (resolving `pending_id`)
    phase             TEXT NOT NULL CHECK (phase IN ('single', 'pending', 'post', 'void')),
    pending_id        TEXT,
    -- What the money is for: fund, allocate, reserve, pay, return, reverse, …
    code              TEXT NOT NULL,
    -- The record that caused it (a budget allocation, an entitlement, the reversed transfer).
    reference         TEXT,
    -- The event whose log entry commits to this transfer's batch.
    event_id          INTEGER NOT NULL REFERENCES events (id),
    created_at        TEXT NOT NULL,
    CONSTRAINT ledger_transfers_id_key UNIQUE (id),
    CONSTRAINT ledger_transfers_two_accounts CHECK (debit_account_id <> credit_account_id),
    CONSTRAINT ledger_transfers_resolves CHECK ((phase IN ('post', 'void')) = (pending_id IS NOT NULL))
);
CREATE UNIQUE INDEX ledger_transfers_resolved_once ON ledger_transfers (pending_id)
    WHERE pending_id IS NOT NULL;
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id);
CREATE INDEX ledger_transfers_event ON ledger_transfers (event_id);

-- Transfers are never changed or removed, not even by the application.
CREATE TRIGGER ledger_transfers_immutable_update BEFORE UPDATE ON ledger_transfers
BEGIN
    SELECT RAISE(ABORT, 'ledger transfers are immutable');
END;
CREATE TRIGGER ledger_transfers_immutable_delete BEFORE DELETE ON ledger_transfers
BEGIN
    SELECT RAISE(ABORT, 'ledger transfers are immutable');
END;
