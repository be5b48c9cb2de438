-- The civil-registry feed (Dukcapil) and review flags. Every civil event applied is kept
-- once under its natural key, so receiving the same file twice changes nothing. A review
-- flag marks a record an official must look at (a death, a move, a corrected NIK …); it is
-- cleared with who, when and why, never deleted.

CREATE TABLE civil_events (
    id               INTEGER PRIMARY KEY,
    event_type       TEXT NOT NULL,
    nik              TEXT NOT NULL,
    event_date       TEXT NOT NULL,
    new_nik          TEXT,
    new_village_code TEXT,
    reference        TEXT,
    person_id        INTEGER NOT NULL REFERENCES persons (id),
    outcome          TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    actor_kind       TEXT NOT NULL,
    actor_id         INTEGER,
    actor_role       TEXT NOT NULL,
    CONSTRAINT civil_events_key UNIQUE (event_type, nik, event_date)
);
CREATE INDEX civil_events_person_idx ON civil_events (person_id, id);

CREATE TABLE review_flags (
    id              INTEGER PRIMARY KEY,
    subject_type    TEXT NOT NULL,
    subject_id      INTEGER NOT NULL,
    region_code     TEXT NOT NULL,
    reason          TEXT NOT NULL,
    source          TEXT NOT NULL,
    details         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open',
    raised_at       TEXT NOT NULL,
    raised_by_kind  TEXT NOT NULL,
    raised_by_id    INTEGER,
    raised_by_role  TEXT NOT NULL,
    cleared_at      TEXT,
    cleared_by_kind TEXT,
    cleared_by_id   INTEGER,
    cleared_by_role TEXT,
    clear_note      TEXT
);
CREATE INDEX review_flags_region_idx ON review_flags (region_code, id);
CREATE INDEX review_flags_subject_idx ON review_flags (subject_type, subject_id, status);
