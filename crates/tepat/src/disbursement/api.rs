//! JSON API for programme cycles: list, create from an approved allocation, read with its
//! skips and entitlements, compute, and approve as another official. Every POST carries an
//! `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{Cycle, Entitlement};
use super::payroll::{self, Payroll};
use super::service::{self, CycleInput};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

/// Entitlements listed with a cycle; the whole list goes to the bank files.
const ENTITLEMENTS_SHOWN_MAX: i64 = 200;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_cycles, create_cycle))
        .routes(routes!(get_cycle))
        .routes(routes!(compute_cycle))
        .routes(routes!(approve_cycle))
        .routes(routes!(submit_payroll))
        .routes(routes!(approve_payroll))
}

/// Cycles.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct CycleList {
    items: Vec<Cycle>,
}

/// Programme cycles of regions inside the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/cycles", tag = "disbursement",
    security(("bearer" = [])),
    responses((status = 200, description = "Cycles", body = CycleList),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_cycles(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<CycleList>, AppError> {
    caller.require(Permission::ReadBudgets)?;
    let items = service::list(&state.db, &caller).await?;
    Ok(Json(CycleList { items }))
}

/// A new cycle.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewCycle {
    /// An approved budget allocation in the caller's region; the cycle pays its
    /// programme in its region.
    allocation_id: i64,
    /// "PKH 2027 tahap 1": 3 to 100 characters.
    name: String,
    /// Months of the benefit this cycle pays: 1 to 12.
    months: i64,
}

/// Create a draft cycle. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/cycles", tag = "disbursement", request_body = NewCycle,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The draft cycle", body = Cycle),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn create_cycle(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NewCycle>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let input = CycleInput {
        allocation_id: command.body.allocation_id,
        name: command.body.name.clone(),
        months: command.body.months,
    };
    let run = async {
        let cycle = service::create(&state.db, &caller, &input, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, cycle))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

/// How many households a computation skipped for one reason.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct SkipCount {
    /// `head_deceased_no_adult`, `duplicate_undecided`, `suspended`, `objection_open` or
    /// `nothing_due`.
    reason: String,
    count: i64,
}

/// A cycle with its skips and its first entitlements.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct CycleDetail {
    cycle: Cycle,
    skips: Vec<SkipCount>,
    /// The first 200 entitlements inside the caller's scope, by household.
    entitlements: Vec<Entitlement>,
    /// Payrolls of regions inside the caller's scope.
    payrolls: Vec<Payroll>,
}

/// One cycle.
#[utoipa::path(get, path = "/api/v1/cycles/{id}", tag = "disbursement",
    params(("id" = i64, Path, description = "Cycle id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The cycle", body = CycleDetail),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such cycle in the caller's scope", body = Problem)))]
async fn get_cycle(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CycleDetail>, AppError> {
    caller.require(Permission::ReadBudgets)?;
    let cycle = service::find(&state.db, &caller, id).await?;
    let skips = super::store::skip_counts(&state.db, id)
        .await?
        .into_iter()
        .map(|(reason, count)| SkipCount { reason, count })
        .collect();
    let scope = caller.region.as_ref();
    let entitlements =
        super::store::entitlements(&state.db, id, scope, ENTITLEMENTS_SHOWN_MAX).await?;
    let payrolls = super::payroll::of_cycle(&state.db, &caller, id).await?;
    Ok(Json(CycleDetail {
        cycle,
        skips,
        entitlements,
        payrolls,
    }))
}

/// A command on a cycle: an empty JSON object.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct CycleCommand {}

/// Compute (or recompute, before approval) a cycle's entitlements from the registry as it
/// is now; an unchanged registry changes nothing. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/cycles/{id}/compute", tag = "disbursement",
    request_body = CycleCommand,
    params(("id" = i64, Path, description = "Cycle id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The computed cycle", body = Cycle),
        (status = 400, description = "Missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such cycle in the caller's scope", body = Problem),
        (status = 409, description = "Approved already", body = Problem)))]
async fn compute_cycle(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<CycleCommand>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let run = async {
        let cycle = service::compute(&state.db, &caller, id, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, cycle))
    };
    let subject = format!("cycle:{id}:compute");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// Approve a cycle computed by another official: its control amount moves from the
/// allocation to the cycle's envelope in the ledger. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/cycles/{id}/approve", tag = "disbursement",
    request_body = CycleCommand,
    params(("id" = i64, Path, description = "Cycle id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The approved cycle", body = Cycle),
        (status = 400, description = "Missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such cycle in the caller's scope", body = Problem),
        (status = 409, description = "Not computed, computed by the caller, empty, or more than the allocation has left", body = Problem)))]
async fn approve_cycle(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<CycleCommand>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let run = async {
        let cycle = service::approve(&state.db, &caller, id, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, cycle))
    };
    let subject = format!("cycle:{id}:approve");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// A new payroll.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewPayroll {
    /// A region inside the cycle's and the caller's: the payroll takes every entitlement
    /// there not yet in a payroll.
    region: String,
    /// `bank_transfer`, `e_wallet` or `e_voucher`.
    channel: String,
}

/// Submit a payroll of an approved cycle for a region and a channel; another official
/// approves it. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/cycles/{id}/payrolls", tag = "disbursement",
    request_body = NewPayroll,
    params(("id" = i64, Path, description = "Cycle id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The payroll, waiting for a checker", body = Payroll),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such cycle in the caller's scope", body = Problem),
        (status = 409, description = "The cycle is not approved, or nothing waits in the region", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn submit_payroll(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<NewPayroll>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let (region, channel) = (command.body.region.clone(), command.body.channel.clone());
    let run = async {
        let payroll = payroll::submit(
            &state.db,
            &caller,
            id,
            &region,
            &channel,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::CREATED, payroll))
    };
    let subject = format!("cycle:{id}:payroll");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// Approve a payroll submitted by another official: every entitlement in it is reserved by
/// a pending ledger transfer from the cycle's envelope, with the approval in the log.
/// Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/payrolls/{id}/approve", tag = "disbursement",
    request_body = CycleCommand,
    params(("id" = i64, Path, description = "Payroll id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The approved payroll", body = Payroll),
        (status = 400, description = "Missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such payroll in the caller's scope", body = Problem),
        (status = 409, description = "Approved already, submitted by the caller, or more than the envelope holds", body = Problem)))]
async fn approve_payroll(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<CycleCommand>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let run = async {
        let payroll = payroll::approve(&state.db, &caller, id, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, payroll))
    };
    let subject = format!("payroll:{id}:approve");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
