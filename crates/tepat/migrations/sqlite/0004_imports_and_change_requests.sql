-- Imports started from the web or the API, run in the background: their progress, their
-- summary and their report (row,column,rule,message) stay downloadable afterwards.
CREATE TABLE import_jobs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    file_bytes    INTEGER NOT NULL,
    options       TEXT NOT NULL,
    scope         TEXT,
    status        TEXT NOT NULL,
    progress_done  INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    summary       TEXT,
    report        TEXT,
    report_lines  INTEGER NOT NULL DEFAULT 0,
    failure       TEXT,
    actor_kind    TEXT NOT NULL,
    actor_id      INTEGER,
    actor_role    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    finished_at   TEXT
);
CREATE INDEX import_jobs_actor_idx ON import_jobs (actor_kind, actor_id, id);

-- Monthly village updates: a change proposed by a village operator with its reason and
-- evidence, approved or returned by a district officer. The proposer stays on the record:
-- every version the change writes points back to its request.
CREATE TABLE change_requests (
    id             INTEGER PRIMARY KEY,
    household_id   INTEGER NOT NULL REFERENCES households (id),
    person_id      INTEGER REFERENCES persons (id),
    region_code    TEXT NOT NULL,
    kind           TEXT NOT NULL,
    payload        TEXT NOT NULL,
    reason         TEXT NOT NULL,
    status         TEXT NOT NULL,
    proposer_kind  TEXT NOT NULL,
    proposer_id    INTEGER,
    proposer_role  TEXT NOT NULL,
    proposer_name  TEXT NOT NULL,
    proposed_at    TEXT NOT NULL,
    decider_kind   TEXT,
    decider_id     INTEGER,
    decider_role   TEXT,
    decider_name   TEXT,
    decided_at     TEXT,
    decision_note  TEXT,
    result         TEXT
);
CREATE INDEX change_requests_region_idx ON change_requests (region_code, status, id);
CREATE INDEX change_requests_household_idx ON change_requests (household_id, id);

CREATE TABLE change_request_evidence (
    id                INTEGER PRIMARY KEY,
    change_request_id INTEGER NOT NULL REFERENCES change_requests (id),
    file_name         TEXT NOT NULL,
    content_type      TEXT NOT NULL,
    content           BLOB NOT NULL,
    sha256            TEXT NOT NULL
);
CREATE INDEX change_request_evidence_request_idx ON change_request_evidence (change_request_id);

ALTER TABLE record_versions ADD COLUMN change_request_id INTEGER;
