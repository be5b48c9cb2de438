//! API tokens for machine clients (banks, other agencies): a role, a region scope and API
//! scopes; shown once at creation, stored only as a hash, revocable.

use sqlx::Row;
use time::{Duration, OffsetDateTime};

use crate::auth::{ApiScope, Auth, Principal, Role};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{Actor, ActorKind};
use crate::http::token::{random_token, token_hash};
use crate::region_code::{RegionCode, ScopeParams};

/// Every token starts with this, so leaked tokens are easy to recognise in code and logs.
pub const TOKEN_PREFIX: &str = "tpt_";
/// How often the last-use time is refreshed; bounds writes from busy clients.
const LAST_USED_REFRESH_SECONDS: i64 = 60;

/// A token as listed to administrators (never the secret).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub role: Role,
    #[schema(value_type = Option<String>)]
    pub region_code: Option<RegionCode>,
    pub scopes: Vec<ApiScope>,
    /// The first characters of the token, to recognise it.
    pub token_prefix: String,
    /// The administrator who created it; absent when created at the command line.
    pub created_by: Option<i64>,
    pub created_at: String,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
}

pub struct NewToken {
    pub name: String,
    pub role: Role,
    pub region: Option<RegionCode>,
    pub scopes: Vec<ApiScope>,
    pub created_by: Option<i64>,
}

fn scopes_text(scopes: &[ApiScope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn scopes_parse(text: &str) -> Vec<ApiScope> {
    text.split_whitespace()
        .filter_map(ApiScope::parse)
        .collect()
}

/// Creates a token; returns its id and the secret, which is never stored.
pub async fn create(
    tx: &mut Tx,
    token: &NewToken,
    now: OffsetDateTime,
) -> Result<(i64, String), StoreError> {
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let row = sqlx::query(
        "INSERT INTO api_tokens (name, role, region_code, scopes, token_hash, token_prefix, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(token.name.clone())
    .bind(token.role.as_str())
    .bind(token.region.as_ref().map(|r| r.as_str().to_owned()))
    .bind(scopes_text(&token.scopes))
    .bind(token_hash(&secret))
    .bind(secret.chars().take(10).collect::<String>())
    .bind(token.created_by)
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok((row.try_get(0).store()?, secret))
}

/// Resolves a bearer token.
pub async fn authenticate(db: &Db, secret: &str, now: OffsetDateTime) -> Result<Auth, StoreError> {
    let row = sqlx::query(
        "SELECT id, name, role, region_code, scopes, last_used_at FROM api_tokens \
         WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash(secret))
    .fetch_optional(&db.pool)
    .await
    .store()?;
    let Some(row) = row else {
        return Ok(Auth::BadToken);
    };
    let id: i64 = row.try_get(0).store()?;
    let role: String = row.try_get(2).store()?;
    let region: Option<String> = row.try_get(3).store()?;
    let (Ok(role), Ok(region)) = (
        Role::parse(&role),
        region.map(|r| RegionCode::parse(&r)).transpose(),
    ) else {
        return Ok(Auth::BadToken);
    };
    let last_used: Option<String> = row.try_get(5).store()?;
    let stale = last_used
        .as_deref()
        .and_then(timestamp::from_db)
        .is_none_or(|at| now - at > Duration::seconds(LAST_USED_REFRESH_SECONDS));
    if stale {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(timestamp::to_db(now))
            .bind(id)
            .execute(&db.pool)
            .await
            .store()?;
    }
    let scopes: String = row.try_get(4).store()?;
    Ok(Auth::Token(Principal {
        actor: Actor {
            kind: ActorKind::Token,
            id: Some(id),
            role: role.as_str().to_owned(),
        },
        name: row.try_get(1).store()?,
        role,
        region,
        token_scopes: Some(scopes_parse(&scopes)),
    }))
}

const COLUMNS: &str = "id, name, role, region_code, scopes, token_prefix, created_by, \
                       created_at, revoked_at, last_used_at";

fn token_from_row(row: &sqlx::any::AnyRow) -> Result<ApiToken, StoreError> {
    let decode = |e: String| StoreError::Other(sqlx::Error::Decode(e.into()));
    let role: String = row.try_get("role").store()?;
    let region: Option<String> = row.try_get("region_code").store()?;
    let scopes: String = row.try_get("scopes").store()?;
    Ok(ApiToken {
        id: row.try_get("id").store()?,
        name: row.try_get("name").store()?,
        role: Role::parse(&role).map_err(|e| decode(e.to_string()))?,
        region_code: region
            .map(|r| RegionCode::parse(&r))
            .transpose()
            .map_err(|e| decode(e.to_string()))?,
        scopes: scopes_parse(&scopes),
        token_prefix: row.try_get("token_prefix").store()?,
        created_by: row.try_get("created_by").store()?,
        created_at: row.try_get("created_at").store()?,
        revoked_at: row.try_get("revoked_at").store()?,
        last_used_at: row.try_get("last_used_at").store()?,
    })
}

/// Tokens whose scope lies inside `within`, by id.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    after_id: i64,
    limit: u32,
) -> Result<Vec<ApiToken>, StoreError> {
    let ScopeParams {
        national,
        exact,
        prefix,
    } = ScopeParams::new(within);
    let sql = format!(
        "SELECT {COLUMNS} FROM api_tokens \
         WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3) AND id > $4 \
         ORDER BY id LIMIT $5"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(national)
        .bind(exact)
        .bind(prefix)
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(token_from_row).collect()
}

pub async fn find(db: &Db, id: i64) -> Result<Option<ApiToken>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(token_from_row).transpose()
}

/// Revokes a token; returns false when it was already revoked.
pub async fn revoke(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<bool, StoreError> {
    let result =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(timestamp::to_db(now))
            .bind(id)
            .execute(&mut **tx)
            .await
            .store()?;
    Ok(result.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_survive_storage_and_ignore_unknown_words() {
        let scopes = vec![ApiScope::RegionsRead, ApiScope::EventsRead];
        assert_eq!(scopes_parse(&scopes_text(&scopes)), scopes);
        assert_eq!(
            scopes_parse("regions:read bogus"),
            vec![ApiScope::RegionsRead]
        );
    }
}
