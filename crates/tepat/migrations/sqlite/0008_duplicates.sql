-- Duplicate persons found by record linkage: runs over the whole registry (with their
-- progress and the fitted model that later checks at entry reuse), candidate pairs that a
-- district officer decides, and the pairs decided to be different people, remembered so
-- that they are never proposed again. Nothing here is deleted: a merged person stays in
-- the registry, closed with a pointer to the person they were merged into.

CREATE TABLE duplicate_runs (
    id              INTEGER PRIMARY KEY,
    trigger_kind    TEXT NOT NULL,
    status          TEXT NOT NULL,
    stage           TEXT NOT NULL DEFAULT '',
    progress_done   INTEGER NOT NULL DEFAULT 0,
    progress_total  INTEGER NOT NULL DEFAULT 0,
    persons         INTEGER NOT NULL DEFAULT 0,
    candidate_pairs INTEGER NOT NULL DEFAULT 0,
    linked_pairs    INTEGER NOT NULL DEFAULT 0,
    pairs_opened    INTEGER NOT NULL DEFAULT 0,
    threshold       REAL,
    model           TEXT,
    failure         TEXT,
    actor_kind      TEXT NOT NULL,
    actor_id        INTEGER,
    actor_role      TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    finished_at     TEXT
);
-- One run at a time: a second start finds this index taken.
CREATE UNIQUE INDEX duplicate_runs_running_key ON duplicate_runs (status)
    WHERE status = 'running';

CREATE TABLE duplicate_pairs (
    id               INTEGER PRIMARY KEY,
    person_a         INTEGER NOT NULL REFERENCES persons (id),
    person_b         INTEGER NOT NULL REFERENCES persons (id),
    probability      REAL NOT NULL,
    explanation      TEXT NOT NULL,
    source           TEXT NOT NULL,
    run_id           INTEGER REFERENCES duplicate_runs (id),
    status           TEXT NOT NULL DEFAULT 'open',
    found_at         TEXT NOT NULL,
    decided_at       TEXT,
    decided_by_kind  TEXT,
    decided_by_id    INTEGER,
    decided_by_role  TEXT,
    decided_by_name  TEXT,
    decision_reason  TEXT,
    survivor_id      INTEGER,
    CONSTRAINT duplicate_pairs_order CHECK (person_a < person_b)
);
-- At most one open pair per two persons.
CREATE UNIQUE INDEX duplicate_pairs_open_key ON duplicate_pairs (person_a, person_b)
    WHERE status = 'open';
CREATE INDEX duplicate_pairs_status_idx ON duplicate_pairs (status, id);
CREATE INDEX duplicate_pairs_a_idx ON duplicate_pairs (person_a, status);
CREATE INDEX duplicate_pairs_b_idx ON duplicate_pairs (person_b, status);

-- "Different people", keyed by the unordered pair (smaller id first).
CREATE TABLE duplicate_distinct (
    person_a   INTEGER NOT NULL,
    person_b   INTEGER NOT NULL,
    pair_id    INTEGER NOT NULL REFERENCES duplicate_pairs (id),
    decided_at TEXT NOT NULL,
    PRIMARY KEY (person_a, person_b)
);

-- A person found to be another registered twice points at the one kept.
ALTER TABLE persons ADD COLUMN merged_into INTEGER;
-- Lookups of the check at entry: same birth date, then the region.
CREATE INDEX persons_birth_idx ON persons (birth_date, region_code);
