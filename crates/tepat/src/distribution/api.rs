//! JSON API for hand-outs of goods: scheduling, reading, checking in at the site, closing,
//! re-scheduling the no-shows, and the recipients' ratings. Every official's POST carries
//! an `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::DistributionError;
use super::service::{self, NewDistribution, Reschedule};
use super::site::{self, NewRating};
use super::store::{self, Event, Invitation};
use crate::auth::{ApiCaller, Permission, Principal};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, FieldError, RequestId};
use crate::region_code::RegionCode;

type Problem = crate::http::Problem;

/// Most hand-outs in one list.
const LIST_LIMIT_MAX: i64 = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_distribution, list_distributions))
        .routes(routes!(get_distribution))
        .routes(routes!(check_in))
        .routes(routes!(close_distribution))
        .routes(routes!(reschedule_distribution))
        .routes(routes!(rate_distribution))
}

/// A hand-out with its invitations (names masked, no codes).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = DistributionDetail)]
pub struct Detail {
    pub event: Event,
    pub invitations: Vec<Invitation>,
}

async fn detail(state: &AppState, caller: &Principal, id: i64) -> Result<Detail, AppError> {
    let event = service::event_in_scope(&state.db, caller, id).await?;
    let invitations = store::invitations(&state.db, id)
        .await
        .map_err(DistributionError::from)?;
    Ok(Detail { event, invitations })
}

/// Schedule a hand-out in a village: its households are split across slots in order and
/// each is told when and where. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/distributions", tag = "distributions",
    request_body = NewDistribution,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Scheduled", body = Detail),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 422, description = "A field is wrong, or the households do not fit", body = Problem)))]
async fn create_distribution(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NewDistribution>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageDistributions)?;
    let now = state.clock.now();
    let input = command.body.clone();
    let run = async {
        let id = service::create(&state.db, &caller, &input, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, detail(&state, &caller, id).await?))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// A region inside the caller's own.
    region: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = DistributionList)]
struct List {
    items: Vec<Event>,
}

/// Hand-outs of a region, newest day first (at most 500).
#[utoipa::path(get, path = "/api/v1/distributions", tag = "distributions", params(ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Hand-outs", body = List),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 422, description = "Region outside the caller's scope", body = Problem)))]
async fn list_distributions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Query(query): Query<ListQuery>,
) -> Result<Json<List>, AppError> {
    caller.require(Permission::ReadDistributions)?;
    let region = RegionCode::parse(&query.region)
        .ok()
        .filter(|r| caller.covers(r))
        .ok_or_else(|| {
            let message = "must be a region inside your own";
            AppError::invalid(FieldError::new("region", "in_scope", message, message))
        })?;
    let items = store::events_in(&state.db, region.as_str(), LIST_LIMIT_MAX)
        .await
        .map_err(DistributionError::from)?;
    Ok(Json(List { items }))
}

/// A hand-out with its invitations: masked names, slots and states.
#[utoipa::path(get, path = "/api/v1/distributions/{id}", tag = "distributions",
    params(("id" = i64, Path, description = "Hand-out id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The hand-out", body = Detail),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such hand-out in the caller's region", body = Problem)))]
async fn get_distribution(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Detail>, AppError> {
    caller.require(Permission::ReadDistributions)?;
    Ok(Json(detail(&state, &caller, id).await?))
}

/// The code a household shows at the site.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DistributionCheckIn)]
#[serde(deny_unknown_fields)]
struct CheckIn {
    /// As printed or typed, in any case, with or without dashes.
    code: String,
}

/// Check a household in by its code. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/distributions/{id}/check-ins", tag = "distributions",
    request_body = CheckIn,
    params(("id" = i64, Path, description = "Hand-out id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Checked in", body = Invitation),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such hand-out in the caller's region", body = Problem),
        (status = 409, description = "Checked in already, or the hand-out closed", body = Problem),
        (status = 422, description = "Unknown code, or one of another hand-out", body = Problem)))]
async fn check_in(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<CheckIn>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::CheckInRecipients)?;
    let now = state.clock.now();
    let code = command.body.code.clone();
    let run = async {
        let done = site::check_in(&state.db, &caller, id, &code, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, done))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// Closing a hand-out: for one with a goods list, the units of each item counted as left.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DistributionClose)]
#[serde(deny_unknown_fields)]
struct CloseCommand {
    /// Units counted as left, by item code; every item of the goods list, none without one.
    #[serde(default)]
    remaining: std::collections::BTreeMap<String, i64>,
}

/// Close a hand-out: everyone not checked in becomes a no-show, and the goods counted as
/// left are compared with the stock; each item short is flagged for the district officer.
/// Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/distributions/{id}/close", tag = "distributions",
    request_body = CloseCommand,
    params(("id" = i64, Path, description = "Hand-out id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "Closed", body = Event),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such hand-out in the caller's region", body = Problem),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 409, description = "Closed already", body = Problem),
        (status = 422, description = "An unknown field, or a count missing, unknown or outside the stock", body = Problem)))]
async fn close_distribution(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<CloseCommand>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageDistributions)?;
    let now = state.clock.now();
    let remaining = &command.body.remaining;
    let run = async {
        let event =
            site::close(&state.db, &caller, id, remaining, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, event))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// Schedule the no-shows of a closed hand-out again, as a new hand-out; each is told the
/// new time. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/distributions/{id}/reschedule", tag = "distributions",
    request_body = Reschedule,
    params(("id" = i64, Path, description = "Hand-out id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The new hand-out", body = Detail),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such hand-out in the caller's region", body = Problem),
        (status = 409, description = "Not closed, or no no-shows", body = Problem),
        (status = 422, description = "A field is wrong, or they do not fit", body = Problem)))]
async fn reschedule_distribution(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<Reschedule>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageDistributions)?;
    let now = state.clock.now();
    let input = command.body.clone();
    let run = async {
        let new =
            service::reschedule(&state.db, &caller, id, &input, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, detail(&state, &caller, new).await?))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// Rate a hand-out one attended (public: the code from the message is the credential).
#[utoipa::path(post, path = "/api/v1/distributions/ratings", tag = "distributions",
    request_body = NewRating,
    responses((status = 201, description = "Rated"),
        (status = 409, description = "Rated already, or not attended", body = Problem),
        (status = 422, description = "Unknown code, score outside 1–5, comment too long", body = Problem)))]
async fn rate_distribution(
    State(state): State<AppState>,
    Json(input): Json<NewRating>,
) -> Result<StatusCode, AppError> {
    site::rate(&state.db, &input, state.clock.now()).await?;
    Ok(StatusCode::CREATED)
}
