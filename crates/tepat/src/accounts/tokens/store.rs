//! SQL for API tokens. A token's role and region are its account's, read through a join.

use sqlx::Row;
use time::OffsetDateTime;

use super::model::{ApiToken, TokenId, scopes_parse, scopes_text};
use crate::accounts::AccountStatus;
use crate::auth::{AccountId, ApiScope, Role};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

/// A token to store: only the hash of its secret and the secret's first characters.
pub struct NewToken {
    pub account_id: AccountId,
    pub name: String,
    pub scopes: Vec<ApiScope>,
    pub secret_hash: String,
    pub secret_prefix: String,
    pub created_by: Option<i64>,
}

/// What authenticating a token needs: the token and the account it acts as.
pub struct TokenOwner {
    pub token_id: TokenId,
    pub account_id: AccountId,
    pub username: String,
    pub role: Role,
    pub region: Option<RegionCode>,
    pub status: AccountStatus,
    pub scopes: Vec<ApiScope>,
    pub last_used_at: Option<OffsetDateTime>,
}

fn decode(err: impl std::fmt::Display) -> StoreError {
    StoreError::Other(sqlx::Error::Decode(err.to_string().into()))
}

fn role_and_region(row: &sqlx::any::AnyRow) -> Result<(Role, Option<RegionCode>), StoreError> {
    let role: String = row.try_get("role").store()?;
    let region: Option<String> = row.try_get("region_code").store()?;
    Ok((
        Role::parse(&role).map_err(decode)?,
        region
            .map(|r| RegionCode::parse(&r))
            .transpose()
            .map_err(decode)?,
    ))
}

/// Inserts a token; returns its id.
pub async fn insert(
    tx: &mut Tx,
    token: &NewToken,
    now: OffsetDateTime,
) -> Result<TokenId, StoreError> {
    let row = sqlx::query(
        "INSERT INTO api_tokens (account_id, name, scopes, token_hash, token_prefix, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(token.account_id.0)
    .bind(token.name.clone())
    .bind(scopes_text(&token.scopes))
    .bind(token.secret_hash.clone())
    .bind(token.secret_prefix.clone())
    .bind(token.created_by)
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok(TokenId(row.try_get(0).store()?))
}

/// The unrevoked token with this secret hash, and its account.
pub async fn find_owner(db: &Db, secret_hash: &str) -> Result<Option<TokenOwner>, StoreError> {
    let row = sqlx::query(
        "SELECT t.id, t.account_id, a.username, a.role, a.region_code, a.status, t.scopes, \
         t.last_used_at FROM api_tokens t JOIN accounts a ON a.id = t.account_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
    )
    .bind(secret_hash)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let (role, region) = role_and_region(&row)?;
    let status: String = row.try_get("status").store()?;
    let scopes: String = row.try_get("scopes").store()?;
    let last_used: Option<String> = row.try_get("last_used_at").store()?;
    Ok(Some(TokenOwner {
        token_id: TokenId(row.try_get("id").store()?),
        account_id: AccountId(row.try_get("account_id").store()?),
        username: row.try_get("username").store()?,
        role,
        region,
        status: AccountStatus::parse(&status),
        scopes: scopes_parse(&scopes),
        last_used_at: last_used.as_deref().and_then(timestamp::from_db),
    }))
}

/// Records that a token was used.
pub async fn touch(db: &Db, id: TokenId, now: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(timestamp::to_db(now))
        .bind(id.0)
        .execute(&db.pool)
        .await
        .store()?;
    Ok(())
}

const COLUMNS: &str = "t.id, t.account_id, a.username, a.role, a.region_code, t.name, \
                       t.scopes, t.token_prefix, t.created_by, t.created_at, t.revoked_at, \
                       t.last_used_at";

fn token_from_row(row: &sqlx::any::AnyRow) -> Result<ApiToken, StoreError> {
    let (role, region_code) = role_and_region(row)?;
    let scopes: String = row.try_get("scopes").store()?;
    Ok(ApiToken {
        id: TokenId(row.try_get("id").store()?),
        name: row.try_get("name").store()?,
        account_id: AccountId(row.try_get("account_id").store()?),
        username: row.try_get("username").store()?,
        role,
        region_code,
        scopes: scopes_parse(&scopes),
        token_prefix: row.try_get("token_prefix").store()?,
        created_by: row.try_get("created_by").store()?,
        created_at: row.try_get("created_at").store()?,
        revoked_at: row.try_get("revoked_at").store()?,
        last_used_at: row.try_get("last_used_at").store()?,
    })
}

/// Tokens whose account's scope lies inside `within`, by id.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    after: TokenId,
    limit: u32,
) -> Result<Vec<ApiToken>, StoreError> {
    let ScopeParams {
        national,
        exact,
        prefix,
    } = ScopeParams::new(within);
    let sql = format!(
        "SELECT {COLUMNS} FROM api_tokens t JOIN accounts a ON a.id = t.account_id \
         WHERE ($1 = 1 OR a.region_code = $2 OR a.region_code LIKE $3) AND t.id > $4 \
         ORDER BY t.id LIMIT $5"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(national)
        .bind(exact)
        .bind(prefix)
        .bind(after.0)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(token_from_row).collect()
}

/// One token, read inside the transaction that decides on it.
pub async fn find(tx: &mut Tx, id: TokenId) -> Result<Option<ApiToken>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_tokens t JOIN accounts a ON a.id = t.account_id \
         WHERE t.id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(token_from_row).transpose()
}

/// Revokes a token; returns false when it was already revoked.
pub async fn revoke(tx: &mut Tx, id: TokenId, now: OffsetDateTime) -> Result<bool, StoreError> {
    let result =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(timestamp::to_db(now))
            .bind(id.0)
            .execute(&mut **tx)
            .await
            .store()?;
    Ok(result.rows_affected() == 1)
}
