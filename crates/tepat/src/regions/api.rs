//! JSON API for the region list (reference data for other agencies).

use axum::Json;
use axum::extract::{Path, State};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Region, store};
use crate::auth::ApiCaller;
use crate::auth::Permission;
use crate::http::AppState;
use crate::http::json::ApiQuery;
use crate::http::{AppError, FieldError, pagination};
use crate::region_code::RegionCode;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_regions))
        .routes(routes!(get_region))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct RegionQuery {
    /// Children of this region; provinces when absent.
    parent: Option<String>,
    /// Case-insensitive part of a name (2 to 100 characters); searches all levels.
    q: Option<String>,
    /// Opaque cursor from a previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of regions.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct RegionPage {
    items: Vec<Region>,
    /// Pass as `cursor` for the next page; absent on the last page.
    next_cursor: Option<String>,
}

fn parse_code(field: &str, text: &str) -> Result<RegionCode, AppError> {
    RegionCode::parse(text)
        .map_err(|err| AppError::BadRequest(FieldError::localized(field, "format", &err)))
}

/// List regions: children of a parent, or a name search.
#[utoipa::path(get, path = "/api/v1/regions", tag = "regions", params(RegionQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of regions", body = RegionPage),
        (status = 400, description = "Malformed parameter", body = crate::http::Problem),
        (status = 401, description = "No credentials", body = crate::http::Problem),
        (status = 422, description = "Search text too short or too long", body = crate::http::Problem)))]
async fn list_regions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<RegionQuery>,
) -> Result<Json<RegionPage>, AppError> {
    caller.require(Permission::BrowseRegions)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let parent = query
        .parent
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|p| parse_code("parent", p))
        .transpose()?;
    let text = query
        .q
        .as_deref()
        .map(|q| crate::http::search::search_text("q", q))
        .transpose()?;
    let rows = match text {
        Some(text) => {
            store::search(
                &state.db,
                text,
                parent.as_ref(),
                page.after.as_deref(),
                page.limit + 1,
            )
            .await?
        }
        None => {
            store::children(
                &state.db,
                parent.as_ref(),
                page.after.as_deref(),
                page.limit + 1,
            )
            .await?
        }
    };
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |r| r.code.to_string());
    Ok(Json(RegionPage { items, next_cursor }))
}

/// One region by its Kemendagri code.
#[utoipa::path(get, path = "/api/v1/regions/{code}", tag = "regions",
    params(("code" = String, Path, description = "Kemendagri code, e.g. 31.75.07.1003")),
    security(("bearer" = [])),
    responses((status = 200, description = "The region", body = Region),
        (status = 400, description = "Malformed code", body = crate::http::Problem),
        (status = 404, description = "Not in the official list", body = crate::http::Problem)))]
async fn get_region(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(code): Path<String>,
) -> Result<Json<Region>, AppError> {
    caller.require(Permission::BrowseRegions)?;
    let code = parse_code("code", &code)?;
    store::find(&state.db, &code)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}
