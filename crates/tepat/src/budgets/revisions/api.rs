//! JSON API for budget revisions: proposing one, listing a line's, and deciding one as
//! another official. Every POST carries an `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{BudgetRevision, RevisionInput};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_revisions, propose_revision))
        .routes(routes!(approve_revision))
        .routes(routes!(reject_revision))
}

/// A budget line's revisions.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct BudgetRevisionList {
    /// Newest first.
    items: Vec<BudgetRevision>,
}

/// The revisions of a budget line, every version kept, newest first.
#[utoipa::path(get, path = "/api/v1/budgets/{id}/revisions", tag = "budgets",
    params(("id" = i64, Path, description = "Budget line id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The revisions", body = BudgetRevisionList),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "No such line in the caller's scope", body = Problem)))]
async fn list_revisions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<BudgetRevisionList>, AppError> {
    caller.require(Permission::ReadBudgets)?;
    let items = super::list(&state.db, &caller, id).await?;
    Ok(Json(BudgetRevisionList { items }))
}

/// A proposed revision.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewBudgetRevision {
    /// The new amount, rupiah: positive, not below what the line has committed.
    amount: i64,
    /// The new purpose, 5 to 500 characters; left out, the line's stays.
    #[serde(default)]
    purpose: String,
    /// Why: 10 to 1,000 characters.
    reason: String,
}

/// Propose a revision of a budget line; another official approves it. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/budgets/{id}/revisions", tag = "budgets",
    request_body = NewBudgetRevision,
    params(("id" = i64, Path, description = "Budget line id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The revision, waiting for a checker", body = BudgetRevision),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such line the caller may revise", body = Problem),
        (status = 409, description = "Below what the line has committed; the figure is stated", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn propose_revision(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<NewBudgetRevision>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageBudgets)?;
    let now = state.clock.now();
    let body = &command.body;
    let input = RevisionInput {
        amount: body.amount,
        purpose: body.purpose.clone(),
        reason: body.reason.clone(),
    };
    let run = async {
        let revision =
            super::propose(&state.db, &caller, id, &input, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, revision))
    };
    let subject = format!("budget:{id}:revision");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// A checker's decision on a revision.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RevisionDecision {
    /// Optional for an approval, required for a rejection: 5 to 1,000 characters.
    #[serde(default)]
    note: String,
}

/// Approve a revision proposed by another official: the difference moves between the
/// treasury and the line (a ledger transfer, in the log). Requires an `Idempotency-Key`
/// header.
#[utoipa::path(post, path = "/api/v1/budget-revisions/{id}/approve", tag = "budgets",
    request_body = RevisionDecision,
    params(("id" = i64, Path, description = "Revision id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The approved revision", body = BudgetRevision),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such revision the caller may decide", body = Problem),
        (status = 409, description = "Decided already, proposed by the caller, or below what the line has committed", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn approve_revision(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<RevisionDecision>,
) -> Result<Response, AppError> {
    decide(state, caller, request_id, id, true, command).await
}

/// Reject a revision proposed by another official, with a note. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/budget-revisions/{id}/reject", tag = "budgets",
    request_body = RevisionDecision,
    params(("id" = i64, Path, description = "Revision id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The rejected revision", body = BudgetRevision),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such revision the caller may decide", body = Problem),
        (status = 409, description = "Decided already, or proposed by the caller", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn reject_revision(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<RevisionDecision>,
) -> Result<Response, AppError> {
    decide(state, caller, request_id, id, false, command).await
}

async fn decide(
    state: AppState,
    caller: crate::auth::Principal,
    request_id: RequestId,
    id: i64,
    approve: bool,
    command: IdempotentJson<RevisionDecision>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageBudgets)?;
    let now = state.clock.now();
    let note = command.body.note.clone();
    let run = async {
        let revision = super::decide(
            &state.db,
            &caller,
            id,
            approve,
            &note,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, revision))
    };
    let subject = format!("revision:{id}:{approve}");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
