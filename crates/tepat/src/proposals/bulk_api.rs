//! JSON API for deciding many proposals at once at one's own step:
//! `POST /api/v1/proposals/approve` and `POST /api/v1/proposals/return`. Each item is
//! answered on its own (see `bulk.rs`); every POST carries an `Idempotency-Key`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::bulk::{self, BulkOutcome};
use super::service::Decision;
use crate::auth::{ApiCaller, Permission, Principal};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(approve_proposals))
        .routes(routes!(return_proposals))
}

/// Approvals of many proposals.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ApproveAidProposals)]
struct ApproveMany {
    /// The proposals, 1 to 500, each once.
    ids: Vec<i64>,
    /// Optional; 10 to 1,000 characters when given; the same for every item.
    #[serde(default)]
    note: String,
}

/// Approve many proposals at one's own step. Each is decided on its own, in its own
/// transaction and with its own event, exactly as one by one: an item that may not be
/// decided (`step`/`not-your-step`, `official`/`own-proposal`,
/// `official`/`conflict-of-interest`, `status`/`decided`, `quota`/`full`, or `id`/
/// `not-found` outside the caller's region) is answered with its refusal, and the others
/// are still approved. A bad list or note refuses the whole request and decides nothing.
/// Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/proposals/approve", tag = "proposals",
    request_body = ApproveMany,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "Each item decided or refused", body = BulkOutcome),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 422, description = "The list or the note refused; nothing decided", body = Problem)))]
async fn approve_proposals(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<ApproveMany>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideProposals)?;
    let ids = command.body.ids.clone();
    let note = command.body.note.clone();
    let decision = Decision::Approve;
    decide(state, caller, request_id, (decision, ids, note), command).await
}

/// Returns of many proposals.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReturnAidProposals)]
struct ReturnMany {
    /// The proposals, 1 to 500, each once.
    ids: Vec<i64>,
    /// Why; 10 to 1,000 characters; the same for every item.
    reason: String,
}

/// Return many proposals at one's own step with one reason; each returned one is closed.
/// Items are answered on their own as for approvals. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/proposals/return", tag = "proposals",
    request_body = ReturnMany,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "Each item decided or refused", body = BulkOutcome),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 422, description = "The list or the reason refused; nothing decided", body = Problem)))]
async fn return_proposals(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<ReturnMany>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideProposals)?;
    let ids = command.body.ids.clone();
    let reason = command.body.reason.clone();
    let decision = Decision::Return;
    decide(state, caller, request_id, (decision, ids, reason), command).await
}

async fn decide<T>(
    state: AppState,
    caller: Principal,
    request_id: RequestId,
    (decision, ids, note): (Decision, Vec<i64>, String),
    command: IdempotentJson<T>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let run = async {
        let outcome = bulk::decide_many(
            &state.db,
            &caller,
            &ids,
            decision,
            &note,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, outcome))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}
