//! JSON API for budgets: lines and their allocations, planning a line, submitting an
//! allocation and deciding it as another official. Every POST carries an `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{BudgetAllocation, BudgetLine};
use super::service::{self, AllocationInput, LineInput};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_lines, create_line))
        .routes(routes!(get_line))
        .routes(routes!(create_allocation))
        .routes(routes!(approve_allocation))
        .routes(routes!(reject_allocation))
}

/// Budget lines.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct BudgetLineList {
    items: Vec<BudgetLine>,
}

/// The national budget lines and those of regions inside the caller's scope, with what each
/// has allocated and has left (from the ledger).
#[utoipa::path(get, path = "/api/v1/budgets", tag = "budgets",
    security(("bearer" = [])),
    responses((status = 200, description = "Budget lines", body = BudgetLineList),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_lines(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<BudgetLineList>, AppError> {
    caller.require(Permission::ReadBudgets)?;
    let items = service::lines(&state.db, &caller).await?;
    Ok(Json(BudgetLineList { items }))
}

/// A new budget line.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewBudgetLine {
    /// The programme's code (`PKH`, `SEMBAKO`, …).
    programme: String,
    /// 2000 to 2100.
    year: i32,
    /// `APBN` (a ministry officer, national) or `APBD` / `DANA_DESA` (an officer of the
    /// region whose budget it is).
    source: String,
    /// Rupiah, positive.
    amount: i64,
    /// What the money is for: 5 to 500 characters.
    purpose: String,
}

/// Plan a budget line: its ledger account is funded from the source's treasury, with an
/// event in the transparency log. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/budgets", tag = "budgets", request_body = NewBudgetLine,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The budget line", body = BudgetLine),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "A line for this programme, year and source exists", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn create_line(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NewBudgetLine>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageBudgets)?;
    let now = state.clock.now();
    let body = &command.body;
    let input = LineInput {
        programme: body.programme.clone(),
        year: body.year,
        source: body.source.clone(),
        amount: body.amount,
        purpose: body.purpose.clone(),
    };
    let run = async {
        let line =
            service::create_line(&state.db, &caller, &input, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, line))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

/// A budget line with its allocations.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct BudgetLineDetail {
    line: BudgetLine,
    /// Allocations to regions inside the caller's scope, newest first.
    allocations: Vec<BudgetAllocation>,
}

/// One budget line with its allocations.
#[utoipa::path(get, path = "/api/v1/budgets/{id}", tag = "budgets",
    params(("id" = i64, Path, description = "Budget line id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The line", body = BudgetLineDetail),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such line in the caller's scope", body = Problem)))]
async fn get_line(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<BudgetLineDetail>, AppError> {
    caller.require(Permission::ReadBudgets)?;
    let (line, allocations) = service::line(&state.db, &caller, id).await?;
    Ok(Json(BudgetLineDetail { line, allocations }))
}

/// A new allocation.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewBudgetAllocation {
    /// The region receiving it, inside the line's region and the caller's scope.
    region: String,
    /// Rupiah, positive, at most what the line has left.
    amount: i64,
    /// Why: 5 to 1,000 characters.
    note: String,
}

/// Submit an allocation of a budget line to a region; another official approves it.
/// Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/budgets/{id}/allocations", tag = "budgets",
    request_body = NewBudgetAllocation,
    params(("id" = i64, Path, description = "Budget line id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The allocation, waiting for a checker", body = BudgetAllocation),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such line", body = Problem),
        (status = 409, description = "More than the line has left; the shortfall is stated", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn create_allocation(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<NewBudgetAllocation>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageBudgets)?;
    let now = state.clock.now();
    let body = &command.body;
    let input = AllocationInput {
        region: body.region.clone(),
        amount: body.amount,
        note: body.note.clone(),
    };
    let run = async {
        let allocation =
            service::allocate(&state.db, &caller, id, &input, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, allocation))
    };
    let subject = format!("budget:{id}");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// A checker's decision.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct AllocationDecision {
    /// Optional for an approval, required for a rejection: 5 to 1,000 characters.
    #[serde(default)]
    note: String,
}

/// Approve an allocation submitted by another official: the money moves from the line to
/// the region's allocation account (a ledger transfer, in the log). Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/budget-allocations/{id}/approve", tag = "budgets",
    request_body = AllocationDecision,
    params(("id" = i64, Path, description = "Allocation id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The approved allocation", body = BudgetAllocation),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such allocation in the caller's scope", body = Problem),
        (status = 409, description = "Decided already, submitted by the caller, or more than the line has left", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn approve_allocation(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<AllocationDecision>,
) -> Result<Response, AppError> {
    decide(state, caller, request_id, id, true, command).await
}

/// Reject an allocation submitted by another official, with a note. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/budget-allocations/{id}/reject", tag = "budgets",
    request_body = AllocationDecision,
    params(("id" = i64, Path, description = "Allocation id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The rejected allocation", body = BudgetAllocation),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such allocation in the caller's scope", body = Problem),
        (status = 409, description = "Decided already, or submitted by the caller", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn reject_allocation(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<AllocationDecision>,
) -> Result<Response, AppError> {
    decide(state, caller, request_id, id, false, command).await
}

async fn decide(
    state: AppState,
    caller: crate::auth::Principal,
    request_id: RequestId,
    id: i64,
    approve: bool,
    command: IdempotentJson<AllocationDecision>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageBudgets)?;
    let now = state.clock.now();
    let note = command.body.note.clone();
    let run = async {
        let allocation = service::decide(
            &state.db,
            &caller,
            id,
            approve,
            &note,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, allocation))
    };
    let subject = format!("allocation:{id}:{approve}");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
