-- Enrolment: who receives a programme. A batch is a programme's published rule applied to
-- the households of a region, ordered by welfare score and cut at the region's quota; it
-- is approved (or rejected) by a named official other than the one who prepared it. An
-- override puts forward one household the rule or the quota left out, with a reason.
-- Enrolments are never deleted: one that ends keeps its row with its end.

-- Which officials approve a programme's enrolment batches: the ministry for national
-- programmes, a province or district office for regional ones.
ALTER TABLE programmes ADD COLUMN approver TEXT NOT NULL DEFAULT 'ministry_officer';
UPDATE programmes SET approver = 'province_officer' WHERE code = 'KJP_PLUS';
UPDATE programmes SET approver = 'district_officer' WHERE code = 'BLT_DD';

CREATE TABLE enrolment_batches (
    id              INTEGER PRIMARY KEY,
    programme_code  TEXT NOT NULL REFERENCES programmes (code),
    rule_version    INTEGER NOT NULL,
    -- The region the batch covers; empty for the whole country.
    region_code     TEXT NOT NULL,
    -- waiting, approved, rejected, superseded
    status          TEXT NOT NULL,
    eligible        INTEGER NOT NULL,
    selected        INTEGER NOT NULL,
    waiting         INTEGER NOT NULL,
    held            INTEGER NOT NULL,
    already         INTEGER NOT NULL,
    -- The programme's enrolments when the batch was prepared (highest id, active count):
    -- approving a batch prepared before another change to them is refused.
    basis           TEXT NOT NULL,
    rows_sha256     TEXT NOT NULL,
    prepared_at     TEXT NOT NULL,
    prepared_kind   TEXT NOT NULL,
    prepared_id     INTEGER,
    prepared_role   TEXT NOT NULL,
    prepared_event  INTEGER NOT NULL REFERENCES events (id),
    decided_at      TEXT,
    decided_id      INTEGER,
    decided_role    TEXT,
    decision_note   TEXT,
    enrolled        INTEGER,
    decided_event   INTEGER REFERENCES events (id)
);
CREATE INDEX enrolment_batches_programme ON enrolment_batches (programme_code, status);

CREATE TABLE enrolment_batch_lines (
    batch_id      INTEGER NOT NULL REFERENCES enrolment_batches (id),
    household_id  INTEGER NOT NULL REFERENCES households (id),
    region_code   TEXT NOT NULL,
    -- The quota the household is counted against (empty: national; NULL: no quota).
    quota_region  TEXT,
    -- 1, 2, … within the quota, poorest first; held households have none.
    position      INTEGER,
    score         REAL,
    decile        INTEGER,
    -- selected, waiting, held
    outcome       TEXT NOT NULL,
    reason        TEXT NOT NULL,
    PRIMARY KEY (batch_id, household_id)
);
CREATE INDEX enrolment_batch_lines_outcome ON enrolment_batch_lines (batch_id, outcome, position);

CREATE TABLE enrolments (
    id              INTEGER PRIMARY KEY,
    programme_code  TEXT NOT NULL REFERENCES programmes (code),
    household_id    INTEGER NOT NULL REFERENCES households (id),
    region_code     TEXT NOT NULL,
    -- active, ended
    status          TEXT NOT NULL,
    -- batch, override
    source          TEXT NOT NULL,
    batch_id        INTEGER REFERENCES enrolment_batches (id),
    reason          TEXT,
    started_at      TEXT NOT NULL,
    actor_kind      TEXT NOT NULL,
    actor_id        INTEGER,
    actor_role      TEXT NOT NULL,
    event_id        INTEGER NOT NULL REFERENCES events (id),
    ended_at        TEXT,
    end_reason      TEXT
);
CREATE UNIQUE INDEX enrolments_one_active ON enrolments (programme_code, household_id)
    WHERE status = 'active';
CREATE INDEX enrolments_household ON enrolments (household_id);
CREATE INDEX enrolments_region ON enrolments (programme_code, status, region_code);
