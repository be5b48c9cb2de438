//! JSON API: who am I, and account and token management for administrators.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::service::{self, AccountInput, Acting, TokenInput};
use super::store::Account;
use super::tokens::{ApiToken, TokenId};
use crate::auth::ApiCaller;
use crate::auth::{ApiScope, Permission, Role};
use crate::events::ActorKind;
use crate::http::AppState;
use crate::http::idempotency::{self, IdempotentJson};
use crate::http::json::ApiQuery;
use crate::http::{AppError, pagination};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

/// The caller as the server sees it.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Me {
    kind: ActorKind,
    id: Option<i64>,
    name: String,
    role: Role,
    /// Region scope; absent for national.
    region_code: Option<String>,
    /// Token scopes; absent for sessions.
    scopes: Option<Vec<ApiScope>>,
}

/// Who is calling.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, description = "The caller", body = Me),
        (status = 401, description = "No credentials", body = Problem)))]
async fn me(ApiCaller(caller): ApiCaller) -> Json<Me> {
    Json(Me {
        kind: caller.actor.kind,
        id: caller.actor.id,
        name: caller.name,
        role: caller.role,
        region_code: caller.region.map(|r| r.to_string()),
        scopes: caller.token_scopes,
    })
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct AccountPage {
    items: Vec<Account>,
    next_cursor: Option<String>,
}

fn after_id(page: &pagination::PageRequest) -> i64 {
    page.after
        .as_deref()
        .and_then(|a| a.parse().ok())
        .unwrap_or(0)
}

/// Accounts inside the administrator's scope.
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts", params(pagination::PageParams),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of accounts", body = AccountPage),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not an administrator, or token lacks accounts:read", body = Problem)))]
async fn list_accounts(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<pagination::PageParams>,
) -> Result<Json<AccountPage>, AppError> {
    caller.require(Permission::ManageAccounts)?;
    let page = params.validate()?;
    let rows = super::store::list(
        &state.db,
        caller.region.as_ref(),
        after_id(&page),
        page.limit + 1,
    )
    .await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |a| a.id.to_string());
    Ok(Json(AccountPage { items, next_cursor }))
}

/// Create an official account. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = AccountInput,
    params(("Idempotency-Key" = String, Header, description = "Unique per command; a repeat returns the first result")),
    security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Account),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed, or region outside scope", body = Problem),
        (status = 409, description = "Username taken or key reused", body = Problem),
        (status = 413, description = "Body too large", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
        (status = 422, description = "A field failed its rule", body = Problem)))]
async fn create_account(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: crate::http::RequestId,
    command: IdempotentJson<AccountInput>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageAccounts)?;
    let now = state.clock.now();
    let run = async {
        let account = service::create_account(
            &state.db,
            Acting::Principal(&caller, request_id.0),
            &command.body,
            now,
        )
        .await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(account).map_err(anyhow::Error::from)?,
        ))
    };
    idempotency::run(
        &state.db,
        &idempotency::caller_key(&caller.actor),
        &command.key,
        &command.request_hash,
        now,
        run,
    )
    .await
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct TokenPage {
    items: Vec<ApiToken>,
    next_cursor: Option<String>,
}

/// API tokens inside the administrator's scope (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts", params(pagination::PageParams),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of tokens", body = TokenPage),
        (status = 403, description = "Not an administrator", body = Problem)))]
async fn list_tokens(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<pagination::PageParams>,
) -> Result<Json<TokenPage>, AppError> {
    caller.require(Permission::ManageTokens)?;
    let page = params.validate()?;
    let rows = super::tokens::store::list(
        &state.db,
        caller.region.as_ref(),
        TokenId(after_id(&page)),
        page.limit + 1,
    )
    .await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |t| t.id.to_string());
    Ok(Json(TokenPage { items, next_cursor }))
}

/// A new token; the secret appears only in this response.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct CreatedToken {
    id: i64,
    token: String,
}

/// Create an API token that acts as an account (its identity, role and region scope) with
/// some or all of the scopes its role allows. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = TokenInput,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Created; the secret is shown once", body = CreatedToken),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 422, description = "A field failed its rule", body = Problem)))]
async fn create_token(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: crate::http::RequestId,
    command: IdempotentJson<TokenInput>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageTokens)?;
    let now = state.clock.now();
    let run = async {
        let created = service::create_token(
            &state.db,
            Acting::Principal(&caller, request_id.0),
            &command.body,
            now,
        )
        .await?;
        let body = CreatedToken {
            id: created.id.0,
            token: created.secret,
        };
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(body).map_err(anyhow::Error::from)?,
        ))
    };
    idempotency::run(
        &state.db,
        &idempotency::caller_key(&caller.actor),
        &command.key,
        &command.request_hash,
        now,
        run,
    )
    .await
}

/// Revoke a token. Revoking an already revoked token succeeds and changes nothing.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts",
    params(("id" = i64, Path, description = "Token id")),
    security(("bearer" = [])),
    responses((status = 204, description = "Revoked"),
        (status = 403, description = "Not allowed or outside scope", body = Problem),
        (status = 404, description = "No such token", body = Problem)))]
async fn revoke_token(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: crate::http::RequestId,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    caller.require_write(Permission::ManageTokens)?;
    service::revoke_token(
        &state.db,
        Acting::Principal(&caller, request_id.0),
        TokenId(id),
        state.clock.now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
