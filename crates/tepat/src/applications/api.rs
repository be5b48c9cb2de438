//! JSON API for self-registration: a family applies and checks the status without an
//! account; officials list, read, verify, accept and reject within their region.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Extensions, StatusCode};
use axum::response::Response;
use base64::Engine;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApplicationError;
use super::model::{
    Application, ApplicationId, ApplicationInput, Document, PublicStatus, Status, VerificationInput,
};
use super::service::Sender;
use super::{review, service};
use crate::auth::ApiCaller;
use crate::auth::Principal;
use crate::changes::api::EvidenceIn;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::idempotency::{self, IdempotentJson};
use crate::http::json::{ApiJson, ApiQuery};
use crate::http::{AppError, FieldError, pagination};

type Problem = crate::http::Problem;

/// Idempotency keys of commands sent without an account share one namespace; a repeat
/// must also carry the same body to be answered from it.
const PUBLIC_CALLER: &str = "public:application";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit_application))
        .routes(routes!(application_status))
        .routes(routes!(list_applications))
        .routes(routes!(get_application))
        .routes(routes!(verify_application))
        .routes(routes!(accept_application))
        .routes(routes!(reject_application))
}

/// An application with its documents.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct NewApplication {
    #[serde(flatten)]
    pub application: ApplicationInput,
    /// Photos or scans of documents (KK, KTP, a letter from the RT): at most 3 files of
    /// 5 MB each, JPEG, PNG or PDF. The 1 MiB body limit applies; larger files go
    /// through the web form.
    #[serde(default)]
    pub documents: Vec<EvidenceIn>,
}

/// A new application's tracking number and status.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Submitted {
    pub tracking_number: String,
    pub status: Status,
    pub submitted_at: String,
}

/// A status question: the tracking number and the head of family's birth date.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct StatusQuestion {
    pub tracking_number: String,
    /// `YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY`.
    pub birth_date: String,
}

/// A rejection's reason, which the family reads.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct RejectionIn {
    #[serde(default)]
    pub reason: String,
}

/// An empty command body.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct AcceptIn {}

fn decode(files: &[EvidenceIn]) -> Result<Vec<Document>, AppError> {
    let mut documents = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let content = base64::engine::general_purpose::STANDARD
            .decode(file.content_base64.trim())
            .map_err(|_| {
                AppError::invalid(FieldError::new(
                    &format!("documents[{index}].content_base64"),
                    "base64",
                    "is not valid base64",
                    "bukan base64 yang sah",
                ))
            })?;
        documents.push(Document {
            file_name: file.file_name.clone(),
            content,
        });
    }
    Ok(documents)
}

/// Apply for social assistance as a family (no account needed). The application is
/// checked with the registry's rules and waits for the village's verification; the answer
/// carries the tracking number. Requires an `Idempotency-Key` header: a repeat returns the
/// same application.
#[utoipa::path(post, path = "/api/v1/applications", tag = "registry",
    params(("Idempotency-Key" = String, Header, description = "Unique per application")),
    request_body = NewApplication,
    responses((status = 201, description = "Received", body = Submitted),
        (status = 400, description = "Malformed body or header", body = Problem),
        (status = 422, description = "A field failed its rule", body = Problem),
        (status = 429, description = "Too many applications for the village or from this address in the last hour", body = Problem)))]
async fn submit_application(
    State(state): State<AppState>,
    request_id: RequestId,
    extensions: Extensions,
    command: IdempotentJson<NewApplication>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let run = async {
        let documents = decode(&command.body.documents)?;
        let application = &command.body.application;
        let sender = Sender {
            form_id: None,
            client_address: super::pages::client_address(&extensions),
            request_id: request_id.0.clone(),
        };
        let done = service::submit(&state.db, application, &documents, &sender, now).await?;
        let answer = Submitted {
            tracking_number: done.tracking_number,
            status: done.status,
            submitted_at: done.submitted_at,
        };
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(answer).map_err(anyhow::Error::from)?,
        ))
    };
    idempotency::run(
        &state.db,
        PUBLIC_CALLER,
        &command.key,
        &command.request_hash,
        now,
        run,
    )
    .await
}

/// The status of an application, for its tracking number and the head of family's birth
/// date. A wrong birth date is answered like an unknown number (404).
#[utoipa::path(post, path = "/api/v1/application-status", tag = "registry",
    request_body = StatusQuestion,
    responses((status = 200, description = "The status", body = PublicStatus),
        (status = 404, description = "No application with this number and birth date", body = Problem),
        (status = 422, description = "The birth date is not a date", body = Problem)))]
async fn application_status(
    State(state): State<AppState>,
    ApiJson(question): ApiJson<StatusQuestion>,
) -> Result<Json<PublicStatus>, AppError> {
    let found = service::status(&state.db, &question.tracking_number, &question.birth_date);
    Ok(Json(found.await?))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// `diajukan`, `diverifikasi`, `diterima` or `ditolak`.
    #[param(pattern = "^(diajukan|diverifikasi|diterima|ditolak)?$")]
    status: Option<String>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of applications.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ApplicationPage {
    items: Vec<Application>,
    next_cursor: Option<String>,
}

/// Applications in the caller's region, newest first (the village queue).
#[utoipa::path(get, path = "/api/v1/applications", tag = "registry", params(ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of applications", body = ApplicationPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 403, description = "Not allowed", body = Problem)))]
async fn list_applications(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<ApplicationPage>, AppError> {
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(Status::parse(text).ok_or_else(|| {
            AppError::BadRequest(FieldError::new(
                "status",
                "one-of",
                "must be diajukan, diverifikasi, diterima or ditolak",
                "harus diajukan, diverifikasi, diterima atau ditolak",
            ))
        })?),
    };
    let before = page
        .after
        .as_deref()
        .and_then(|a| a.parse().ok())
        .map(ApplicationId);
    let limit = i64::from(page.limit) + 1;
    let now = state.clock.now();
    let rows = review::list_with_niks(&state.db, &caller, (status, before, limit), now).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |r| r.id.to_string());
    Ok(Json(ApplicationPage { items, next_cursor }))
}

/// One application with its members, statement, documents and verification.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "registry",
    params(("id" = i64, Path, description = "Application id")), security(("bearer" = [])),
    responses((status = 200, description = "The application", body = Application),
        (status = 403, description = "Outside the caller's region", body = Problem),
        (status = 404, description = "No such application", body = Problem)))]
async fn get_application(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Application>, AppError> {
    let now = state.clock.now();
    Ok(Json(
        review::get(&state.db, &caller, ApplicationId(id), now).await?,
    ))
}

async fn answer(
    state: &AppState,
    caller: &Principal,
    key: &str,
    hash: &str,
    step: impl std::future::Future<Output = Result<Application, ApplicationError>>,
) -> Result<Response, AppError> {
    let run = async {
        let application = step.await?;
        Ok((
            StatusCode::OK,
            serde_json::to_value(application).map_err(anyhow::Error::from)?,
        ))
    };
    let now = state.clock.now();
    idempotency::run(
        &state.db,
        &idempotency::caller_key(&caller.actor),
        key,
        hash,
        now,
        run,
    )
    .await
}

/// Record the field visit and the survey (village operators and facilitators of the
/// village). Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/applications/{id}/verify", tag = "registry",
    params(("id" = i64, Path, description = "Application id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    request_body = VerificationInput, security(("bearer" = [])),
    responses((status = 200, description = "Verified", body = Application),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "Already verified or decided", body = Problem),
        (status = 422, description = "A field failed its rule", body = Problem)))]
async fn verify_application(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<VerificationInput>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let id = ApplicationId(id);
    let step = review::verify(&state.db, &caller, id, &command.body, request_id.0, now);
    answer(&state, &caller, &command.key, &command.request_hash, step).await
}

/// Accept a verified application: the household and its members enter the registry as
/// new versions naming the application and the verifier. A KK or NIK already registered
/// refuses it (409, naming the field). Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/applications/{id}/accept", tag = "registry",
    params(("id" = i64, Path, description = "Application id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    request_body = AcceptIn, security(("bearer" = [])),
    responses((status = 200, description = "Accepted; `household_id` names the new household", body = Application),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "Not verified, decided, or a number already registered", body = Problem),
        (status = 422, description = "The data no longer passes the registry's rules", body = Problem)))]
async fn accept_application(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<AcceptIn>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let step = review::accept(&state.db, &caller, ApplicationId(id), request_id.0, now);
    answer(&state, &caller, &command.key, &command.request_hash, step).await
}

/// Reject an application with a reason the family reads on the status page. Requires an
/// `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/applications/{id}/reject", tag = "registry",
    params(("id" = i64, Path, description = "Application id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    request_body = RejectionIn, security(("bearer" = [])),
    responses((status = 200, description = "Rejected", body = Application),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "Already decided", body = Problem),
        (status = 422, description = "The reason is missing", body = Problem)))]
async fn reject_application(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<RejectionIn>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let reason = command.body.reason.clone();
    let id = ApplicationId(id);
    let step = review::reject(&state.db, &caller, id, &reason, request_id.0, now);
    answer(&state, &caller, &command.key, &command.request_hash, step).await
}
