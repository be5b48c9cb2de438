-- Registry: households and persons with every version kept, and the record of who opened
-- whose full personal data. Nothing here is ever deleted: records are closed with a reason.

CREATE TABLE households (
    id            INTEGER PRIMARY KEY,
    kk_number     TEXT NOT NULL,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    address       TEXT NOT NULL,
    rt            TEXT NOT NULL,
    rw            TEXT NOT NULL,
    phone         TEXT,
    survey        TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active',
    closed_reason TEXT,
    version       INTEGER NOT NULL,
    content_hash  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CONSTRAINT households_kk_number_key UNIQUE (kk_number)
);
CREATE INDEX households_region_idx ON households (region_code, id);

CREATE TABLE persons (
    id             INTEGER PRIMARY KEY,
    nik            TEXT NOT NULL,
    household_id   INTEGER NOT NULL REFERENCES households (id),
    region_code    TEXT NOT NULL,
    full_name      TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    birth_place    TEXT NOT NULL,
    birth_date     TEXT NOT NULL,
    sex            TEXT NOT NULL,
    relationship   TEXT NOT NULL,
    marital_status TEXT,
    occupation     TEXT,
    education      TEXT,
    disability     TEXT,
    life_status    TEXT NOT NULL,
    status_date    TEXT,
    version        INTEGER NOT NULL,
    content_hash   TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CONSTRAINT persons_nik_key UNIQUE (nik)
);
CREATE INDEX persons_household_idx ON persons (household_id);
CREATE INDEX persons_name_idx ON persons (name_key);
CREATE INDEX persons_region_idx ON persons (region_code, id);

-- One row per version of a record: who, when, why, what changed, and the whole record.
CREATE TABLE record_versions (
    subject_type TEXT NOT NULL,
    subject_id   INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    recorded_at  TEXT NOT NULL,
    actor_kind   TEXT NOT NULL,
    actor_id     INTEGER,
    actor_role   TEXT NOT NULL,
    action       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    changes      TEXT NOT NULL,
    snapshot     TEXT NOT NULL,
    PRIMARY KEY (subject_type, subject_id, version)
);

-- Who opened whose full record, when and why (UU PDP No. 27/2022).
CREATE TABLE person_views (
    id          INTEGER PRIMARY KEY,
    viewed_at   TEXT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    INTEGER,
    actor_role  TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES persons (id),
    region_code TEXT NOT NULL,
    purpose     TEXT NOT NULL
);
CREATE INDEX person_views_region_idx ON person_views (region_code, id);
CREATE INDEX person_views_person_idx ON person_views (person_id, id);
