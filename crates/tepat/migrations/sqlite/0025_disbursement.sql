-- Programme cycles (tahap) and their entitlements. A cycle pays one programme in the region
-- of an approved budget allocation for a number of months; computing it applies the
-- programme's benefit rule to every active enrolment there, listing who is skipped and
-- why; approving it (another official) moves its control amount from the allocation to
-- the cycle's envelope account in the ledger.

CREATE TABLE cycles (
    id               INTEGER PRIMARY KEY,
    programme_code   TEXT NOT NULL REFERENCES programmes (code),
    name             TEXT NOT NULL,
    allocation_id    INTEGER NOT NULL REFERENCES budget_allocations (id),
    region_code      TEXT NOT NULL,
    months           INTEGER NOT NULL CHECK (months BETWEEN 1 AND 12),
    -- draft, computed, approved, disbursed, reconciled, closed
    status           TEXT NOT NULL,
    control_count    INTEGER NOT NULL DEFAULT 0,
    control_amount   INTEGER NOT NULL DEFAULT 0,
    skipped          INTEGER NOT NULL DEFAULT 0,
    -- SHA-256 of the computed entitlement and skip rows: recomputing an unchanged
    -- registry gives the same digest and changes nothing.
    rows_sha256      TEXT,
    envelope_account_id INTEGER REFERENCES ledger_accounts (id),
    created_kind     TEXT NOT NULL,
    created_id       INTEGER,
    created_role     TEXT NOT NULL,
    created_name     TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    computed_kind    TEXT,
    computed_id      INTEGER,
    computed_role    TEXT,
    computed_name    TEXT,
    computed_at      TEXT,
    approved_kind    TEXT,
    approved_id      INTEGER,
    approved_role    TEXT,
    approved_name    TEXT,
    approved_at      TEXT,
    event_id         INTEGER REFERENCES events (id),
    -- Four eyes: whoever approves is not whoever computed.
    CONSTRAINT cycles_four_eyes CHECK (approved_id IS NULL OR computed_id IS NULL
        OR approved_id <> computed_id)
);
CREATE INDEX cycles_region ON cycles (region_code, id);

CREATE TABLE entitlements (
    id              INTEGER PRIMARY KEY,
    cycle_id        INTEGER NOT NULL REFERENCES cycles (id),
    household_id    INTEGER NOT NULL REFERENCES households (id),
    enrolment_id    INTEGER NOT NULL REFERENCES enrolments (id),
    region_code     TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    -- [{"code", "count", "amount"}]
    components      TEXT NOT NULL,
    -- computed, reserved, paid, rejected, returned
    status          TEXT NOT NULL,
    -- One entitlement per household per cycle, whatever the code does.
    CONSTRAINT entitlements_once UNIQUE (cycle_id, household_id)
);
CREATE INDEX entitlements_region ON entitlements (cycle_id, region_code);

CREATE TABLE cycle_skips (
    cycle_id        INTEGER NOT NULL REFERENCES cycles (id),
    household_id    INTEGER NOT NULL REFERENCES households (id),
    enrolment_id    INTEGER NOT NULL REFERENCES enrolments (id),
    region_code     TEXT NOT NULL,
    reason          TEXT NOT NULL,
    PRIMARY KEY (cycle_id, household_id)
);
