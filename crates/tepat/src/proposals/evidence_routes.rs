//! Reading a proposal's evidence file back: for officials who may open the proposal (its
//! region in their scope), on a page and in the API.

use axum::extract::{Path, State};
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ProposalError;
use super::{service, store};
use crate::auth::{ApiCaller, Permission, Principal, SignedIn};
use crate::db::Db;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};

type Problem = crate::http::Problem;

pub fn pages() -> RouteBook {
    RouteBook::new().get("/usulan-bansos/{id}/bukti/{evidence_id}", page_file)
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(proposal_evidence_file))
}

/// One file of a proposal inside the caller's scope: (bytes, content type).
pub async fn file(
    db: &Db,
    caller: &Principal,
    id: i64,
    evidence_id: i64,
    now: time::OffsetDateTime,
) -> Result<(Vec<u8>, String), ProposalError> {
    service::find(db, caller, id, now).await?;
    store::evidence_file(db, id, evidence_id)
        .await?
        .ok_or(ProposalError::NotFound)
}

fn download(evidence_id: i64, (bytes, kind): (Vec<u8>, String)) -> Response {
    let extension = match kind.as_str() {
        "image/png" => "png",
        "application/pdf" => "pdf",
        _ => "jpg",
    };
    let name = format!("bukti-{evidence_id}.{extension}");
    crate::http::upload::attachment(&name, kind, bytes)
}

async fn page_file(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((id, evidence_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let found = file(&state.db, &me, id, evidence_id, state.clock.now()).await?;
    Ok(download(evidence_id, found))
}

/// One evidence file of a proposal, as sent (JPEG, PNG or PDF).
#[utoipa::path(get, path = "/api/v1/proposals/{id}/evidence/{evidence_id}", tag = "proposals",
    params(("id" = i64, Path, description = "Proposal id"),
        ("evidence_id" = i64, Path, description = "Evidence file id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such file on a proposal in the caller's region", body = Problem)))]
async fn proposal_evidence_file(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, evidence_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    caller.require(Permission::ReadProposals)?;
    let found = file(&state.db, &caller, id, evidence_id, state.clock.now()).await?;
    Ok(download(evidence_id, found))
}
