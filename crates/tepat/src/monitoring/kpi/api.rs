//! JSON API of response times: the public figures per kind and office of a region, and
//! for supervisors the same with every official.

use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::figures::Figures;
use super::service::{self, OfficeFigures, OfficialFigures, Report};
use crate::auth::{ApiCaller, Permission};
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(public_times))
        .routes(routes!(full_times))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct TimesQuery {
    /// A region code (province down to village); the whole country when absent.
    #[param(pattern = "^\\s*([0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?)?\\s*$")]
    region: Option<String>,
    /// `YYYY-MM` (months in WIB); the current month when absent.
    #[param(pattern = "^\\s*((20[0-9]{2}|2100)-(0[1-9]|1[0-2]))?\\s*$")]
    month: Option<String>,
}

/// Response times of a region's offices in a month.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ResponseTimes {
    /// `YYYY-MM`.
    month: String,
    region: Option<String>,
    /// Every item opened in the region and month, per kind.
    kinds: Vec<Figures>,
    /// Per office that gave the first response, per kind.
    offices: Vec<OfficeFigures>,
    /// Per official (supervisors' route only).
    #[serde(skip_serializing_if = "Option::is_none")]
    officials: Option<Vec<OfficialFigures>>,
}

fn answer(report: Report, full: bool) -> ResponseTimes {
    ResponseTimes {
        month: format!(
            "{:04}-{:02}",
            report.month.year(),
            u8::from(report.month.month())
        ),
        region: report.region.map(|r| r.as_str().to_owned()),
        kinds: report.summary,
        offices: report.offices,
        officials: full.then_some(report.officials),
    }
}

/// How fast each office of a region answered and settled complaints, objections,
/// proposals, self-registrations, data changes and approvals of money opened in a month —
/// computed from the event trail (no login; offices only, never names).
#[utoipa::path(get, path = "/api/v1/public/response-times", tag = "monitoring",
    params(TimesQuery),
    responses((status = 200, description = "Figures per kind and office", body = ResponseTimes),
        (status = 400, description = "Malformed region or month", body = Problem),
        (status = 404, description = "No such region", body = Problem)))]
async fn public_times(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<TimesQuery>,
) -> Result<Json<ResponseTimes>, AppError> {
    let now = state.clock.now();
    let region = service::public_region(&state.db, query.region.as_deref(), "region").await?;
    let month = service::month(query.month.as_deref(), "month", now)?;
    let report = service::report(&state.db, region, month, false, now).await?;
    Ok(Json(answer(report, false)))
}

/// The same figures with every official by name, for district, province and ministry
/// officers and auditors, inside their region.
#[utoipa::path(get, path = "/api/v1/response-times", tag = "monitoring",
    params(TimesQuery), security(("bearer" = [])),
    responses((status = 200, description = "Figures per kind, office and official", body = ResponseTimes),
        (status = 400, description = "Malformed region or month", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "Region outside the caller's", body = Problem)))]
async fn full_times(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<TimesQuery>,
) -> Result<Json<ResponseTimes>, AppError> {
    caller.require(Permission::ReadMonitoring)?;
    let now = state.clock.now();
    let region = crate::monitoring::decisions::service::region_of(&caller, query.region.as_deref())
        .map_err(|e| service::named(e, "region"))?;
    let month = service::month(query.month.as_deref(), "month", now)?;
    let report = service::report(&state.db, region, month, true, now).await?;
    Ok(Json(answer(report, true)))
}
