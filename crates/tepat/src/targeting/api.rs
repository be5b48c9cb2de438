//! JSON API for targeting: a household's welfare score, desil and why; a calibration from a
//! survey sample (the same report as the page); the status of a scoring run started from
//! the web.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::calibrate::Calibration;
use super::draft;
use super::jobs;
use super::run_pages::live;
use super::service::{self, Welfare};
use super::store::jobs::ScoringJob;
use crate::auth::ApiCaller;
use crate::auth::Permission;
use crate::http::AppError;
use crate::http::AppState;
use crate::http::upload;
use crate::import::jobs::UPLOAD_BYTES_MAX;
use crate::web::i18n::Lang;

type Problem = crate::http::Problem;

/// The paths whose bodies may stream longer than the request time limit.
pub const UNTIMED: [&str; 1] = ["/api/v1/welfare-models/calibrate"];

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_welfare))
        .routes(routes!(calibrate))
        .routes(routes!(get_welfare_run))
}

/// A household's welfare score (PMT) and desil with each attribute's contribution, largest
/// first. A household without a survey has status `not_surveyed` and no score.
#[utoipa::path(get, path = "/api/v1/households/{id}/welfare", tag = "targeting",
    params(("id" = i64, Path, description = "Household id")), security(("bearer" = [])),
    responses((status = 200, description = "The household's welfare score", body = Welfare),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "No such household, or outside scope", body = Problem)))]
async fn get_welfare(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Welfare>, AppError> {
    caller.require(Permission::ReadRegistry)?;
    Ok(Json(
        service::welfare(&state.db, &caller, id, Lang::En).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalibrateQuery {
    /// The fitted model's name (1 to 120 characters).
    name: String,
    /// Households in desil 1 to this are the targeted ones when errors are counted (1–9).
    cutoff: Option<String>,
}

/// A calibration: the fit's report, the fitted model and the kept fit that a ministry
/// officer publishes on the page `/penargetan/model/draf/{draft}`.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct CalibrationReport {
    /// The kept fit.
    pub draft: i64,
    #[serde(flatten)]
    pub report: Calibration,
    /// The fitted model as it would be published.
    #[schema(value_type = Object)]
    pub model: serde_json::Value,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Fits a welfare model to a survey sample sent as the body (CSV or XLSX: the survey
/// columns, `household_size`, `children_under_15`, `elderly_60_plus`, `region_code` and
/// `consumption_per_capita_rupiah`), by least squares on log consumption, and reports R²
/// and the inclusion and exclusion errors at the cut-off. Nothing is published.
#[utoipa::path(post, path = "/api/v1/welfare-models/calibrate", tag = "targeting",
    params(CalibrateQuery),
    request_body(description = "The sample (at most 150 MB)",
        content((String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    security(("bearer" = [])),
    responses((status = 200, description = "The fit", body = CalibrationReport),
        (status = 403, description = "Not a ministry officer", body = Problem),
        (status = 422, description = "A sample, name or cut-off that breaks a rule", body = Problem)))]
async fn calibrate(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Query(query): Query<CalibrateQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<CalibrationReport>, AppError> {
    caller.require_write(Permission::ManageWelfareModels)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let extension = if content_type.starts_with("text/csv") {
        "csv"
    } else if content_type.starts_with(XLSX) {
        "xlsx"
    } else {
        return Err(AppError::UnsupportedMediaType("text/csv or XLSX"));
    };
    let name = draft::parse_name(&query.name)?;
    let cutoff = draft::parse_cutoff(query.cutoff.as_deref().unwrap_or_default())?;
    upload::check_length(&headers, UPLOAD_BYTES_MAX)?;
    let file_name = format!("sample.{extension}");
    let file = upload::receive_body(body, &file_name, extension, UPLOAD_BYTES_MAX).await?;
    let path = file.path().to_path_buf();
    let now = state.clock.now();
    let fitted = draft::preview(&state.db, &caller, path, &name, cutoff, now).await;
    drop(file);
    let fitted = fitted?;
    Ok(Json(CalibrationReport {
        draft: fitted.id,
        model: fitted.calibration.model.clone(),
        report: fitted.calibration,
    }))
}

/// A scoring run started from the web: status, progress, and at the end the scoring run
/// and the count per desil.
#[utoipa::path(get, path = "/api/v1/welfare-runs/{id}", tag = "targeting",
    params(("id" = i64, Path, description = "Job id")), security(("bearer" = [])),
    responses((status = 200, description = "The run", body = ScoringJob),
        (status = 403, description = "Not a ministry officer", body = Problem),
        (status = 404, description = "No such run", body = Problem)))]
async fn get_welfare_run(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ScoringJob>, AppError> {
    caller.require(Permission::ManageWelfareModels)?;
    Ok(Json(
        jobs::find(&state.db, &live(&state), &caller, id).await?,
    ))
}
