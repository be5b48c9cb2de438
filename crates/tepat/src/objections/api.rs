//! JSON API for objections: officials list and open them within their region scope and
//! verify them at their level; anyone follows one by its tracking code.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{Objection, ObjectionStatus};
use super::service::{self, Verdict};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState, RequestId, pagination};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_objections))
        .routes(routes!(get_objection))
        .routes(routes!(verify_objection))
        .routes(routes!(objection_status))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ObjectionQuery {
    /// `open`, `escalated`, `founded` or `unfounded`; all when absent.
    #[param(pattern = "^\\s*(open|escalated|founded|unfounded)?\\s*$")]
    status: Option<String>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of objections.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ObjectionPage {
    items: Vec<Objection>,
    next_cursor: Option<String>,
}

/// Objections to recipients inside the caller's region scope, newest first. The objector
/// is shown only to the officer of the verifying level.
#[utoipa::path(get, path = "/api/v1/objections", tag = "objections", params(ObjectionQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of objections", body = ObjectionPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_objections(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<ObjectionQuery>,
) -> Result<Json<ObjectionPage>, AppError> {
    caller.require(Permission::ReadProposals)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let status = service::status_filter(query.status.as_deref())?;
    let now = state.clock.now();
    let before = page.before_id();
    let rows = service::list(&state.db, &caller, &status, before, page.limit + 1, now).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |o| o.id.to_string());
    Ok(Json(ObjectionPage { items, next_cursor }))
}

/// One objection.
#[utoipa::path(get, path = "/api/v1/objections/{id}", tag = "objections",
    params(("id" = i64, Path, description = "Objection id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The objection", body = Objection),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such objection in the caller's region", body = Problem)))]
async fn get_objection(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Objection>, AppError> {
    caller.require(Permission::ReadProposals)?;
    let now = state.clock.now();
    Ok(Json(service::find(&state.db, &caller, id, now).await?))
}

/// A verification.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct VerifyObjection {
    /// `founded` (the recipient is proposed for removal) or `unfounded`.
    finding: String,
    /// What was checked; 10 to 1,000 characters.
    note: String,
}

/// Verify an objection at one's level (the district, or the province once escalated). A
/// founded objection becomes a removal proposal. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/objections/{id}/verify", tag = "objections",
    request_body = VerifyObjection,
    params(("id" = i64, Path, description = "Objection id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The objection, verified", body = Objection),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such objection in the caller's region", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn verify_objection(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<VerifyObjection>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideProposals)?;
    let now = state.clock.now();
    let run = async {
        let verdict = match command.body.finding.trim() {
            "founded" => Verdict::Founded,
            "unfounded" => Verdict::Unfounded,
            _ => {
                return Err(super::error::ObjectionError::invalid(
                    "finding",
                    "choice",
                    "finding must be founded or unfounded",
                    "hasil harus founded atau unfounded",
                )
                .into());
            }
        };
        let objection = service::verify(
            &state.db,
            &caller,
            id,
            verdict,
            &command.body.note,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, objection))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// Where an objection stands, by the tracking code its objector was given (no login; no
/// one's name).
#[utoipa::path(get, path = "/api/v1/public/objections/{code}", tag = "objections",
    params(("code" = String, Path, description = "Tracking code, `SGH-` and 8 characters")),
    responses((status = 200, description = "The objection's status", body = ObjectionStatus),
        (status = 404, description = "No objection has this code", body = Problem)))]
async fn objection_status(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ObjectionStatus>, AppError> {
    Ok(Json(service::status(&state.db, &code).await?))
}
