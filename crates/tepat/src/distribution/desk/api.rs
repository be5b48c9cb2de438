//! JSON API of the check-in desk without a connection: the list a desk's device keeps, and
//! syncing its queue. The sync carries an `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{DeskList, Queue, Synced};
use super::service;
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(desk_list))
        .routes(routes!(sync_check_ins))
}

/// A hand-out's list for a check-in desk (village operators and district officers): each
/// invitation's slot, masked name, state and the salted SHA-256 of its code — never the
/// code — so a device can check typed codes without a connection.
#[utoipa::path(get, path = "/api/v1/distributions/{id}/desk", tag = "distributions",
    params(("id" = i64, Path, description = "Hand-out id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The list", body = DeskList),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such hand-out in the caller's region", body = Problem)))]
async fn desk_list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<DeskList>, AppError> {
    caller.require(Permission::CheckInRecipients)?;
    Ok(Json(
        service::list(&state.db, &caller, id, state.clock.now()).await?,
    ))
}

/// Sync a desk's queue of check-ins made without a connection: each code is checked in as
/// of its moment; one checked in before (here or at another desk) is `already`, one that
/// cannot be is `refused` with its field and reason. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/distributions/{id}/check-ins/sync", tag = "distributions",
    request_body = Queue,
    params(("id" = i64, Path, description = "Hand-out id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "What became of each", body = Synced),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such hand-out in the caller's region", body = Problem),
        (status = 422, description = "More than 5,000 in one queue", body = Problem)))]
async fn sync_check_ins(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<Queue>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::CheckInRecipients)?;
    let now = state.clock.now();
    let queue = command.body.clone();
    let run = async {
        let done = service::sync(&state.db, &caller, id, &queue, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, done))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
