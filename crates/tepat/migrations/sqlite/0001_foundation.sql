-- Foundation: regions, official accounts, sessions, API tokens, the event trail and
-- idempotency records. Times are UTC RFC 3339 text; counts and ids are integers.

CREATE TABLE regions (
    code          TEXT PRIMARY KEY,
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    name          TEXT NOT NULL,
    parent_code   TEXT REFERENCES regions (code),
    province_code TEXT NOT NULL,
    retired_at    TEXT
);
CREATE INDEX regions_parent_idx ON regions (parent_code, code);
CREATE INDEX regions_name_idx ON regions (lower(name));

CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL,
    region_code    TEXT REFERENCES regions (code),
    password_hash  TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'active',
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    last_failed_at TEXT,
    locked_until   TEXT,
    created_at     TEXT NOT NULL,
    CONSTRAINT accounts_username_key UNIQUE (username)
);
CREATE INDEX accounts_region_idx ON accounts (region_code);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    region_code  TEXT REFERENCES regions (code),
    scopes       TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    token_prefix TEXT NOT NULL,
    created_by   INTEGER REFERENCES accounts (id),
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    occurred_at  TEXT NOT NULL,
    actor_kind   TEXT NOT NULL,
    actor_id     INTEGER,
    actor_role   TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    region_code  TEXT,
    changes      TEXT NOT NULL,
    request_id   TEXT,
    log_index    INTEGER
);
CREATE INDEX events_region_idx ON events (region_code, id);
CREATE INDEX events_subject_idx ON events (subject_type, subject_id, id);

CREATE TABLE idempotency_keys (
    caller          TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);
