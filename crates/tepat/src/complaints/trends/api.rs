//! JSON of what the community reports: complaints per category, region and week, with
//! the rising ones marked, and the places reported.

use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::service::{self, Place, TrendRow};
use crate::auth::ApiCaller;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState, FieldError};
use crate::region_code::RegionCode;

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(complaint_trends))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct TrendQuery {
    /// A region inside the caller's; the caller's own when absent.
    #[param(pattern = "^\\s*([0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?)?\\s*$")]
    region: Option<String>,
    /// Weeks of seven days ending now, 1 to 26 (default 8).
    #[param(pattern = "^\\s*([1-9]|1[0-9]|2[0-6])?\\s*$")]
    weeks: Option<String>,
}

/// Complaints over time in a region.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ComplaintTrends {
    region: Option<String>,
    /// The start of each week (RFC 3339), oldest first; the last week ends now.
    week_starts: Vec<String>,
    /// Per category and region one level below `region`, rising ones first.
    items: Vec<TrendRow>,
    /// The latest places reported (at most 2,000).
    places: Vec<Place>,
}

/// Complaints per category, region and week for officials who read complaints, the
/// categories rising this week marked (at least 3 and twice the average of the four weeks
/// before), and the places reported.
#[utoipa::path(get, path = "/api/v1/complaints/trends", tag = "complaints",
    params(TrendQuery), security(("bearer" = [])),
    responses((status = 200, description = "Counts per week", body = ComplaintTrends),
        (status = 400, description = "Malformed region or weeks", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "Region outside the caller's", body = Problem)))]
async fn complaint_trends(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<TrendQuery>,
) -> Result<Json<ComplaintTrends>, AppError> {
    let text = query.region.as_deref().map(str::trim).unwrap_or_default();
    let region = if text.is_empty() {
        None
    } else {
        Some(RegionCode::parse(text).map_err(|_| {
            AppError::BadRequest(FieldError::new(
                "region",
                "format",
                "region must be a region code such as 31.75.07.1003",
                "wilayah harus kode wilayah, misalnya 31.75.07.1003",
            ))
        })?)
    };
    let weeks = service::weeks(query.weeks.as_deref(), "weeks")?;
    let now = state.clock.now();
    let trends = service::trends(&state.db, &caller, region, weeks, now).await?;
    Ok(Json(ComplaintTrends {
        region: trends.region.map(|r| r.as_str().to_owned()),
        week_starts: trends
            .week_starts
            .iter()
            .map(|s| crate::db::timestamp::to_db(*s))
            .collect(),
        items: trends.rows,
        places: trends.places,
    }))
}
