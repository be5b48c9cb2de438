//! JSON API for the registry: households in the caller's scope, one household with its
//! members and history, a person's full record (which writes an access record), the
//! access records for auditors, and registering a household.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::service::{self, HouseholdDetail, NewHousehold, PersonDetail};
use super::store::read::{HouseholdSummary, Person};
use super::store::views::{PersonView, ViewPurpose};
use crate::auth::ApiCaller;
use crate::auth::Permission;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::idempotency::{self, IdempotentJson};
use crate::http::json::ApiQuery;
use crate::http::{AppError, FieldError, pagination};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_households, create_household))
        .routes(routes!(get_household))
        .routes(routes!(get_person))
        .routes(routes!(search_persons))
        .routes(routes!(list_person_views))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct HouseholdQuery {
    /// Region of any level (must lie inside the caller's scope).
    region: Option<String>,
    /// Exact KK number.
    kk: Option<String>,
    /// `active` or `closed`.
    #[param(pattern = "^\\s*(active|closed)?\\s*$")]
    status: Option<String>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of households.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct HouseholdPage {
    items: Vec<HouseholdSummary>,
    next_cursor: Option<String>,
}

/// Households inside the caller's scope; KK numbers masked for roles that do not need them.
#[utoipa::path(get, path = "/api/v1/households", tag = "registry", params(HouseholdQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of households", body = HouseholdPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role, token scope or region not allowed", body = Problem)))]
async fn list_households(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<HouseholdQuery>,
) -> Result<Json<HouseholdPage>, AppError> {
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let filter = service::filter(query.region.as_deref(), query.kk, query.status)?;
    let after = page
        .after
        .as_deref()
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let rows = service::list(&state.db, &caller, filter, after, page.limit + 1).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |h| h.id.to_string());
    Ok(Json(HouseholdPage { items, next_cursor }))
}

/// One household with its members (NIKs masked unless the role needs them) and history.
#[utoipa::path(get, path = "/api/v1/households/{id}", tag = "registry",
    params(("id" = i64, Path, description = "Household id")), security(("bearer" = [])),
    responses((status = 200, description = "The household", body = HouseholdDetail),
        (status = 403, description = "Not allowed or outside scope", body = Problem),
        (status = 404, description = "No such household", body = Problem)))]
async fn get_household(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<HouseholdDetail>, AppError> {
    Ok(Json(service::household(&state.db, &caller, id).await?))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PurposeQuery {
    /// Why the record is opened: verifikasi, perbaikan_data, pengaduan, penyaluran, audit.
    #[param(
        required = true,
        pattern = "^(verifikasi|perbaikan_data|pengaduan|penyaluran|audit)$"
    )]
    purpose: Option<String>,
}

/// A person's full record with history. Requires a purpose; the access is recorded.
#[utoipa::path(get, path = "/api/v1/persons/{id}", tag = "registry",
    params(("id" = i64, Path, description = "Person id"), PurposeQuery), security(("bearer" = [])),
    responses((status = 200, description = "The person", body = PersonDetail),
        (status = 400, description = "Missing or unknown purpose", body = Problem),
        (status = 403, description = "Not allowed or outside scope", body = Problem),
        (status = 404, description = "No such person", body = Problem)))]
async fn get_person(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<PurposeQuery>,
) -> Result<Json<PersonDetail>, AppError> {
    let purpose = parse_purpose(query.purpose.as_deref())?;
    let now = state.clock.now();
    Ok(Json(
        service::open_person(&state.db, &caller, id, purpose, now).await?,
    ))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// A NIK or KK number (16 digits), or a name (2 to 100 characters): prefixes and a few
    /// wrong letters match.
    q: String,
    /// Region of any level inside the caller's scope.
    region: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct PersonResults {
    /// Closest first, at most 50; NIKs masked unless the role needs them whole.
    items: Vec<Person>,
}

/// Search persons by NIK, KK or name inside the caller's scope.
#[utoipa::path(get, path = "/api/v1/persons", tag = "registry", params(SearchQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Matching persons", body = PersonResults),
        (status = 400, description = "Malformed region", body = Problem),
        (status = 403, description = "Not allowed or outside scope", body = Problem),
        (status = 422, description = "Query shorter than 2 or longer than 100 characters", body = Problem)))]
async fn search_persons(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<PersonResults>, AppError> {
    let filter = service::filter(query.region.as_deref(), None, None)?;
    let items = service::search(&state.db, &caller, filter.region.as_ref(), &query.q).await?;
    Ok(Json(PersonResults { items }))
}

/// Reads the purpose of opening a record, naming the choices when it is missing or unknown.
pub fn parse_purpose(text: Option<&str>) -> Result<ViewPurpose, AppError> {
    let text = text.unwrap_or_default();
    ViewPurpose::parse(text)
        .map_err(|e| AppError::BadRequest(FieldError::localized("purpose", "choice", &e)))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct PersonViewPage {
    items: Vec<PersonView>,
    next_cursor: Option<String>,
}

/// Who opened whose full record, when and why, inside the caller's scope; newest first.
#[utoipa::path(get, path = "/api/v1/person-views", tag = "registry",
    params(pagination::PageParams), security(("bearer" = [])),
    responses((status = 200, description = "A page of access records", body = PersonViewPage),
        (status = 403, description = "Not an auditor or district officer", body = Problem)))]
async fn list_person_views(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<pagination::PageParams>,
) -> Result<Json<PersonViewPage>, AppError> {
    caller.require(Permission::ReadPersonViews)?;
    let page = params.validate()?;
    let before = page
        .after
        .as_deref()
        .and_then(|a| a.parse().ok())
        .unwrap_or(i64::MAX);
    let rows = super::store::views::list(
        &state.db,
        caller.region.as_ref(),
        None,
        before,
        page.limit + 1,
    )
    .await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |v| v.id.to_string());
    Ok(Json(PersonViewPage { items, next_cursor }))
}

/// Register a household with its members. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/households", tag = "registry", request_body = NewHousehold,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Registered", body = HouseholdDetail),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed, or village outside scope", body = Problem),
        (status = 409, description = "KK or NIK already registered (the error points to it)", body = Problem),
        (status = 422, description = "A field failed its rule", body = Problem)))]
async fn create_household(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NewHousehold>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::WriteRegistry)?;
    let now = state.clock.now();
    let after = super::hooks::after_register(&state)?;
    let run = async {
        let (body, request_id) = (&command.body, request_id.0.clone());
        let id = service::create(&state.db, &caller, request_id, body, now, &*after).await?;
        let detail = service::household(&state.db, &caller, id).await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(detail).map_err(anyhow::Error::from)?,
        ))
    };
    let key = crate::http::idempotency::caller_key(&caller.actor);
    idempotency::run(
        &state.db,
        &key,
        &command.key,
        &command.request_hash,
        now,
        run,
    )
    .await
}
