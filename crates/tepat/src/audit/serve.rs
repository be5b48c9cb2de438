//! The log as c2sp.org/tlog-tiles publishes it, under `/log/`: the latest checkpoint, the
//! verifier key, hash tiles and entry bundles. No login: the log is public.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::proofs::{self, ReadError, RequestError};
use crate::field::FieldError;
use crate::http::AppError;
use crate::http::AppState;
use crate::http::routes::RouteBook;

/// Full tiles never change: caches may keep them for a year.
const FULL_TILE_CACHE: &str = "public, max-age=31536000, immutable";
/// A partial tile at a given width never changes either, but is replaced by wider ones;
/// a short lifetime lets clients find the wider ones soon.
const PARTIAL_TILE_CACHE: &str = "public, max-age=60";

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/log/checkpoint", checkpoint)
        .get("/log/key", key)
        .get("/log/tile/{*path}", tile)
}

/// The latest signed checkpoint with the witness cosignatures it has collected.
async fn checkpoint(State(state): State<AppState>) -> Result<Response, AppError> {
    let mut conn = state.db.pool.acquire().await.map_err(anyhow::Error::from)?;
    let (_, note) = super::store::latest_checkpoint(&mut conn)
        .await?
        .ok_or(AppError::Unavailable)?;
    Ok(text(note, "no-cache"))
}

/// The log's verifier key, `origin+keyid+base64`.
async fn key(State(state): State<AppState>) -> Result<Response, AppError> {
    let log = state
        .part::<std::sync::Arc<super::Log>>()
        .ok_or(AppError::Unavailable)?;
    Ok(text(
        format!("{}\n", log.verifier()),
        "public, max-age=3600",
    ))
}

fn text(body: String, cache: &'static str) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

/// A hash tile `tile/<L>/<N>[.p/<W>]` or an entry bundle `tile/entries/<N>[.p/<W>]`.
async fn tile(
    State(state): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, AppError> {
    let full_path = format!("tile/{path}");
    let (tile, bytes) = proofs::tile(&state.db, &full_path)
        .await
        .map_err(read_error)?
        .ok_or(AppError::NotFound)?;
    let cache = if tile.is_full() {
        FULL_TILE_CACHE
    } else {
        PARTIAL_TILE_CACHE
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

/// Renders a refused log request: 400 naming the parameter, 404 for a tile beyond the tree.
pub fn read_error(err: ReadError) -> AppError {
    match err {
        ReadError::Request(err @ RequestError::TileBeyond(_)) => {
            AppError::Rejected(StatusCode::NOT_FOUND, err.to_string())
        }
        ReadError::Request(err) => {
            let message = err.to_string();
            let message_id = match &err {
                RequestError::BadTilePath(_) => format!("alamat tile tidak sah: {message}"),
                _ => format!("di luar log: {message}"),
            };
            let field = FieldError::new(err.parameter(), "range", &message, &message_id);
            match err {
                // A tile path that is not one is malformed; a number beyond the log is a
                // well-formed request that breaks a rule.
                RequestError::BadTilePath(_) => AppError::BadRequest(field),
                _ => AppError::invalid(field),
            }
        }
        ReadError::Store(err) => err.into(),
        ReadError::Tree(err) => AppError::Internal(err.into()),
    }
}
