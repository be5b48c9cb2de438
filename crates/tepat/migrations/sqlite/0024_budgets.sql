-- Budget lines (pagu) per programme, year and source of funds, each with its ledger account
-- funded from the source's treasury account; and their allocations to regions, submitted
-- by one official (maker) and approved by another (checker), each approval a ledger
-- transfer from the line to the region's allocation account.

CREATE TABLE budget_lines (
    id              INTEGER PRIMARY KEY,
    programme_code  TEXT NOT NULL REFERENCES programmes (code),
    year            INTEGER NOT NULL,
    -- APBN, APBD, DANA_DESA
    source          TEXT NOT NULL CHECK (source IN ('APBN', 'APBD', 'DANA_DESA')),
    -- The region whose budget it is; empty for the national budget.
    region_code     TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    purpose         TEXT NOT NULL,
    account_id      INTEGER NOT NULL REFERENCES ledger_accounts (id),
    created_kind    TEXT NOT NULL,
    created_id      INTEGER,
    created_role    TEXT NOT NULL,
    created_name    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    event_id        INTEGER REFERENCES events (id),
    CONSTRAINT budget_lines_key UNIQUE (programme_code, year, source, region_code)
);

CREATE TABLE budget_allocations (
    id              INTEGER PRIMARY KEY,
    budget_line_id  INTEGER NOT NULL REFERENCES budget_lines (id),
    region_code     TEXT NOT NULL REFERENCES regions (code),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    note            TEXT NOT NULL,
    -- submitted, approved, rejected
    status          TEXT NOT NULL,
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
    decision_note   TEXT,
    -- The region's allocation account, credited on approval.
    account_id      INTEGER REFERENCES ledger_accounts (id),
    event_id        INTEGER REFERENCES events (id),
    -- Four eyes: whoever approves or rejects is not whoever submitted.
    CONSTRAINT budget_allocations_four_eyes CHECK (checker_id IS NULL OR maker_id IS NULL
        OR checker_id <> maker_id)
);
CREATE INDEX budget_allocations_line ON budget_allocations (budget_line_id, status);
