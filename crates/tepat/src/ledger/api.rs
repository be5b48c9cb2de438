//! JSON API of the ledger: a transfer with the proof that the transparency log commits to it.

use axum::Json;
use axum::extract::{Path, State};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::proof::{self, TransferProof};
use crate::auth::{ApiCaller, Permission};
use crate::http::{AppError, AppState};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_transfer))
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
