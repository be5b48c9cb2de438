//! JSON API for deliberations: a village operator schedules one and, once held, finalises
//! it with the attendance and a decision on every agenda item; anyone reads one, and the
//! finalised ones of a region.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{Deliberation, PublicDeliberation};
use super::service::{self, Minutes};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(schedule_deliberation))
        .routes(routes!(get_deliberation))
        .routes(routes!(finalise_deliberation))
        .routes(routes!(public_deliberations))
}

/// A deliberation to announce.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewDeliberation {
    /// The village's code.
    village: String,
    /// `YYYY-MM-DD`, today or later.
    held_on: String,
    place: String,
}

/// Schedule (announce) a village deliberation; village operators of the village. Requires
/// an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/deliberations", tag = "deliberations",
    request_body = NewDeliberation,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The deliberation, scheduled, with its agenda", body = Deliberation),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn schedule_deliberation(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    command: IdempotentJson<NewDeliberation>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideProposals)?;
    let now = state.clock.now();
    let body = &command.body;
    let run = async {
        let d = service::schedule(
            &state.db,
            &caller,
            &body.village,
            &body.held_on,
            &body.place,
            now,
        )
        .await?;
        Ok((StatusCode::CREATED, d))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

/// One deliberation: while scheduled, the agenda as it stands; once finalised, the
/// attendance and the decisions. Public (no login); households' names are masked.
#[utoipa::path(get, path = "/api/v1/deliberations/{id}", tag = "deliberations",
    params(("id" = i64, Path, description = "Deliberation id")),
    responses((status = 200, description = "The deliberation", body = Deliberation),
        (status = 404, description = "No such deliberation", body = Problem)))]
async fn get_deliberation(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Deliberation>, AppError> {
    Ok(Json(service::find(&state.db, None, id).await?))
}

/// Finalise a held deliberation with its chair, attendance and a decision on every agenda
/// item; the decisions are applied to the proposals, and it never changes again. Requires
/// an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/deliberations/{id}/finalise", tag = "deliberations",
    request_body = Minutes,
    params(("id" = i64, Path, description = "Deliberation id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The deliberation, finalised", body = Deliberation),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such deliberation in the caller's village", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn finalise_deliberation(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<Minutes>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideProposals)?;
    let now = state.clock.now();
    let run = async {
        let d = service::finalise(
            &state.db,
            &caller,
            id,
            &command.body,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, d))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct RegionQuery {
    /// A region code: the finalised deliberations of its villages.
    #[param(pattern = "^\\s*[0-9.]{2,13}\\s*$")]
    region: String,
}

/// Finalised deliberations in a region's subtree (no login), newest first, each with the
/// index of its entry in the transparency log.
#[utoipa::path(get, path = "/api/v1/public/deliberations", tag = "deliberations",
    params(RegionQuery),
    responses((status = 200, description = "Finalised deliberations", body = Vec<PublicDeliberation>),
        (status = 400, description = "Missing region", body = Problem),
        (status = 422, description = "Malformed region code", body = Problem)))]
async fn public_deliberations(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<RegionQuery>,
) -> Result<Json<Vec<PublicDeliberation>>, AppError> {
    Ok(Json(service::public_list(&state.db, &query.region).await?))
}
