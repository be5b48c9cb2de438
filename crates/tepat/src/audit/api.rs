//! JSON API of the transparency log: entries, inclusion and consistency proofs, and witness
//! cosignatures. No login: the log is public.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use tlog::{Hash, leaf_hash};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::proofs;
use super::serve::read_error;
use super::witness::{self, CosignError};
use crate::http::AppState;
use crate::http::json::ApiQuery;
use crate::http::{AppError, FieldError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_entry))
        .routes(routes!(inclusion_proof))
        .routes(routes!(consistency_proof))
        .routes(routes!(add_cosignature))
}

/// One log entry.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct EntryView {
    index: u64,
    /// The entry exactly as logged (canonical JSON; its leaf hash is over these bytes).
    entry: String,
    /// Base64 RFC 9162 leaf hash of the entry.
    leaf_hash: String,
    /// Size of the latest signed checkpoint, for asking the inclusion proof.
    tree_size: u64,
}

/// A proof: base64 hashes in RFC 9162 order.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ProofView {
    hashes: Vec<String>,
}

fn proof_view(hashes: Vec<Hash>) -> Json<ProofView> {
    Json(ProofView {
        hashes: hashes.iter().map(Hash::to_base64).collect(),
    })
}

fn bad_number(field: &str, text: &str) -> AppError {
    let message = format!("must be a non-negative integer, got {text:?}");
    let message_id = format!("harus bilangan bulat tidak negatif, bukan {text:?}");
    AppError::BadRequest(FieldError::new(field, "format", &message, &message_id))
}

/// The log entry at `index`.
#[utoipa::path(get, path = "/api/v1/log/entries/{index}", tag = "log",
    params(("index" = u64, Path, description = "Entry index, from 0")),
    responses((status = 200, description = "The entry", body = EntryView),
        (status = 400, description = "Malformed index", body = crate::http::Problem),
        (status = 404, description = "No entry at this index yet", body = crate::http::Problem)))]
async fn get_entry(
    State(state): State<AppState>,
    Path(index): Path<String>,
) -> Result<Json<EntryView>, AppError> {
    let index: u64 = index.parse().map_err(|_| bad_number("index", &index))?;
    let tree_size = proofs::published_size(&state.db).await?;
    if index >= tree_size {
        return Err(AppError::NotFound);
    }
    let mut conn = state.db.pool.acquire().await.map_err(anyhow::Error::from)?;
    let rows = super::store::entries(&mut conn, index, index + 1).await?;
    let (_, _, entry) = rows.into_iter().next().ok_or(AppError::NotFound)?;
    Ok(Json(EntryView {
        index,
        leaf_hash: leaf_hash(&entry).to_base64(),
        entry: String::from_utf8_lossy(&entry).into_owned(),
        tree_size,
    }))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct InclusionQuery {
    /// Entry index.
    index: u64,
    /// Tree size the proof is for; the latest checkpoint's when absent.
    size: Option<u64>,
}

/// Proof that entry `index` is in the tree of `size` entries.
#[utoipa::path(get, path = "/api/v1/log/proof/inclusion", tag = "log", params(InclusionQuery),
    responses((status = 200, description = "The inclusion proof", body = ProofView),
        (status = 400, description = "Index or size malformed", body = crate::http::Problem),
        (status = 422, description = "Index or size beyond the log", body = crate::http::Problem)))]
async fn inclusion_proof(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<InclusionQuery>,
) -> Result<Json<ProofView>, AppError> {
    let size = match query.size {
        Some(size) => size,
        None => proofs::published_size(&state.db).await?,
    };
    let hashes = proofs::inclusion(&state.db, query.index, size)
        .await
        .map_err(read_error)?;
    Ok(proof_view(hashes))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ConsistencyQuery {
    /// The older tree size (at least 1).
    from: u64,
    /// The newer tree size.
    to: u64,
}

/// Proof that the tree of `from` entries is a prefix of the tree of `to` entries.
#[utoipa::path(get, path = "/api/v1/log/proof/consistency", tag = "log", params(ConsistencyQuery),
    responses((status = 200, description = "The consistency proof", body = ProofView),
        (status = 400, description = "Sizes malformed", body = crate::http::Problem),
        (status = 422, description = "Sizes out of order or beyond the log", body = crate::http::Problem)))]
async fn consistency_proof(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ConsistencyQuery>,
) -> Result<Json<ProofView>, AppError> {
    let hashes = proofs::consistency(&state.db, query.from, query.to)
        .await
        .map_err(read_error)?;
    Ok(proof_view(hashes))
}

/// Checkpoint cosigned by witnesses.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Cosigned {
    size: u64,
    witnesses: Vec<String>,
}

/// A witness's cosignature (c2sp.org/tlog-cosignature), as plain text: one signature line
/// for the latest checkpoint, or the checkpoint note with the witness's signature lines.
#[utoipa::path(post, path = "/api/v1/log/cosignatures", tag = "log",
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, description = "Cosignature added to the checkpoint", body = Cosigned),
        (status = 422, description = "Malformed, unverifiable or from an unknown witness", body = crate::http::Problem)))]
async fn add_cosignature(
    State(state): State<AppState>,
    body: String,
) -> Result<(StatusCode, Json<Cosigned>), AppError> {
    let log = state
        .part::<std::sync::Arc<super::Log>>()
        .ok_or(AppError::Unavailable)?;
    let now = state.clock.now();
    match witness::add_cosignature(&state.db, log, &body, now).await {
        Ok((size, witnesses)) => Ok((StatusCode::OK, Json(Cosigned { size, witnesses }))),
        Err(CosignError::Store(err)) => Err(err.into()),
        Err(err) => {
            let message = err.to_string();
            let message_id = format!("kosignatur ditolak: {message}");
            Err(AppError::invalid(FieldError::new(
                "body",
                err.rule(),
                &message,
                &message_id,
            )))
        }
    }
}
