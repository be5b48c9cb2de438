-- Scoring runs started from the web: one row per start, with who started it, its progress
-- and heartbeat while it runs, and the run and count per desil it ended with. The run's
-- scores and its one event stay in welfare_runs and welfare_scores as before.

CREATE TABLE welfare_jobs (
    id              INTEGER PRIMARY KEY,
    model_version   INTEGER NOT NULL,
    status          TEXT NOT NULL,
    progress_done   INTEGER NOT NULL DEFAULT 0,
    progress_total  INTEGER NOT NULL DEFAULT 0,
    run_id          INTEGER REFERENCES welfare_runs (id),
    households      INTEGER NOT NULL DEFAULT 0,
    per_decile      TEXT,
    failure         TEXT,
    actor_kind      TEXT NOT NULL,
    actor_id        INTEGER,
    actor_role      TEXT NOT NULL,
    actor_name      TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    heartbeat_at    TEXT NOT NULL,
    finished_at     TEXT
);
-- One run at a time: a second start finds this index taken.
CREATE UNIQUE INDEX welfare_jobs_running_key ON welfare_jobs (status)
    WHERE status = 'running';

-- A fitted model between its preview and its publication: the officer publishes exactly
-- the fit they saw, not a fit of another file. `published_version` is set in the
-- transaction that publishes it, so a fit is published once.
CREATE TABLE welfare_drafts (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    model             TEXT NOT NULL,
    note              TEXT NOT NULL,
    report            TEXT NOT NULL,
    actor_kind        TEXT NOT NULL,
    actor_id          INTEGER,
    created_at        TEXT NOT NULL,
    published_version INTEGER REFERENCES welfare_models (version)
);
