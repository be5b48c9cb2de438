-- Payrolls (daftar bayar): the entitlements of an approved cycle in one region, paid by one
-- channel, submitted by one official (maker) and approved by another (checker). Approval
-- reserves each entitlement as a pending ledger transfer from the cycle's envelope to the
-- recipient's account in that channel.

CREATE TABLE payrolls (
    id              INTEGER PRIMARY KEY,
    cycle_id        INTEGER NOT NULL REFERENCES cycles (id),
    region_code     TEXT NOT NULL,
    -- bank_transfer, e_voucher, e_wallet
    channel         TEXT NOT NULL,
    -- submitted, approved
    status          TEXT NOT NULL,
    control_count   INTEGER NOT NULL,
    control_amount  INTEGER NOT NULL,
    maker_kind      TEXT NOT NULL,
    maker_id        INTEGER,
    maker_role      TEXT NOT NULL,
    maker_name      TEXT NOT NULL,
    made_at         TEXT NOT NULL,
    checker_kind    TEXT,
    checker_id      INTEGER,
    checker_role    TEXT,
    checker_name    TEXT,
    checked_at      TEXT,
    event_id        INTEGER REFERENCES events (id),
    CONSTRAINT payrolls_four_eyes CHECK (checker_id IS NULL OR maker_id IS NULL
        OR checker_id <> maker_id)
);
CREATE INDEX payrolls_cycle ON payrolls (cycle_id, region_code);

-- The payroll an entitlement is paid in; an entitlement is in one payroll at most.
ALTER TABLE entitlements ADD COLUMN payroll_id INTEGER REFERENCES payrolls (id);
CREATE INDEX entitlements_payroll ON entitlements (payroll_id);
