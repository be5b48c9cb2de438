//! JSON API of a village's monthly deliberation calendar: anyone reads it; the village's
//! operator sets the standing day and place.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::calendar::{self, Calendar};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_calendar, set_calendar))
}

/// A standing monthly deliberation.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewCalendar {
    /// The day of the month, 1 to 28 (every month has it).
    day: i64,
    /// Where it is held.
    place: String,
}

/// A village's monthly deliberation calendar (no login): the standing day and place, the
/// next meeting by it and the day the server announces that meeting (14 days before).
#[utoipa::path(get, path = "/api/v1/deliberations/calendar/{village}", tag = "deliberations",
    params(("village" = String, Path, description = "The village's code, e.g. 31.75.07.1003")),
    responses((status = 200, description = "The calendar", body = Calendar),
        (status = 404, description = "The village has no calendar", body = Problem)))]
async fn get_calendar(
    State(state): State<AppState>,
    Path(village): Path<String>,
) -> Result<Json<Calendar>, AppError> {
    calendar::find(&state.db, village.trim(), state.clock.now())
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// Set a village's standing monthly deliberation (its village operator); the server then
/// announces each month's meeting 14 days before the day, unless one is already announced
/// or held that month. Requires an `Idempotency-Key` header.
#[utoipa::path(put, path = "/api/v1/deliberations/calendar/{village}", tag = "deliberations",
    request_body = NewCalendar,
    params(("village" = String, Path, description = "The village's code, e.g. 31.75.07.1003"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The calendar now", body = Calendar),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not the village's operator", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn set_calendar(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(village): Path<String>,
    command: IdempotentJson<NewCalendar>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::DecideProposals)?;
    let now = state.clock.now();
    let body = &command.body;
    let run = async {
        let day = body.day.to_string();
        let set = calendar::set(&state.db, &caller, &village, &day, &body.place, now).await?;
        Ok((StatusCode::OK, set))
    };
    command
        .once(&state.db, &caller.actor, Some(&village), now, run)
        .await
}
