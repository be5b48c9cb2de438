//! JSON API for complaints: anyone files one (with an `Idempotency-Key`) and follows it by
//! tracking code; officials list and open those in their region scope, reply, resolve and
//! publish answered questions; anyone reads the published answers.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ComplaintError;
use super::model::{Complaint, ComplaintStatus, PublicAnswer};
use super::service::{self, Answer, ComplaintInput};
use super::store::{self, Filter};
use crate::auth::{ApiCaller, Permission};
use crate::http::client::ClientAddress;
use crate::http::idempotency::IdempotentJson;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState, RequestId, pagination};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(file_complaint))
        .routes(routes!(complaint_status))
        .routes(routes!(list_complaints))
        .routes(routes!(get_complaint))
        .routes(routes!(reply_complaint))
        .routes(routes!(resolve_complaint))
        .routes(routes!(publish_answer))
        .routes(routes!(public_answers))
}

/// A complaint as sent through the API.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewComplaintRequest {
    /// `not_received`, `wrong_amount`, `distribution`, `data_error`, `service`, `question`
    /// or `other`.
    category: String,
    /// The village's code (`31.75.07.1003`).
    region: String,
    /// A programme's code, when the complaint is about one.
    #[serde(default)]
    programme: Option<String>,
    /// What happened; 10 to 2,000 characters.
    description: String,
    #[serde(default)]
    latitude: Option<f64>,
    #[serde(default)]
    longitude: Option<f64>,
    /// A phone number or e-mail address to be told of changes.
    #[serde(default)]
    contact: Option<String>,
    /// Up to 3 JPEG or PNG photos, base64; their metadata is removed before storing.
    #[serde(default)]
    photos: Vec<String>,
}

/// A complaint just filed.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ComplaintFiled {
    /// `LPR-` and 8 characters: what the reporter follows it by.
    tracking_code: String,
}

fn input_of(body: &NewComplaintRequest) -> Result<ComplaintInput, ComplaintError> {
    let photos = body
        .photos
        .iter()
        .map(|p| {
            base64::engine::general_purpose::STANDARD
                .decode(p.trim())
                .map_err(|_| {
                    super::input::refused(
                        "photos",
                        "base64",
                        "photos must be base64",
                        "foto harus base64",
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    Ok(ComplaintInput {
        category: body.category.clone(),
        region: body.region.clone(),
        programme: body.programme.clone().unwrap_or_default(),
        description: body.description.clone(),
        photos,
        latitude: number(body.latitude),
        longitude: number(body.longitude),
        contact: body.contact.clone().unwrap_or_default(),
    })
}

/// File a complaint (no login). Limited per client address. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/complaints", tag = "complaints",
    request_body = NewComplaintRequest,
    params(("Idempotency-Key" = String, Header, description = "Unique per complaint")),
    responses((status = 201, description = "Filed; follow it by its tracking code", body = ComplaintFiled),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem),
        (status = 429, description = "Too many from this address", body = Problem)))]
async fn file_complaint(
    State(state): State<AppState>,
    client: ClientAddress,
    command: IdempotentJson<NewComplaintRequest>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let limiter = super::limiter(&state)?;
    let key = client.key();
    let run = async {
        let input = input_of(&command.body)?;
        let code = service::submit(&state.db, limiter, &input, key.as_deref(), now).await?;
        Ok((
            StatusCode::CREATED,
            ComplaintFiled {
                tracking_code: code,
            },
        ))
    };
    command
        .once(&state.db, &store::citizen(), None, now, run)
        .await
}

/// Where a complaint stands, with its history and the officials' answers, by the tracking
/// code its reporter was given (no login; no one's contact).
#[utoipa::path(get, path = "/api/v1/public/complaints/{code}", tag = "complaints",
    params(("code" = String, Path, description = "Tracking code, `LPR-` and 8 characters")),
    responses((status = 200, description = "The complaint's status", body = ComplaintStatus),
        (status = 404, description = "No complaint has this code", body = Problem),
        (status = 429, description = "Too many codes that found nothing", body = Problem)))]
async fn complaint_status(
    State(state): State<AppState>,
    client: ClientAddress,
    Path(code): Path<String>,
) -> Result<Json<ComplaintStatus>, AppError> {
    let limiter = super::limiter(&state)?;
    let key = client.key();
    let now = state.clock.now();
    Ok(Json(
        service::status(&state.db, limiter, &code, key.as_deref(), now).await?,
    ))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ComplaintQuery {
    /// `open`, `answered`, `resolved` or `reopened`; all when absent.
    #[param(pattern = "^\\s*(open|answered|resolved|reopened)?\\s*$")]
    status: Option<String>,
    /// A category; all when absent.
    category: Option<String>,
    /// `true` for those past their due time only.
    overdue: Option<bool>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of complaints.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ComplaintPage {
    items: Vec<Complaint>,
    next_cursor: Option<String>,
}

/// Complaints about villages inside the caller's region scope, newest first.
#[utoipa::path(get, path = "/api/v1/complaints", tag = "complaints", params(ComplaintQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of complaints", body = ComplaintPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_complaints(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<ComplaintQuery>,
) -> Result<Json<ComplaintPage>, AppError> {
    caller.require(Permission::ReadComplaints)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let (status, category) = service::filters(query.status.as_deref(), query.category.as_deref())?;
    let filter = Filter {
        status: &status,
        category: &category,
        overdue_only: query.overdue.unwrap_or(false),
        region: None,
        since: String::new(),
        before_id: page.before_id(),
        limit: page.limit + 1,
    };
    let rows = service::list(&state.db, &caller, &filter, state.clock.now()).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |c| c.id.to_string());
    Ok(Json(ComplaintPage { items, next_cursor }))
}

/// One complaint with its history.
#[utoipa::path(get, path = "/api/v1/complaints/{id}", tag = "complaints",
    params(("id" = i64, Path, description = "Complaint id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The complaint", body = Complaint),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such complaint in the caller's region", body = Problem)))]
async fn get_complaint(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Complaint>, AppError> {
    caller.require(Permission::ReadComplaints)?;
    Ok(Json(
        service::find(&state.db, &caller, id, state.clock.now()).await?,
    ))
}

/// An official's words.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ComplaintAnswerRequest {
    /// 10 to 2,000 characters; the reporter reads them.
    text: String,
}

async fn answer(
    state: AppState,
    caller: crate::auth::Principal,
    request_id: RequestId,
    id: i64,
    kind: Answer,
    command: IdempotentJson<ComplaintAnswerRequest>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::AnswerComplaints)?;
    let now = state.clock.now();
    let run = async {
        let rid = request_id.0.clone();
        let c = service::answer(&state.db, &caller, id, kind, &command.body.text, rid, now).await?;
        Ok((StatusCode::OK, c))
    };
    let subject = format!("{id}:{kind:?}");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// Reply to a complaint at one's office's level: its first response stops the clock of
/// escalation. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/reply", tag = "complaints",
    request_body = ComplaintAnswerRequest,
    params(("id" = i64, Path, description = "Complaint id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The complaint, replied to", body = Complaint),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such complaint in the caller's region", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn reply_complaint(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<ComplaintAnswerRequest>,
) -> Result<Response, AppError> {
    answer(state, caller, request_id, id, Answer::Reply, command).await
}

/// Resolve a complaint with the answer its reporter reads. Requires an `Idempotency-Key`
/// header.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/resolve", tag = "complaints",
    request_body = ComplaintAnswerRequest,
    params(("id" = i64, Path, description = "Complaint id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The complaint, resolved", body = Complaint),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such complaint in the caller's region", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn resolve_complaint(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<ComplaintAnswerRequest>,
) -> Result<Response, AppError> {
    answer(state, caller, request_id, id, Answer::Resolve, command).await
}

/// A public answer: the question and answer as the official edited them.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PublishAnswerRequest {
    /// The question, with nothing personal; 10 to 1,000 characters.
    question: String,
    /// The answer, with nothing personal; 10 to 2,000 characters.
    answer: String,
}

/// The id of a published answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct AnswerPublished {
    id: i64,
}

/// Publish an answered question as a public answer of its programme. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/publish", tag = "complaints",
    request_body = PublishAnswerRequest,
    params(("id" = i64, Path, description = "Complaint id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Published", body = AnswerPublished),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such complaint in the caller's region", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn publish_answer(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    command: IdempotentJson<PublishAnswerRequest>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::AnswerComplaints)?;
    let now = state.clock.now();
    let run = async {
        let body = &command.body;
        let published =
            service::publish(&state.db, &caller, id, &body.question, &body.answer, now).await?;
        Ok((StatusCode::CREATED, AnswerPublished { id: published }))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct AnswerQuery {
    /// A programme's code; all when absent.
    program: Option<String>,
}

/// Published answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct PublicAnswerList {
    items: Vec<PublicAnswer>,
}

/// Answered questions published for everyone, newest first (no login).
#[utoipa::path(get, path = "/api/v1/public/answers", tag = "complaints", params(AnswerQuery),
    responses((status = 200, description = "The published answers", body = PublicAnswerList)))]
async fn public_answers(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AnswerQuery>,
) -> Result<Json<PublicAnswerList>, AppError> {
    let programme = query.program.unwrap_or_default();
    let items = store::answers(&state.db, programme.trim(), 200)
        .await
        .map_err(ComplaintError::from)?;
    Ok(Json(PublicAnswerList { items }))
}
