-- Programmes as data: what each social-assistance programme is, who runs it, what it pays
-- and how, its quotas and the programmes it excludes; and its eligibility rule, every
-- published version kept (the current one is the highest version).

CREATE TABLE programmes (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    description    TEXT NOT NULL,
    description_en TEXT NOT NULL,
    operator       TEXT NOT NULL,
    frequency      TEXT NOT NULL,
    channel        TEXT NOT NULL,
    -- JSON: the benefit rule, its components with amounts, years and sources.
    benefit        TEXT NOT NULL,
    -- JSON: quotas per region, each with its unit and source.
    quotas         TEXT NOT NULL,
    -- JSON: codes of the programmes a household in this one may not also receive.
    excludes       TEXT NOT NULL,
    source         TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE programme_rules (
    programme_code TEXT NOT NULL REFERENCES programmes (code),
    version        INTEGER NOT NULL,
    rule           TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    actor_kind     TEXT NOT NULL,
    actor_id       INTEGER,
    actor_role     TEXT NOT NULL,
    PRIMARY KEY (programme_code, version)
);
