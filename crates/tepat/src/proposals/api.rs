//! JSON API for proposals: list and open within the caller's region scope, propose, and
//! approve or return at one's step. Every POST carries an `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::Proposal;
use super::service::{self, Decision, ProposalInput};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState, RequestId, pagination};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_proposals, create_proposal))
        .routes(routes!(get_proposal))
        .routes(routes!(approve_proposal))
        .routes(routes!(return_proposal))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ProposalQuery {
    /// `pending`, `approved` or `returned`; all when absent.
    #[param(pattern = "^\\s*(pending|approved|returned)?\\s*$")]
    status: Option<String>,
    /// `enrol` or `remove`; both when absent. `change_data`: the registry change requests
    /// (`/api/v1/change-requests`) read as proposals, each with its own `url` and `api_url`
    /// (needs the registry's read permission too).
    #[param(pattern = "^\\s*(enrol|remove|change_data)?\\s*$")]
    kind: Option<String>,
    /// A programme code (`PKH`, `BLT_DD`, …); all when absent.
    #[param(pattern = "^\\s*[A-Za-z0-9_]{0,40}\\s*$")]
    programme: Option<String>,
    /// `true`: only proposals flagged for a conflict of interest.
    flagged: Option<bool>,
    /// Only proposals waiting at this level: `village`, `district`, `province`, `ministry`.
    #[param(pattern = "^\\s*(village|district|province|ministry)?\\s*$")]
    step: Option<String>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of proposals.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = AidProposalPage)]
struct ProposalPage {
    items: Vec<Proposal>,
    next_cursor: Option<String>,
}

/// Proposals inside the caller's region scope, newest first.
#[utoipa::path(get, path = "/api/v1/proposals", tag = "proposals", params(ProposalQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of proposals", body = ProposalPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_proposals(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<ProposalQuery>,
) -> Result<Json<ProposalPage>, AppError> {
    caller.require(Permission::ReadProposals)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let filter = service::filter(
        query.status.as_deref(),
        query.kind.as_deref(),
        query.programme.as_deref(),
        query.flagged,
        query.step.as_deref(),
    )?;
    let now = state.clock.now();
    let before = page.before_id();
    let rows = service::list(&state.db, &caller, &filter, before, page.limit + 1, now).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |p| p.id.to_string());
    Ok(Json(ProposalPage { items, next_cursor }))
}

/// A new proposal.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NewAidProposal)]
struct NewProposal {
    /// `enrol` (add to the programme) or `remove` (end the enrolment).
    kind: String,
    household_id: i64,
    /// The programme's code.
    programme: String,
    /// For a removal: `deceased`, `moved`, `not_poor`, `duplicate`, `civil_servant` or
    /// `other`.
    #[serde(default)]
    reason: String,
    /// Why, in the proposer's words: 10 to 1,000 characters.
    note: String,
    /// At most 3 files of 5 MB each, JPEG, PNG or PDF by content (the 1 MiB body limit
    /// applies); their SHA-256 are named in the proposal's event.
    #[serde(default)]
    evidence: Vec<crate::changes::api::EvidenceIn>,
}

/// Propose a household for a programme, or its removal. The proposer is recorded; links
/// between the proposer (or another official) and the household flag the proposal.
/// Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/proposals", tag = "proposals", request_body = NewProposal,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The proposal, at its first step", body = Proposal),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such household in the caller's region", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn create_proposal(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NewProposal>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::MakeProposals)?;
    let now = state.clock.now();
    let body = &command.body;
    let input = ProposalInput {
        kind: body.kind.clone(),
        household_id: body.household_id,
        programme: body.programme.clone(),
        reason: body.reason.clone(),
        note: body.note.clone(),
    };
    let run = async {
        let files = super::citizen::api::decode(&body.evidence)?;
        let request = request_id.0.clone();
        let proposal =
            service::propose_with_evidence(&state.db, &caller, &input, &files, request, now)
                .await?;
        Ok((StatusCode::CREATED, proposal))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

/// One proposal with its steps and conflict-of-interest flags.
#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "proposals",
    params(("id" = i64, Path, description = "Proposal id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The proposal", body = Proposal),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such proposal in the caller's region", body = Problem)))]
async fn get_proposal(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Proposal>, AppError> {
    caller.require(Permission::ReadProposals)?;
    let now = state.clock.now();
    Ok(Json(service::find(&state.db, &caller, id, now).await?))
}

/// An approval.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ApproveAidProposal)]
struct ApproveProposal {
    /// Optional; 10 to 1,000 characters when given.
    #[serde(default)]
    note: String,
}

/// Approve a proposal at one's own step: it goes up to the next level, or at the last one
/// the enrolment starts (within the region's quota) or ends. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/approve", tag = "proposals",
    request_body = ApproveProposal,
    params(("id" = i64, Path, description = "Proposal id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The proposal, approved at the step", body = Proposal),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such proposal in the caller's region", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn approve_proposal(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<ApproveProposal>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideProposals)?;
    let note = command.body.note.clone();
    decide(
        state,
        caller,
        request_id,
        id,
        Decision::Approve,
        note,
        command,
    )
    .await
}

/// A return.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReturnAidProposal)]
struct ReturnProposal {
    /// Why; 10 to 1,000 characters.
    reason: String,
}

/// Return a proposal at one's own step with a reason; it is closed. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/return", tag = "proposals",
    request_body = ReturnProposal,
    params(("id" = i64, Path, description = "Proposal id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The proposal, returned", body = Proposal),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such proposal in the caller's region", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn return_proposal(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<ReturnProposal>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideProposals)?;
    let reason = command.body.reason.clone();
    decide(
        state,
        caller,
        request_id,
        id,
        Decision::Return,
        reason,
        command,
    )
    .await
}

async fn decide<T>(
    state: AppState,
    caller: crate::auth::Principal,
    request_id: RequestId,
    id: i64,
    decision: Decision,
    note: String,
    command: IdempotentJson<T>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let run = async {
        let proposal = service::decide(
            &state.db,
            &caller,
            id,
            decision,
            &note,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, proposal))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
