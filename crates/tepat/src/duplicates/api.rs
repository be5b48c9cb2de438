//! JSON API for duplicates: the queue of candidate pairs in the caller's scope, one pair
//! side by side with its explanation, deciding it, starting and following a full run, and
//! the persons held by an undecided pair.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::holds::{self, Hold};
use super::service::{self, DecisionRequest, PairDetail};
use super::store::DuplicatePair;
use super::store::runs::DuplicateRun;
use crate::auth::ApiCaller;
use crate::auth::Permission;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::idempotency::{self, IdempotentJson};
use crate::http::json::ApiQuery;
use crate::http::{AppError, pagination};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_pairs))
        .routes(routes!(get_pair))
        .routes(routes!(decide_pair))
        .routes(routes!(start_run))
        .routes(routes!(get_run))
        .routes(routes!(list_holds))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PairQuery {
    /// `open`, `same`, `different` or `closed`; all when absent.
    #[param(pattern = "^\\s*(open|same|different|closed)?\\s*$")]
    status: Option<String>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of candidate pairs.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct PairPage {
    items: Vec<DuplicatePair>,
    next_cursor: Option<String>,
}

/// Candidate duplicate pairs with either person inside the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/duplicates/pairs", tag = "duplicates", params(PairQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of pairs", body = PairPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_pairs(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<PairQuery>,
) -> Result<Json<PairPage>, AppError> {
    caller.require(Permission::ReadDuplicates)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let status = service::status_filter(query.status.as_deref())?;
    let before = page.before_id();
    let rows = service::list(&state.db, &caller, &status, before, page.limit + 1).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |p| p.id.to_string());
    Ok(Json(PairPage { items, next_cursor }))
}

/// One pair with both persons side by side and the explanation of its score.
#[utoipa::path(get, path = "/api/v1/duplicates/pairs/{id}", tag = "duplicates",
    params(("id" = i64, Path, description = "Pair id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The pair", body = PairDetail),
        (status = 403, description = "Not allowed or outside scope", body = Problem),
        (status = 404, description = "No such pair", body = Problem)))]
async fn get_pair(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<PairDetail>, AppError> {
    Ok(Json(service::find(&state.db, &caller, id).await?))
}

/// A decision on a pair.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
struct PairDecision {
    /// `same` (one person registered twice: merge) or `different` (remembered).
    decision: String,
    /// Why; required, at most 1,000 characters.
    reason: String,
    /// For `same`: the person kept; the one registered first when absent.
    survivor_id: Option<i64>,
}

/// Decide a pair. `same` closes the other person as merged into the one kept (a new
/// version; nothing is deleted); `different` is remembered and never proposed again.
/// Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/duplicates/pairs/{id}/decision", tag = "duplicates",
    request_body = PairDecision,
    params(("id" = i64, Path, description = "Pair id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The pair, decided", body = PairDetail),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed or outside scope", body = Problem),
        (status = 404, description = "No such pair", body = Problem),
        (status = 409, description = "Already decided", body = Problem),
        (status = 422, description = "Decision or reason missing or invalid", body = Problem)))]
async fn decide_pair(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<PairDecision>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideDuplicates)?;
    let now = state.clock.now();
    let request = DecisionRequest {
        decision: command.body.decision.clone(),
        reason: command.body.reason.clone(),
        survivor_id: command.body.survivor_id,
    };
    let decide = async {
        let detail =
            service::decide(&state.db, &caller, id, &request, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, detail))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, decide)
        .await
}

/// Start a full duplicate run over the registry in the background; follow it at
/// `/api/v1/duplicates/runs/{id}`. One run at a time. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/duplicates/runs", tag = "duplicates",
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 202, description = "The run, started", body = DuplicateRun),
        (status = 400, description = "Missing Idempotency-Key", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 409, description = "A run is already in progress", body = Problem)))]
async fn start_run(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    caller.require_write(Permission::RunDuplicates)?;
    let key = idempotency::key_from(&headers)?;
    let now = state.clock.now();
    let start = async {
        let run = service::start_run(&state.db, &caller, state.clock.clone()).await?;
        Ok((StatusCode::ACCEPTED, run))
    };
    // No body: the key alone names the command.
    idempotency::once(&state.db, &caller.actor, &key, "run", now, start).await
}

/// A duplicate run: status, stage and progress, and what it found.
#[utoipa::path(get, path = "/api/v1/duplicates/runs/{id}", tag = "duplicates",
    params(("id" = i64, Path, description = "Run id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The run", body = DuplicateRun),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "No such run", body = Problem)))]
async fn get_run(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<DuplicateRun>, AppError> {
    Ok(Json(service::run(&state.db, &caller, id).await?))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct HoldQuery {
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of held persons.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct HoldPage {
    items: Vec<Hold>,
    next_cursor: Option<String>,
}

/// Persons inside the caller's scope held by an undecided pair: enrolment and payment
/// wait for the decision. By person id.
#[utoipa::path(get, path = "/api/v1/duplicates/holds", tag = "duplicates", params(HoldQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of held persons", body = HoldPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_holds(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<HoldQuery>,
) -> Result<Json<HoldPage>, AppError> {
    caller.require(Permission::ReadDuplicates)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let after = page.after_id();
    let rows = holds::list(&state.db, caller.region.as_ref(), after, page.limit + 1).await?;
    let (items, next_cursor) =
        pagination::finish_page(rows, page.limit, |h| h.person_id.to_string());
    Ok(Json(HoldPage { items, next_cursor }))
}
