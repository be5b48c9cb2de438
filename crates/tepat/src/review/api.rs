//! JSON API for review flags: the flags in the caller's region scope, and clearing one with
//! a note.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::service;
use super::store::ReviewFlag;
use crate::auth::ApiCaller;
use crate::auth::Permission;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::idempotency::IdempotentJson;
use crate::http::json::ApiQuery;
use crate::http::{AppError, pagination};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_flags))
        .routes(routes!(clear_flag))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct FlagQuery {
    /// `open` or `cleared`; both when absent.
    #[param(pattern = "^\\s*(open|cleared)?\\s*$")]
    status: Option<String>,
    /// `person`, `household`, …; all when absent.
    #[param(pattern = "^\\s*[a-z_]{0,40}\\s*$")]
    subject_type: Option<String>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of review flags.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct FlagPage {
    items: Vec<ReviewFlag>,
    next_cursor: Option<String>,
}

/// Review flags inside the caller's region scope, newest first.
#[utoipa::path(get, path = "/api/v1/review-flags", tag = "review", params(FlagQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of review flags", body = FlagPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_flags(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<FlagQuery>,
) -> Result<Json<FlagPage>, AppError> {
    caller.require(Permission::ReadReviewFlags)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let filter = service::filter(query.status.as_deref(), query.subject_type.as_deref())?;
    let before = page.before_id();
    let rows = service::list(&state.db, &caller, &filter, before, page.limit + 1).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |f| f.id.to_string());
    Ok(Json(FlagPage { items, next_cursor }))
}

/// Why a flag is cleared.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
struct ClearFlag {
    /// What was checked and decided; required, at most 1,000 characters.
    note: String,
}

/// Clear a review flag with a note; who and when are recorded. Clearing a cleared flag
/// changes nothing. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/review-flags/{id}/clear", tag = "review",
    request_body = ClearFlag,
    params(("id" = i64, Path, description = "Flag id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The flag, cleared", body = ReviewFlag),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed or outside scope", body = Problem),
        (status = 404, description = "No such flag", body = Problem),
        (status = 422, description = "The note is missing or too long", body = Problem)))]
async fn clear_flag(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<ClearFlag>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ClearReviewFlags)?;
    let now = state.clock.now();
    let clear = async {
        let flag = service::clear(
            &state.db,
            &caller,
            id,
            &command.body.note,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, flag))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, clear)
        .await
}
