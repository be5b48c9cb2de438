//! JSON API for pungli reports: the inspectorate lists, opens and answers the reports
//! addressed to it; anyone reads the public figures. Reports are sent only through the
//! form: an idempotent JSON answer is stored for replay, and it would hold the secret code.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{PungliFigures, PungliReport};
use super::service;
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState, pagination};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_reports))
        .routes(routes!(get_report))
        .routes(routes!(answer_report))
        .routes(routes!(report_figures))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ReportQuery {
    /// `open`, `answered` or `closed`; all when absent.
    #[param(pattern = "^\\s*(open|answered|closed)?\\s*$")]
    status: Option<String>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of pungli reports.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct PungliReportPage {
    items: Vec<PungliReport>,
    next_cursor: Option<String>,
}

/// Reports addressed to the caller's inspectorate (auditors), newest first.
#[utoipa::path(get, path = "/api/v1/pungli-reports", tag = "pungli", params(ReportQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of reports", body = PungliReportPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_reports(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Json<PungliReportPage>, AppError> {
    caller.require(Permission::HandlePungliReports)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let status = crate::complaints::service::filter_value(
        query.status.as_deref(),
        "status",
        &["open", "answered", "closed"],
    )?;
    let now = state.clock.now();
    let rows = service::list(
        &state.db,
        &caller,
        &status,
        page.before_id(),
        page.limit + 1,
        now,
    )
    .await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |r| r.id.to_string());
    Ok(Json(PungliReportPage { items, next_cursor }))
}

/// One report with its notes.
#[utoipa::path(get, path = "/api/v1/pungli-reports/{id}", tag = "pungli",
    params(("id" = i64, Path, description = "Report id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The report", body = PungliReport),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such report addressed to the caller", body = Problem)))]
async fn get_report(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<PungliReport>, AppError> {
    caller.require(Permission::HandlePungliReports)?;
    Ok(Json(
        service::find(&state.db, &caller, id, state.clock.now()).await?,
    ))
}

/// The inspectorate's answer.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PungliAnswerRequest {
    /// 10 to 2,000 characters; the reporter reads them with the secret code.
    text: String,
    /// `true` when it is the last word (the report is closed).
    #[serde(default)]
    close: bool,
}

/// Answer a report addressed to one's inspectorate. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/pungli-reports/{id}/answer", tag = "pungli",
    request_body = PungliAnswerRequest,
    params(("id" = i64, Path, description = "Report id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The report, answered", body = PungliReport),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such report addressed to the caller", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn answer_report(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    command: IdempotentJson<PungliAnswerRequest>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::HandlePungliReports)?;
    let now = state.clock.now();
    let run = async {
        let body = &command.body;
        let report = service::answer(&state.db, &caller, id, &body.text, body.close, now).await?;
        Ok((StatusCode::OK, report))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// Public figures of pungli reports.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct PungliFigureList {
    items: Vec<PungliFigures>,
}

/// How many pungli reports each region's offices drew and how fast they were answered
/// (no login; never what was reported).
#[utoipa::path(get, path = "/api/v1/public/pungli-statistics", tag = "pungli",
    responses((status = 200, description = "Counts and handling times per region", body = PungliFigureList)))]
async fn report_figures(State(state): State<AppState>) -> Result<Json<PungliFigureList>, AppError> {
    let items = service::figures(&state.db, state.clock.now()).await?;
    Ok(Json(PungliFigureList { items }))
}
