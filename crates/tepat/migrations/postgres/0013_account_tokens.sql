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

ALTER TABLE api_tokens ADD COLUMN account_id BIGINT REFERENCES accounts (id);

UPDATE api_tokens t SET account_id = (
    SELECT a.id FROM accounts a
    WHERE a.password_hash = '!'
      AND a.username IN ('api-token-' || t.id, 'api-token-' || t.id || '-migrated')
);

ALTER TABLE api_tokens ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE api_tokens DROP COLUMN role, DROP COLUMN region_code;
CREATE INDEX api_tokens_account_idx ON api_tokens (account_id, id);
