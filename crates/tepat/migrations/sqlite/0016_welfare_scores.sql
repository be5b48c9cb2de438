-- Targeting: published welfare models (PMT), scoring runs, and every household's scores
-- with the model version and run that produced them. Nothing is deleted: a household's
-- history of desil is its rows here; the current one is the row of its latest run.

CREATE TABLE welfare_models (
    version      INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    model        TEXT NOT NULL,
    model_sha256 TEXT NOT NULL,
    note         TEXT NOT NULL,
    published_at TEXT NOT NULL,
    actor_kind   TEXT NOT NULL,
    actor_id     INTEGER,
    actor_role   TEXT NOT NULL,
    event_id     INTEGER NOT NULL REFERENCES events (id)
);

CREATE TABLE welfare_runs (
    id             INTEGER PRIMARY KEY,
    model_version  INTEGER NOT NULL,
    model_sha256   TEXT NOT NULL,
    ranking        TEXT NOT NULL,
    trigger_kind   TEXT NOT NULL,
    households     INTEGER NOT NULL DEFAULT 0,
    rows_sha256    TEXT,
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    actor_kind     TEXT NOT NULL,
    actor_id       INTEGER,
    actor_role     TEXT NOT NULL,
    event_id       INTEGER REFERENCES events (id)
);

CREATE TABLE welfare_scores (
    run_id            INTEGER NOT NULL REFERENCES welfare_runs (id),
    household_id      INTEGER NOT NULL REFERENCES households (id),
    model_version     INTEGER NOT NULL,
    score             REAL NOT NULL,
    decile            INTEGER,
    rank_group        TEXT NOT NULL,
    survey_date       TEXT NOT NULL,
    household_version INTEGER NOT NULL,
    computed_at       TEXT NOT NULL,
    PRIMARY KEY (run_id, household_id)
);
CREATE INDEX welfare_scores_household_idx ON welfare_scores (household_id, run_id);

-- The latest score of every household that has one.
CREATE VIEW welfare_current AS
SELECT s.* FROM welfare_scores s
WHERE s.run_id = (SELECT MAX(l.run_id) FROM welfare_scores l
                  WHERE l.household_id = s.household_id);
