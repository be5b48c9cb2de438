-- Paying a payroll: the recipients' accounts at their bank or e-wallet provider, one
-- payment per entitlement and payroll (a rejected payment is paid again in a later
-- payroll, so an entitlement may have several), the status reports the banks send back,
-- and what a person must resolve.

-- A household's account in a channel, as the bank's account-opening file reported it.
CREATE TABLE recipient_accounts (
    household_id    INTEGER NOT NULL REFERENCES households (id),
    -- bank_transfer or e_wallet
    channel         TEXT NOT NULL,
    -- The bank's BIC, or the e-wallet provider's code.
    provider        TEXT NOT NULL,
    account_number  TEXT NOT NULL,
    holder_name     TEXT NOT NULL,
    -- The file it came from.
    source          TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (household_id, channel)
);

-- One entitlement paid in one payroll, with the account as it was when approved, so that
-- exporting again writes the same file.
CREATE TABLE payments (
    payroll_id      INTEGER NOT NULL REFERENCES payrolls (id),
    entitlement_id  INTEGER NOT NULL REFERENCES entitlements (id),
    household_id    INTEGER NOT NULL REFERENCES households (id),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    provider        TEXT NOT NULL,
    account_number  TEXT NOT NULL,
    holder_name     TEXT NOT NULL,
    -- reserved (awaiting the bank), paid, rejected
    status          TEXT NOT NULL,
    -- The bank's reason code for a rejection (AC01, AC04, AM04, MD07, …).
    reason_code     TEXT,
    -- The status report that settled it.
    status_file     TEXT,
    settled_at      TEXT,
    PRIMARY KEY (payroll_id, entitlement_id)
);
CREATE INDEX payments_entitlement ON payments (entitlement_id);
CREATE INDEX payments_provider ON payments (payroll_id, provider);

-- When a payroll's files were first written; exporting again writes the same files.
ALTER TABLE payrolls ADD COLUMN exported_at TEXT;

-- A bank's payment status report (pain.002), once: the same file again changes nothing.
CREATE TABLE payment_status_files (
    sha256          TEXT PRIMARY KEY,
    message_id      TEXT NOT NULL,
    original_message_id TEXT NOT NULL,
    payroll_id      INTEGER NOT NULL REFERENCES payrolls (id),
    -- pain.002.001.03 or pain.002.001.12
    version         TEXT NOT NULL,
    paid            INTEGER NOT NULL,
    rejected        INTEGER NOT NULL,
    exceptions      INTEGER NOT NULL,
    imported_kind   TEXT NOT NULL,
    imported_id     INTEGER,
    imported_role   TEXT NOT NULL,
    imported_name   TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    event_id        INTEGER REFERENCES events (id)
);

-- A status line that could not be applied: never dropped, never applied twice; a person
-- resolves it.
CREATE TABLE payment_exceptions (
    id              INTEGER PRIMARY KEY,
    status_file     TEXT NOT NULL REFERENCES payment_status_files (sha256),
    payroll_id      INTEGER NOT NULL REFERENCES payrolls (id),
    end_to_end_id   TEXT NOT NULL,
    -- unknown_id, amount_differs, duplicate, after_final, unknown_status
    kind            TEXT NOT NULL,
    detail          TEXT NOT NULL,
    -- open or resolved
    status          TEXT NOT NULL,
    resolved_id     INTEGER,
    resolved_name   TEXT,
    resolved_note   TEXT,
    resolved_at     TEXT
);
CREATE INDEX payment_exceptions_payroll ON payment_exceptions (payroll_id, status);
