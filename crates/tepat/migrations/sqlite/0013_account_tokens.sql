-- API tokens belong to an account and act as it: the account's identity, role and region
-- scope, with a subset of the scopes its role allows, so that what a bank, a merchant or
-- an agency does through the API is recorded under that account. A token no longer has a
-- role or region of its own: the account's are the only ones, and disabling the account
-- stops its tokens.
--
-- Each token made before this change becomes the token of a machine account of its own,
-- named `api-token-<token id>` (with `-migrated` appended should an account already have
-- that name), its display name the token's name, its role and region the token's. One
-- account per token rather than per role and region: each token was a separate actor in
-- the event trail (`token` <id>) and may serve a different client, and merging two banks
-- of the same role and region into one account would make their actions
-- indistinguishable from then on. The accounts cannot log in: their password hash is `!`,
-- which is no hash, so no password matches it. They are active so that their tokens keep
-- working; an administrator disables one to stop its token.

INSERT INTO accounts (username, display_name, role, region_code, password_hash, status,
                      created_at)
SELECT CASE
           WHEN EXISTS (SELECT 1 FROM accounts a WHERE a.username = 'api-token-' || t.id)
           THEN 'api-token-' || t.id || '-migrated'
           ELSE 'api-token-' || t.id
       END,
       t.name, t.role, t.region_code, '!', 'active', t.created_at
FROM api_tokens t
ORDER BY t.id;

-- SQLite cannot drop a column that takes part in a foreign key (`region_code`), so the
-- table is rebuilt with the owner in place of the role and region.
CREATE TABLE api_tokens_owned (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    name         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    token_prefix TEXT NOT NULL,
    created_by   INTEGER REFERENCES accounts (id),
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);

INSERT INTO api_tokens_owned (id, account_id, name, scopes, token_hash, token_prefix,
                              created_by, created_at, revoked_at, last_used_at)
SELECT t.id, a.id, t.name, t.scopes, t.token_hash, t.token_prefix, t.created_by,
       t.created_at, t.revoked_at, t.last_used_at
FROM api_tokens t
JOIN accounts a ON a.password_hash = '!'
    AND a.username IN ('api-token-' || t.id, 'api-token-' || t.id || '-migrated');

DROP TABLE api_tokens;
ALTER TABLE api_tokens_owned RENAME TO api_tokens;
CREATE INDEX api_tokens_account_idx ON api_tokens (account_id, id);
