//! JSON API of the ledger: a transfer with the proof that the transparency log commits to it.

use axum::Json;
use axum::extract::{Path, State};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::proof::{self, TransferProof};
use super::trace::{self, Hop};
use crate::auth::{ApiCaller, Permission};
use crate::http::{AppError, AppState};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_transfer))
        .routes(routes!(trace_transfer))
}

/// A ledger transfer with its accounts, its leaf and its inclusion proof in the batch whose
/// Merkle root its event (and so its log entry) commits to.
#[utoipa::path(get, path = "/api/v1/ledger/transfers/{id}", tag = "ledger",
    params(("id" = String, Path, description = "Transfer id, such as `allocation:1`")),
    security(("bearer" = [])),
    responses((status = 200, description = "The transfer and its proof", body = TransferProof),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "No such transfer", body = Problem)))]
async fn get_transfer(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<TransferProof>, AppError> {
    caller.require(Permission::ReadBudgets)?;
    let found = proof::of_transfer(&state.db, &id).await?;
    found.map(Json).ok_or(AppError::NotFound)
}

/// The path of a transfer's money.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Trace {
    /// From the treasury that first paid it out to the transfer asked for.
    hops: Vec<Hop>,
}

/// Follow a rupiah: the path of the money a transfer moved, from the treasury through the
/// budget line, allocation, envelope and reservation to the payment, each hop with its
/// transfer, who caused it and its transparency-log index (its inclusion proof at
/// `GET /api/v1/ledger/transfers/{id}`).
#[utoipa::path(get, path = "/api/v1/ledger/transfers/{id}/trace", tag = "ledger",
    params(("id" = String, Path, description = "Transfer id, such as `payroll:1:entitlement:7:pay`")),
    security(("bearer" = [])),
    responses((status = 200, description = "The money's path", body = Trace),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "No such transfer", body = Problem)))]
async fn trace_transfer(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Trace>, AppError> {
    caller.require(Permission::ReadBudgets)?;
    let hops = trace::trace(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(Trace { hops }))
}
