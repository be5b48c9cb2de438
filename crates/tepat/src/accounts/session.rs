//! Sessions and request authentication: a middleware resolves the session cookie or the
//! bearer token once per request; extractors hand the principal to handlers.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use super::model::AccountStatus;
use crate::auth::{AccountId, Auth, Principal, Role};
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::events::{Actor, ActorKind};
use crate::http::AppError;
use crate::http::AppState;
use crate::http::cookies;
use crate::http::token::{random_token, token_hash};
use crate::region_code::RegionCode;

/// How long a session lasts from login: one working day.
pub const SESSION_HOURS: i64 = 10;

/// Creates a session and returns its token (the cookie value).
pub async fn create(
    db: &Db,
    account: AccountId,
    now: OffsetDateTime,
) -> Result<String, StoreError> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(account.0)
    .bind(timestamp::to_db(now))
    .bind(timestamp::to_db(now + Duration::hours(SESSION_HOURS)))
    .execute(&db.pool)
    .await
    .store()?;
    Ok(token)
}

/// Ends a session.
pub async fn delete(db: &Db, token: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(&db.pool)
        .await
        .store()?;
    Ok(())
}

async fn resolve_session(db: &Db, token: &str, now: OffsetDateTime) -> Result<Auth, StoreError> {
    let row = sqlx::query(
        "SELECT s.expires_at, a.id, a.username, a.role, a.region_code, a.status \
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(&db.pool)
    .await
    .store()?;
    let Some(row) = row else {
        return Ok(Auth::Anonymous);
    };
    let expires: String = row.try_get(0).store()?;
    if timestamp::from_db(&expires).is_none_or(|at| at <= now) {
        delete(db, token).await?;
        return Ok(Auth::Expired);
    }
    let status: String = row.try_get(5).store()?;
    if AccountStatus::parse(&status) != AccountStatus::Active {
        return Ok(Auth::Anonymous);
    }
    let id: i64 = row.try_get(1).store()?;
    let role: String = row.try_get(3).store()?;
    let region: Option<String> = row.try_get(4).store()?;
    let (Ok(role), Ok(region)) = (
        Role::parse(&role),
        region.map(|r| RegionCode::parse(&r)).transpose(),
    ) else {
        return Ok(Auth::Anonymous);
    };
    Ok(Auth::Session(Principal {
        actor: Actor {
            kind: ActorKind::Account,
            id: Some(id),
            role: role.as_str().to_owned(),
        },
        name: row.try_get(2).store()?,
        role,
        region,
        token_scopes: None,
    }))
}

/// Resolves the caller once per request and stores the result in the request extensions.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let now = state.clock.now();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    let session = cookies::get(req.headers(), cookies::SESSION).map(str::to_owned);
    let auth = match (bearer, session) {
        (Some(token), _) => super::tokens::authenticate(&state.db, &token, now).await,
        (None, Some(token)) => resolve_session(&state.db, &token, now).await,
        (None, None) => Ok(Auth::Anonymous),
    };
    match auth {
        Ok(auth) => {
            req.extensions_mut().insert(auth);
            next.run(req).await
        }
        Err(err) => AppError::Internal(err.into()).into_response_with_log(),
    }
}

trait IntoResponseWithLog {
    fn into_response_with_log(self) -> Response;
}

impl IntoResponseWithLog for AppError {
    fn into_response_with_log(self) -> Response {
        tracing::error!(error = %self, "authentication lookup failed");
        axum::response::IntoResponse::into_response(self)
    }
}
