-- Revisions of a budget line, each a new version proposed by one official (maker) with a
-- reason and approved by another (checker), never an overwrite: the line's current amount
-- and purpose are those of its latest approved revision, or its own when none is. Approval
-- moves the difference between the treasury and the line's ledger account. And citizens'
-- comments on a budget line, hidden by a moderator with a reason, never deleted.

CREATE TABLE budget_revisions (
    id              INTEGER PRIMARY KEY,
    budget_line_id  INTEGER NOT NULL REFERENCES budget_lines (id),
    -- The proposed amount and purpose.
    amount          INTEGER NOT NULL CHECK (amount > 0),
    purpose         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    -- submitted, approved, rejected
    status          TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
    -- The line's amount when the revision was decided (approved or rejected).
    previous_amount INTEGER,
    -- The version the approval made (the line as planned is version 1).
    version         INTEGER,
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
    event_id        INTEGER REFERENCES events (id),
    -- Four eyes: whoever approves or rejects is not whoever proposed.
    CONSTRAINT budget_revisions_four_eyes CHECK (checker_id IS NULL OR maker_id IS NULL
        OR checker_id <> maker_id),
    -- One approval per version: two approvals at once leave one.
    CONSTRAINT budget_revisions_version UNIQUE (budget_line_id, version)
);
CREATE INDEX budget_revisions_line ON budget_revisions (budget_line_id, status);

CREATE TABLE budget_comments (
    id              INTEGER PRIMARY KEY,
    budget_line_id  INTEGER NOT NULL REFERENCES budget_lines (id),
    -- Optional: a citizen may comment without a name.
    author_name     TEXT,
    body            TEXT NOT NULL,
    -- The sender's address as counted for the rate limit.
    client_key      TEXT,
    created_at      TEXT NOT NULL,
    hidden          INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    hidden_kind     TEXT,
    hidden_id       INTEGER,
    hidden_role     TEXT,
    hidden_name     TEXT,
    hidden_at       TEXT,
    hide_reason     TEXT,
    event_id        INTEGER REFERENCES events (id)
);
CREATE INDEX budget_comments_line ON budget_comments (budget_line_id, id);
CREATE INDEX budget_comments_client ON budget_comments (client_key, created_at);
