//! JSON API for enrolment: preparing a batch, reading it with its lines, approving or
//! rejecting it, putting one household forward, and a household's enrolments.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{Batch, BatchLine, Enrolment};
use super::service;
use super::store::batches;
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, FieldError, RequestId};

type Problem = crate::http::Problem;

/// Lines returned at most per request.
const LINES_MAX: i64 = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(prepare_batch))
        .routes(routes!(get_batch))
        .routes(routes!(approve_batch))
        .routes(routes!(reject_batch))
        .routes(routes!(put_forward))
        .routes(routes!(household_enrolments))
}

/// Where to apply the rule.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PrepareBatch {
    /// A region inside the caller's (e.g. `31.75`); absent or empty: the caller's whole
    /// region (the country for the ministry).
    #[serde(default)]
    region: Option<String>,
}

/// Apply the programme's published rule to the active households of a region: the
/// eligible not yet enrolled, poorest first, cut at what each quota leaves; the rest wait
/// in order; households held by an undecided duplicate pair, with a deceased head or no
/// living member, or enrolled in an excluded programme are listed as held and never
/// enrolled. The batch waits for approval by another official. Undecided batches of the
/// same programme and region are superseded. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/programmes/{code}/enrolment-batches", tag = "enrolment",
    request_body = PrepareBatch,
    params(("code" = String, Path, description = "Programme code, e.g. PKH"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The batch, waiting for approval", body = Batch),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such programme", body = Problem),
        (status = 422, description = "A region outside the caller's, or a programme the caller may not prepare", body = Problem)))]
async fn prepare_batch(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(code): Path<String>,
    command: IdempotentJson<PrepareBatch>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::PrepareEnrolment)?;
    let now = state.clock.now();
    let run = async {
        let batch = service::prepare(
            &state.db,
            &caller,
            &code,
            command.body.region.as_deref(),
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::CREATED, batch))
    };
    command
        .once(&state.db, &caller.actor, Some(&code), now, run)
        .await
}

/// The outcome of the lines to return.
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum OutcomeParam {
    Selected,
    Waiting,
    Held,
}

/// Which lines to return.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LinesQuery {
    /// `selected` (default), `waiting` or `held`.
    #[param(inline)]
    outcome: Option<OutcomeParam>,
    /// Lines to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
    /// At most this many lines (default 100, at most 1,000).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
}

/// A batch and some of its lines.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct BatchDetail {
    #[serde(flatten)]
    batch: Batch,
    /// Lines with the asked outcome inside the caller's region, in position order.
    lines: Vec<BatchLine>,
}

/// A batch with its lines of one outcome (inside the caller's region), in position order.
#[utoipa::path(get, path = "/api/v1/enrolment-batches/{id}", tag = "enrolment",
    params(("id" = i64, Path, description = "Batch id"), LinesQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The batch", body = BatchDetail),
        (status = 400, description = "A bad outcome, offset or limit", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such batch, or outside the caller's region", body = Problem)))]
async fn get_batch(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Query(query): Query<LinesQuery>,
) -> Result<Json<BatchDetail>, AppError> {
    caller.require(Permission::ReadEnrolments)?;
    let outcome = match query.outcome.unwrap_or(OutcomeParam::Selected) {
        OutcomeParam::Selected => "selected",
        OutcomeParam::Waiting => "waiting",
        OutcomeParam::Held => "held",
    };
    let offset = query.offset.unwrap_or(0);
    let limit = query.limit.unwrap_or(100);
    if offset < 0 || !(1..=LINES_MAX).contains(&limit) {
        return Err(AppError::BadRequest(FieldError::new(
            "limit",
            "range",
            "offset must be 0 or more and limit 1 to 1000",
            "offset minimal 0 dan limit 1 sampai 1000",
        )));
    }
    let batch = service::find_batch(&state.db, &caller, id).await?;
    let lines = batches::lines(
        &state.db,
        id,
        outcome,
        caller.region.as_ref(),
        offset,
        limit,
    )
    .await?;
    Ok(Json(BatchDetail { batch, lines }))
}

/// An approval.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ApproveBatch {
    /// An optional note, kept with the decision.
    #[serde(default)]
    note: String,
}

/// Approve a waiting batch by name: its selected households are enrolled (except any held
/// or enrolled since it was prepared). Refused when the caller prepared it, when the
/// batch's region lies outside the caller's, when the caller's role is below the
/// programme's approver, or when enrolments or the rule changed since it was prepared
/// (`stale`: prepare it again). Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/enrolment-batches/{id}/approve", tag = "enrolment",
    request_body = ApproveBatch,
    params(("id" = i64, Path, description = "Batch id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The batch, approved", body = Batch),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such batch", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn approve_batch(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<ApproveBatch>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ApproveEnrolment)?;
    let now = state.clock.now();
    let run = async {
        let batch = service::approve(
            &state.db,
            &caller,
            id,
            &command.body.note,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, batch))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// A rejection.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RejectBatch {
    /// Why; at least 10 characters.
    reason: String,
}

/// Reject a waiting batch with a reason; nobody is enrolled. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/enrolment-batches/{id}/reject", tag = "enrolment",
    request_body = RejectBatch,
    params(("id" = i64, Path, description = "Batch id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The batch, rejected", body = Batch),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such batch", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn reject_batch(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<RejectBatch>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ApproveEnrolment)?;
    let now = state.clock.now();
    let run = async {
        let batch = service::reject(
            &state.db,
            &caller,
            id,
            &command.body.reason,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, batch))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// One household to put forward.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PutForward {
    household_id: i64,
    /// Why the official puts it forward; at least 10 characters.
    reason: String,
}

/// Put forward one household that the rule or the quota left out, by name and with a
/// reason (UU PDP Pasal 10: no decision by automated processing alone); it is enrolled and
/// counted as an override. Refused for a household held (a member in an undecided
/// duplicate pair, a deceased head, no living member), already enrolled, or enrolled in a
/// programme this one excludes. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/programmes/{code}/enrolments", tag = "enrolment",
    request_body = PutForward,
    params(("code" = String, Path, description = "Programme code"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The enrolment", body = Enrolment),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such programme or household in the caller's region", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn put_forward(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(code): Path<String>,
    command: IdempotentJson<PutForward>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::OverrideEnrolment)?;
    let now = state.clock.now();
    let run = async {
        let enrolment = service::put_forward(
            &state.db,
            &caller,
            &code,
            command.body.household_id,
            &command.body.reason,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::CREATED, enrolment))
    };
    command
        .once(&state.db, &caller.actor, Some(&code), now, run)
        .await
}

/// A household's enrolments.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct EnrolmentList {
    items: Vec<Enrolment>,
}

/// Every enrolment of a household, newest first (active and ended).
#[utoipa::path(get, path = "/api/v1/households/{id}/enrolments", tag = "enrolment",
    params(("id" = i64, Path, description = "Household id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The enrolments", body = EnrolmentList),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such household in the caller's region", body = Problem)))]
async fn household_enrolments(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<EnrolmentList>, AppError> {
    caller.require(Permission::ReadEnrolments)?;
    let items = service::of_household(&state.db, &caller, id).await?;
    Ok(Json(EnrolmentList { items }))
}
