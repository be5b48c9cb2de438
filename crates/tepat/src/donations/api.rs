//! JSON API for donations' needs: the public list and one need, totals, suggestions for a
//! donor, posting a need with consent and withdrawing it. Pledges are in `pledge_api.rs`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::DonationError;
use super::matching;
use super::rules::{ConsentInput, NeedInput};
use super::service::{self, Acting};
use super::store::{self, Need, RegionTotal};
use crate::auth::{ApiCaller, Permission, Principal};
use crate::http::idempotency::IdempotentJson;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState, RequestId, pagination};
use crate::region_code::RegionCode;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(public_needs))
        .routes(routes!(public_totals))
        .routes(routes!(suggestions))
        .routes(routes!(one_need))
        .routes(routes!(post_need))
        .routes(routes!(consent))
        .routes(routes!(withdraw))
        .merge(super::pledge_api::router())
}

pub(super) fn acting<'a>(
    caller: &'a Principal,
    request_id: &RequestId,
    state: &AppState,
) -> Acting<'a> {
    Acting {
        caller,
        request_id: request_id.0.clone(),
        now: state.clock.now(),
    }
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct NeedQuery {
    /// A region code of any level; every region when absent.
    region: Option<String>,
    /// One of the categories; all when absent.
    category: Option<String>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of needs.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct NeedPage {
    items: Vec<Need>,
    next_cursor: Option<String>,
}

/// Needs anyone may see, newest first: masked names, the village, what is needed and how
/// much is still open. Withdrawn needs are left out.
#[utoipa::path(get, path = "/api/v1/public/needs", tag = "donations", params(NeedQuery),
    responses((status = 200, description = "A page of needs", body = NeedPage)))]
async fn public_needs(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<NeedQuery>,
) -> Result<Json<NeedPage>, AppError> {
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let (filter, region) = service::filter(query.category.as_deref(), query.region.as_deref())?;
    let before = page.before_id();
    let rows =
        service::list_public(&state.db, &filter, region.as_ref(), before, page.limit + 1).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |n| n.id.to_string());
    Ok(Json(NeedPage { items, next_cursor }))
}

/// Totals per district: needs, what they asked, pledged and confirmed. No donor and no
/// household is named.
#[utoipa::path(get, path = "/api/v1/public/donations/totals", tag = "donations",
    responses((status = 200, description = "Totals per district", body = [RegionTotal])))]
async fn public_totals(State(state): State<AppState>) -> Result<Json<Vec<RegionTotal>>, AppError> {
    Ok(Json(store::totals_by_district(&state.db).await?))
}

/// A need with its pledges as the public sees them: donors named only when they chose so.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = DonationNeedDetail)]
struct NeedDetail {
    need: Need,
    /// Pledges not released, oldest first.
    pledges: Vec<PublicPledge>,
}

/// A pledge as anyone sees it.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = DonationPublicPledge)]
struct PublicPledge {
    amount_rupiah: i64,
    quantity: Option<i64>,
    status: String,
    /// The donor's display name when they chose to be named; otherwise absent.
    donor: Option<String>,
}

/// One need (public).
#[utoipa::path(get, path = "/api/v1/needs/{id}", tag = "donations",
    params(("id" = i64, Path, description = "Need id")),
    responses((status = 200, description = "The need", body = NeedDetail)))]
async fn one_need(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<NeedDetail>, AppError> {
    let need = service::find_public(&state.db, id).await?;
    let pledges = store::pledges::of_need(&state.db, id)
        .await?
        .into_iter()
        .filter(|(p, _)| p.status != super::RELEASED)
        .map(|(p, name)| PublicPledge {
            amount_rupiah: p.amount_rupiah,
            quantity: p.quantity,
            donor: p.named.then_some(name),
            status: p.status,
        })
        .collect();
    Ok(Json(NeedDetail { need, pledges }))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SuggestionQuery {
    /// The donor's chosen region (any level).
    #[param(pattern = "^\\s*[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?\\s*$")]
    region: String,
    /// Categories of interest, separated by commas.
    categories: Option<String>,
}

/// Open needs for a donor: nearest to the chosen region first, then the donor's interests,
/// then the oldest deadline; each household in one village only.
#[utoipa::path(get, path = "/api/v1/needs/suggestions", tag = "donations",
    params(SuggestionQuery), security(("bearer" = [])),
    responses((status = 200, description = "Suggested needs", body = [Need]),
        (status = 400, description = "Malformed region", body = crate::http::Problem),
        (status = 401, description = "No credentials", body = crate::http::Problem),
        (status = 403, description = "Not a donor", body = crate::http::Problem)))]
async fn suggestions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<SuggestionQuery>,
) -> Result<Json<Vec<Need>>, AppError> {
    caller.require(Permission::PledgeDonations)?;
    if query.region.trim().is_empty() {
        return Err(DonationError::invalid(
            "region",
            "required",
            "choose a region to start from",
            "pilih wilayah sebagai titik awal",
        )
        .into());
    }
    let region = RegionCode::parse(&query.region).map_err(|_| {
        DonationError::BadFilter(crate::web::form::FieldRule::new(
            "region",
            "format",
            "region must be a region code such as 31.75.07",
            "wilayah harus kode wilayah seperti 31.75.07",
        ))
    })?;
    let categories: Vec<String> = query
        .categories
        .unwrap_or_default()
        .split(',')
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    Ok(Json(
        matching::suggestions(&state.db, &region, &categories, 50).await?,
    ))
}

/// Post a need for an active household of the caller's village, with the household's
/// consent (required). Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/needs", tag = "donations", request_body = NeedInput,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The need, open", body = Need)))]
async fn post_need(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NeedInput>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::PostNeeds)?;
    let acting = acting(&caller, &request_id, &state);
    let run = async {
        let need = service::post_need(&state.db, &acting, &command.body).await?;
        Ok((StatusCode::CREATED, need))
    };
    command
        .once(&state.db, &caller.actor, None, acting.now, run)
        .await
}

/// Record a further consent of the household. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/needs/{id}/consent", tag = "donations",
    request_body = ConsentInput,
    params(("id" = i64, Path, description = "Need id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The need", body = Need)))]
async fn consent(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<ConsentInput>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::PostNeeds)?;
    let acting = acting(&caller, &request_id, &state);
    let run = async {
        let need = service::record_consent(&state.db, &acting, id, &command.body).await?;
        Ok((StatusCode::OK, need))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), acting.now, run)
        .await
}

/// Withdraw the household's consent: the need closes and pledges not yet paid or
/// delivered are released. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/needs/{id}/withdraw", tag = "donations",
    request_body = ConsentInput,
    params(("id" = i64, Path, description = "Need id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The need, withdrawn", body = Need)))]
async fn withdraw(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<ConsentInput>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::PostNeeds)?;
    let acting = acting(&caller, &request_id, &state);
    let run = async {
        let need = service::withdraw(&state.db, &acting, id, &command.body).await?;
        Ok((StatusCode::OK, need))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), acting.now, run)
        .await
}
