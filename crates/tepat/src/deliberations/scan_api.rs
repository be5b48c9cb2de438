//! JSON API of the signed minutes: the village's operator sends the scan of the signed
//! *berita acara* of a finalised deliberation as the request body (PDF, JPEG or PNG, at most
//! 10 MB), and officials of the region read it back. Sending the same file again answers
//! with what is stored; another file is refused, so the scan is never replaced.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::scan::{self, SCAN_BYTES_MAX, ScanInfo};
use crate::auth::{ApiCaller, Permission};
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_scan, get_scan))
        .layer(DefaultBodyLimit::max(SCAN_BYTES_MAX + 64 * 1024))
}

/// Attach the scan of the signed minutes to a finalised deliberation (the village's
/// operator): the body is the file itself, PDF, JPEG or PNG (known by its first bytes), at
/// most 10 MB. Its SHA-256 goes into the event `deliberation.scan_attached`. The same file
/// sent again is answered 200 with what is stored; another file is refused (`scan`/
/// `attached`).
#[utoipa::path(put, path = "/api/v1/deliberations/{id}/scan", tag = "deliberations",
    request_body(content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png")),
        description = "The scanned file"),
    params(("id" = i64, Path, description = "Deliberation id")),
    security(("bearer" = [])),
    responses((status = 201, description = "Attached", body = ScanInfo),
        (status = 200, description = "This same file was attached before", body = ScanInfo),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not a village operator", body = Problem),
        (status = 404, description = "No such deliberation in the caller's village", body = Problem),
        (status = 413, description = "Larger than 10 MB", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn put_scan(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideProposals)?;
    let now = state.clock.now();
    match scan::attach(&state.db, &caller, id, Some(&body), request_id.0, now).await {
        Ok(info) => Ok((StatusCode::CREATED, axum::Json(info)).into_response()),
        // A repeat of the stored file is the same command: answer with what is stored.
        Err(err) if is_attached(&err) => {
            let same = hex::encode(Sha256::digest(&body));
            match scan::info(&state.db, id).await? {
                Some(info) if info.sha256 == same => {
                    Ok((StatusCode::OK, axum::Json(info)).into_response())
                }
                _ => Err(err.into()),
            }
        }
        Err(err) => Err(err.into()),
    }
}

fn is_attached(err: &super::error::DeliberationError) -> bool {
    matches!(err, super::error::DeliberationError::Invalid(rule) if rule.rule == "attached")
}

/// The scan of the signed minutes, as uploaded (officials whose region covers the
/// village; it carries the attendees' names and signatures).
#[utoipa::path(get, path = "/api/v1/deliberations/{id}/scan", tag = "deliberations",
    params(("id" = i64, Path, description = "Deliberation id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No scan, or not in the caller's region", body = Problem)))]
async fn get_scan(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    caller.require(Permission::ReadProposals)?;
    let (kind, bytes) = scan::download(&state.db, &caller, id).await?;
    let name = scan::file_name(id, &kind);
    Ok(crate::http::upload::attachment(&name, kind, bytes))
}
