//! The import on the web and in the API: upload a CSV or XLSX file, watch its progress
//! (the page refreshes itself, no JavaScript), read the report and download it.

use askama::Template;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing;

use super::job::{Job, JobId};
use super::jobs::{self, JobError, Start, UPLOAD_BYTES_MAX, UPLOAD_LIMIT_TEXT};
use super::{ImportOptions, Summary};
use crate::auth::{ApiCaller, SignedIn};
use crate::auth::{Permission, Principal};
use crate::field::FieldError;
use crate::http::AppError;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::idempotency;
use crate::http::routes::RouteBook;
use crate::http::upload::{self, Received};
use crate::registry::store::Acting;
use crate::sheets::ReportLine;
use crate::sheets::cell_text::from_spreadsheet;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

/// Room for the multipart envelope around the file.
const ENVELOPE_BYTES: usize = 64 * 1024;
/// Report lines shown on the job page; the download has all of them.
const LINES_SHOWN: usize = 50;

impl From<JobError> for AppError {
    fn from(err: JobError) -> Self {
        match err {
            JobError::NotFound => AppError::NotFound,
            JobError::Store(err) => AppError::from(err),
        }
    }
}

pub fn routes() -> RouteBook {
    let limit = usize::try_from(UPLOAD_BYTES_MAX).unwrap_or(usize::MAX) + ENVELOPE_BYTES;
    RouteBook::new()
        .get("/keluarga/impor", import_page)
        .route(
            axum::http::Method::POST,
            "/keluarga/impor",
            routing::post(upload_form).layer(DefaultBodyLimit::max(limit)),
        )
        .get("/keluarga/impor/templat.csv", super::template::csv_download)
        .get(
            "/keluarga/impor/templat.xlsx",
            super::template::xlsx_download,
        )
        .get("/keluarga/impor/{id}", job_page)
        .get("/keluarga/impor/{id}/laporan.csv", report_download)
}

/// Paths whose requests may take longer than the request timeout (slow uploads).
pub const UNTIMED: [&str; 2] = ["/keluarga/impor", "/api/v1/imports/households"];

fn start(
    state: &AppState,
    me: &Principal,
    file: Received,
    options: ImportOptions,
    request_id: Option<String>,
    lang: Lang,
    job: JobId,
) {
    let acting = Acting {
        actor: me.actor.clone(),
        request_id,
        reason: format!("impor {}", file.file_name),
    };
    jobs::spawn(Start {
        db: state.db.clone(),
        job,
        path: file.keep(),
        options,
        acting,
        lang,
        clock: state.clock.clone(),
    });
}

#[derive(Template)]
#[template(path = "registry_import.html")]
struct ImportPage {
    ctx: PageCtx,
    jobs: Vec<Job>,
    limit: &'static str,
    error: Option<String>,
}

async fn import_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::WriteRegistry)?;
    let jobs = jobs::recent(&state.db, &me, 20).await?;
    render_import(ctx, jobs, None)
}

fn render_import(
    ctx: PageCtx,
    jobs: Vec<Job>,
    error: Option<String>,
) -> Result<Html<String>, AppError> {
    let html = ImportPage {
        ctx,
        jobs,
        limit: UPLOAD_LIMIT_TEXT,
        error,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

async fn upload_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    sender: upload::FormSender,
    multipart: Multipart,
) -> Result<Response, AppError> {
    me.require(Permission::WriteRegistry)?;
    let form = upload::receive_form(&sender, multipart, "berkas", UPLOAD_BYTES_MAX).await?;
    let Some(file) = form.file.filter(|f| f.bytes > 0) else {
        let message = match ctx.lang {
            Lang::Id => "Berkas: pilih berkas CSV atau XLSX yang berisi data (wajib diisi).",
            Lang::En => "File: choose a CSV or XLSX file with data (required).",
        };
        let jobs = jobs::recent(&state.db, &me, 20).await?;
        let mut page = render_import(ctx, jobs, Some(message.to_owned()))?.into_response();
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(page);
    };
    let checked = |name: &str| form.fields.get(name).is_some_and(|v| v == "1" || v == "on");
    let options = ImportOptions {
        atomic: checked("atomic"),
        confirm_warnings: checked("confirm_warnings"),
        scope: me.region.as_ref().map(|r| r.as_str().to_owned()),
    };
    let now = state.clock.now();
    let job = jobs::create(&state.db, &me, &file.file_name, file.bytes, &options, now).await?;
    start(&state, &me, file, options, request_id.0, ctx.lang, job);
    Ok(Redirect::to(&format!("/keluarga/impor/{job}")).into_response())
}

#[derive(Template)]
#[template(path = "registry_import_job.html")]
struct JobPage {
    ctx: PageCtx,
    job: Job,
    summary: Summary,
    lines: Vec<ReportLine>,
}

async fn job_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::WriteRegistry)?;
    let (job, report) = jobs::find(&state.db, &me, JobId(id)).await?;
    let lines = match report {
        Some(report) => first_lines(&report, LINES_SHOWN),
        None => Vec::new(),
    };
    let html = JobPage {
        ctx,
        summary: job.summary.clone().unwrap_or_default(),
        job,
        lines,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

fn first_lines(report: &str, count: usize) -> Vec<ReportLine> {
    let mut reader = csv::Reader::from_reader(report.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .take(count)
        .map(|r| ReportLine {
            row: r.get(0).and_then(|v| v.parse().ok()).unwrap_or(0),
            column: from_spreadsheet(r.get(1).unwrap_or_default()).to_owned(),
            rule: from_spreadsheet(r.get(2).unwrap_or_default()).to_owned(),
            message: from_spreadsheet(r.get(3).unwrap_or_default()).to_owned(),
        })
        .collect()
}

fn report_response(id: i64, report: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"laporan-impor-{id}.csv\""),
            ),
        ],
        report,
    )
        .into_response()
}

async fn report_download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    me.require(Permission::WriteRegistry)?;
    let report = jobs::find(&state.db, &me, JobId(id))
        .await?
        .1
        .ok_or(AppError::NotFound)?;
    Ok(report_response(id, report))
}

// ---- API ----

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name, kept with the job and its report.
    file_name: Option<String>,
    /// All or nothing: any refused row leaves the registry unchanged.
    #[serde(default)]
    atomic: bool,
    /// Accept rows whose only findings are warnings (a NIK from a split district).
    #[serde(default)]
    confirm_warnings: bool,
}

pub fn api_router() -> utoipa_axum::router::OpenApiRouter<AppState> {
    use utoipa_axum::routes;
    utoipa_axum::router::OpenApiRouter::new()
        .routes(routes!(upload_api))
        .routes(routes!(job_api))
        .routes(routes!(report_api))
}

/// Starts an import of households from a CSV or XLSX file sent as the body, in the
/// import layout (see the README). Answers at once with the job; poll it for progress.
/// Requires an `Idempotency-Key` header: a retry with the same key and file returns the
/// same job instead of importing twice.
#[utoipa::path(post, path = "/api/v1/imports/households", tag = "registry",
    params(UploadQuery, ("Idempotency-Key" = String, Header, description = "Unique per upload")),
    request_body(description = "The file (at most 150 MB)",
        content((String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    security(("bearer" = [])),
    responses((status = 202, description = "Accepted; the job runs in the background", body = Job),
        (status = 400, description = "Missing Idempotency-Key", body = crate::http::Problem),
        (status = 403, description = "Not allowed", body = crate::http::Problem),
        (status = 413, description = "File over 150 MB", body = crate::http::Problem),
        (status = 415, description = "Not CSV or XLSX", body = crate::http::Problem),
        (status = 422, description = "Empty file", body = crate::http::Problem)))]
async fn upload_api(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    caller.require_write(Permission::WriteRegistry)?;
    let key = idempotency::key_from(&headers)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let extension = if content_type.starts_with("text/csv") {
        "csv"
    } else if content_type.starts_with(XLSX) {
        "xlsx"
    } else {
        return Err(AppError::UnsupportedMediaType(
            "text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ));
    };
    upload::check_length(&headers, UPLOAD_BYTES_MAX)?;
    let file_name = query
        .file_name
        .clone()
        .map(|n| n.chars().take(200).collect::<String>())
        .unwrap_or_else(|| format!("upload.{extension}"));
    let file = upload::receive_body(body, &file_name, extension, UPLOAD_BYTES_MAX).await?;
    if file.bytes == 0 {
        return Err(AppError::Invalid(vec![FieldError::new(
            "body",
            "required",
            "the file is empty",
            "berkas kosong",
        )]));
    }
    let options = ImportOptions {
        atomic: query.atomic,
        confirm_warnings: query.confirm_warnings,
        scope: caller.region.as_ref().map(|r| r.as_str().to_owned()),
    };
    let hash = format!(
        "{}:{}:{}",
        file.sha256, options.atomic, options.confirm_warnings
    );
    let now = state.clock.now();
    let caller_key = crate::http::idempotency::caller_key(&caller.actor);
    let run = async {
        let job = jobs::create(&state.db, &caller, &file_name, file.bytes, &options, now).await?;
        let (record, _) = jobs::find(&state.db, &caller, job).await?;
        start(
            &state,
            &caller,
            file,
            options,
            request_id.0.clone(),
            Lang::En,
            job,
        );
        Ok((
            StatusCode::ACCEPTED,
            serde_json::to_value(record).map_err(anyhow::Error::from)?,
        ))
    };
    let response = idempotency::run(&state.db, &caller_key, &key, &hash, now, run).await?;
    with_location(response).await
}

/// Adds `Location: /api/v1/imports/{id}` to a job response, fresh or replayed.
async fn with_location(response: Response) -> Result<Response, AppError> {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1024 * 1024)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let id = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("id").and_then(serde_json::Value::as_i64));
    if let Some(Ok(value)) = id.map(|id| format!("/api/v1/imports/{id}").parse()) {
        parts.headers.insert(header::LOCATION, value);
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An import job: status, progress in percent, and the summary when finished.
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "registry",
    params(("id" = i64, Path, description = "Job id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The job", body = Job),
        (status = 404, description = "No such job visible to the caller", body = crate::http::Problem)))]
async fn job_api(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<Job>, AppError> {
    caller.require(Permission::WriteRegistry)?;
    Ok(axum::Json(
        jobs::find(&state.db, &caller, JobId(id)).await?.0,
    ))
}

/// The job's report as CSV: `row,column,rule,message`, one line per refused row or
/// warning, rows numbered as a spreadsheet shows them (header = row 1).
#[utoipa::path(get, path = "/api/v1/imports/{id}/report", tag = "registry",
    params(("id" = i64, Path, description = "Job id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The report", content_type = "text/csv", body = String),
        (status = 404, description = "No such job, or not finished yet", body = crate::http::Problem)))]
async fn report_api(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    caller.require(Permission::WriteRegistry)?;
    let report = jobs::find(&state.db, &caller, JobId(id))
        .await?
        .1
        .ok_or(AppError::NotFound)?;
    Ok(report_response(id, report))
}
