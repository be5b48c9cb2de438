//! JSON API for change requests: propose (with evidence as base64), list, read, approve,
//! return, and send a returned one again after correcting it. Handlers read the request, call one service function and answer; a
//! `ChangeError` becomes a problem document here.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::evidence::Evidence;
use super::model::{ChangeRequest, ChangeRequestId, ChangeStatus, Decision, Proposal};
use super::service::{self, Correction, NewProposal};
use super::store::ListFilter;
use crate::auth::{ApiCaller, Principal};
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::idempotency::{self, IdempotentJson};
use crate::http::json::ApiQuery;
use crate::http::{AppError, FieldError, pagination};
use crate::registry::store::HouseholdId;

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(propose))
        .routes(routes!(list))
        .routes(routes!(get_one))
        .routes(routes!(approve))
        .routes(routes!(return_request))
        .routes(routes!(resend))
}

/// An evidence file inside a JSON request.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct EvidenceIn {
    pub file_name: String,
    /// The file's bytes, base64 (standard alphabet). JPEG, PNG or PDF.
    pub content_base64: String,
}

/// A proposed change with its reason.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct NewChangeRequest {
    pub proposal: Proposal,
    /// Why, in at least 5 characters.
    pub reason: String,
    #[serde(default)]
    pub evidence: Vec<EvidenceIn>,
}

/// A decision's note (required when returning).
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct DecisionIn {
    #[serde(default)]
    pub note: String,
}

/// Reads base64 evidence; a file that does not decode is named by its index.
fn decode_evidence(files: &[EvidenceIn]) -> Result<Vec<Evidence>, AppError> {
    let mut evidence = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let content = base64::engine::general_purpose::STANDARD
            .decode(file.content_base64.trim())
            .map_err(|_| {
                AppError::Invalid(vec![FieldError::new(
                    &format!("evidence[{index}].content_base64"),
                    "base64",
                    "is not valid base64",
                    "bukan base64 yang sah",
                )])
            })?;
        evidence.push(Evidence {
            file_name: file.file_name.clone(),
            content,
        });
    }
    Ok(evidence)
}

/// Propose a change to a household (village operators of its village). It is checked at
/// once with the registry's rules and waits for a district officer's decision. Requires
/// an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/households/{id}/change-requests", tag = "registry",
    params(("id" = i64, Path, description = "Household id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    request_body = NewChangeRequest, security(("bearer" = [])),
    responses((status = 201, description = "Proposed", body = ChangeRequest),
        (status = 403, description = "Not allowed, or household outside scope", body = Problem),
        (status = 404, description = "No such household", body = Problem),
        (status = 409, description = "A number is held by another record", body = Problem),
        (status = 422, description = "A field failed its rule", body = Problem)))]
async fn propose(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<NewChangeRequest>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let run = async {
        let body = &command.body;
        let evidence = decode_evidence(&body.evidence)?;
        let new = NewProposal {
            household_id: HouseholdId(id),
            proposal: &body.proposal,
            reason: &body.reason,
            evidence: &evidence,
        };
        let request = service::propose(&state.db, &caller, new, request_id.0.clone(), now).await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(request).map_err(anyhow::Error::from)?,
        ))
    };
    let key = idempotency::caller_key(&caller.actor);
    idempotency::run(
        &state.db,
        &key,
        &command.key,
        &command.request_hash,
        now,
        run,
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// `diajukan`, `disetujui` or `dikembalikan`.
    #[param(pattern = "^(diajukan|disetujui|dikembalikan)?$")]
    status: Option<String>,
    household_id: Option<i64>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of change requests.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ChangeRequestPage {
    items: Vec<ChangeRequest>,
    next_cursor: Option<String>,
}

/// Reads the `status` filter: empty, or one of the three states.
fn status_filter(text: Option<&str>) -> Result<Option<ChangeStatus>, AppError> {
    match text.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(text) => ChangeStatus::parse(text).map(Some).ok_or_else(|| {
            AppError::BadRequest(FieldError::new(
                "status",
                "one-of",
                "must be diajukan, disetujui or dikembalikan",
                "harus diajukan, disetujui atau dikembalikan",
            ))
        }),
    }
}

/// Change requests in the caller's region, newest first.
#[utoipa::path(get, path = "/api/v1/change-requests", tag = "registry", params(ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of requests", body = ChangeRequestPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 403, description = "Not allowed", body = Problem)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<ChangeRequestPage>, AppError> {
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let filter = ListFilter {
        status: status_filter(query.status.as_deref())?,
        household_id: query.household_id.map(HouseholdId),
        before: page
            .after
            .as_deref()
            .and_then(|a| a.parse().ok())
            .map(ChangeRequestId),
    };
    let limit = i64::from(page.limit) + 1;
    let rows = service::list(&state.db, &caller, &filter, limit).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |r| r.id.to_string());
    Ok(Json(ChangeRequestPage { items, next_cursor }))
}

/// One change request with its evidence list and decision.
#[utoipa::path(get, path = "/api/v1/change-requests/{id}", tag = "registry",
    params(("id" = i64, Path, description = "Request id")), security(("bearer" = [])),
    responses((status = 200, description = "The request", body = ChangeRequest),
        (status = 403, description = "Outside the caller's region", body = Problem),
        (status = 404, description = "No such request", body = Problem)))]
async fn get_one(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ChangeRequest>, AppError> {
    let request = service::find(&state.db, &caller, ChangeRequestId(id)).await?;
    Ok(Json(request))
}

async fn decide(
    state: AppState,
    caller: Principal,
    request_id: RequestId,
    id: i64,
    decision: Decision,
    command: IdempotentJson<DecisionIn>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let run = async {
        let id = ChangeRequestId(id);
        let note = &command.body.note;
        let request_id = request_id.0.clone();
        let request =
            service::decide(&state.db, &caller, id, decision, note, request_id, now).await?;
        Ok((
            StatusCode::OK,
            serde_json::to_value(request).map_err(anyhow::Error::from)?,
        ))
    };
    let key = idempotency::caller_key(&caller.actor);
    idempotency::run(
        &state.db,
        &key,
        &command.key,
        &command.request_hash,
        now,
        run,
    )
    .await
}

/// Approve a proposed change (district officers; not its proposer): the change is written
/// as new versions that name the request and its proposer. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/change-requests/{id}/approve", tag = "registry",
    params(("id" = i64, Path, description = "Request id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    request_body = DecisionIn, security(("bearer" = [])),
    responses((status = 200, description = "Approved and written", body = ChangeRequest),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "Already decided, or the decider proposed it", body = Problem),
        (status = 422, description = "The household changed and the proposal no longer holds", body = Problem)))]
async fn approve(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<DecisionIn>,
) -> Result<Response, AppError> {
    decide(state, caller, request_id, id, Decision::Approve, command).await
}

/// Return a proposed change to its proposer with a note saying why.
#[utoipa::path(post, path = "/api/v1/change-requests/{id}/return", tag = "registry",
    params(("id" = i64, Path, description = "Request id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    request_body = DecisionIn, security(("bearer" = [])),
    responses((status = 200, description = "Returned", body = ChangeRequest),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "Already decided", body = Problem),
        (status = 422, description = "The note is missing", body = Problem)))]
async fn return_request(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<DecisionIn>,
) -> Result<Response, AppError> {
    decide(state, caller, request_id, id, Decision::Return, command).await
}

/// Send a returned request again after correcting it (village operators of its village):
/// the proposal keeps its kind, is checked again against the household as it is now, and
/// goes back to the district officer's queue. `evidence` adds files to those the request
/// has (3 in all). Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/change-requests/{id}/resend", tag = "registry",
    params(("id" = i64, Path, description = "Request id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    request_body = NewChangeRequest, security(("bearer" = [])),
    responses((status = 200, description = "Sent again, waiting for a decision", body = ChangeRequest),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such request, or outside the caller's village", body = Problem),
        (status = 409, description = "The request is not returned, or a number is held by another record", body = Problem),
        (status = 422, description = "A field failed its rule, or the kind of change differs", body = Problem)))]
async fn resend(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<NewChangeRequest>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let run = async {
        let body = &command.body;
        let evidence = decode_evidence(&body.evidence)?;
        let correction = Correction {
            proposal: &body.proposal,
            reason: &body.reason,
            evidence: &evidence,
        };
        let id = ChangeRequestId(id);
        let request_id = request_id.0.clone();
        let request = service::resend(&state.db, &caller, id, correction, request_id, now).await?;
        Ok((
            StatusCode::OK,
            serde_json::to_value(request).map_err(anyhow::Error::from)?,
        ))
    };
    let key = idempotency::caller_key(&caller.actor);
    idempotency::run(
        &state.db,
        &key,
        &command.key,
        &command.request_hash,
        now,
        run,
    )
    .await
}
