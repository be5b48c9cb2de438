-- Server secrets kept with the data, so every process and restart agrees (the CSRF key).
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Failed logins per client address (an IPv4 address or an IPv6 /64), throttled apart from
-- the account, so that a stranger's guesses slow the stranger and not the official.
CREATE TABLE login_addresses (
    client_key     TEXT PRIMARY KEY,
    failed_logins  BIGINT NOT NULL DEFAULT 0,
    last_failed_at TEXT,
    locked_until   TEXT
);
