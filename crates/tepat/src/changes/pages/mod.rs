//! Pages for change requests: the queue, a request with its decision, and its evidence
//! files; proposing from a household's page is in `propose`, correcting a returned request
//! and sending it again in `resend`. Handlers read the request,
//! call one service function and render; a refusal a person can fix is shown on the page
//! itself, any other becomes the error page.

mod details;
mod propose;
mod resend;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing;

use super::error::ChangeError;
use super::evidence::{EVIDENCE_BYTES_MAX, EVIDENCE_FILES_MAX};
use super::model::{ChangeRequest, ChangeRequestId, ChangeStatus, Decision};
use super::service;
use super::store::ListFilter;
use crate::auth::{Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, FieldError, RequestId};
use crate::registry::service::HouseholdDetail;
use crate::web::changes::ChangeRow;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    // Evidence files plus room for the form's other fields.
    let limit = EVIDENCE_FILES_MAX * EVIDENCE_BYTES_MAX + 256 * 1024;
    RouteBook::new()
        .get("/usulan", queue_page)
        .get("/usulan/{id}", request_page)
        .post("/usulan/{id}/putuskan", decide_form)
        .get("/usulan/{id}/bukti/{file}", evidence_download)
        .get("/usulan/{id}/perbaiki", resend::correct_page)
        .route(
            Method::POST,
            "/usulan/{id}/perbaiki",
            routing::post(resend::correct_form).layer(DefaultBodyLimit::max(limit)),
        )
        .get("/keluarga/{id}/usulan", propose::propose_page)
        .route(
            Method::POST,
            "/keluarga/{id}/usulan",
            routing::post(propose::propose_form).layer(DefaultBodyLimit::max(limit)),
        )
}

// ---- queue ----

#[derive(serde::Deserialize, Default)]
struct QueueQuery {
    status: Option<String>,
    sebelum: Option<i64>,
}

#[derive(Template)]
#[template(path = "changes_queue.html")]
struct QueuePage {
    ctx: PageCtx,
    status: ChangeStatus,
    requests: Vec<ChangeRequest>,
    next: Option<ChangeRequestId>,
}

impl QueuePage {
    fn statuses(&self) -> [ChangeStatus; 3] {
        ChangeStatus::ALL
    }
}

const PAGE_SIZE: usize = 50;

async fn queue_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<QueueQuery>,
) -> Result<Html<String>, AppError> {
    let status = query
        .status
        .as_deref()
        .and_then(ChangeStatus::parse)
        .unwrap_or(ChangeStatus::Proposed);
    let filter = ListFilter {
        status: Some(status),
        household_id: None,
        before: query.sebelum.map(ChangeRequestId),
    };
    let limit = PAGE_SIZE as i64 + 1;
    let mut requests = service::list(&state.db, &me, &filter, limit).await?;
    let next = (requests.len() > PAGE_SIZE).then(|| {
        requests.truncate(PAGE_SIZE);
        requests.last().map_or(ChangeRequestId(0), |r| r.id)
    });
    let page = QueuePage {
        ctx,
        status,
        requests,
        next,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

// ---- one request ----

#[derive(Template)]
#[template(path = "changes_request.html")]
struct RequestPage {
    ctx: PageCtx,
    request: ChangeRequest,
    details: Vec<ChangeRow>,
    can_decide: bool,
    can_resend: bool,
    error: Option<String>,
}

impl RequestPage {
    fn proposer_role(&self) -> String {
        self.ctx.answer("role", &self.request.proposer_role)
    }
}

fn can_decide(me: &Principal, request: &ChangeRequest) -> bool {
    request.status == ChangeStatus::Proposed && Permission::DecideChange.roles().contains(&me.role)
}

async fn request_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let request = service::find(&state.db, &me, ChangeRequestId(id)).await?;
    render_request(&state, ctx, &me, request, None).await
}

/// The household as it is now, for the "before" column, while the request is open.
async fn current(
    state: &AppState,
    me: &Principal,
    request: &ChangeRequest,
) -> Option<HouseholdDetail> {
    if request.status != ChangeStatus::Proposed {
        return None;
    }
    crate::registry::service::household(&state.db, me, request.household_id.0)
        .await
        .ok()
}

async fn render_request(
    state: &AppState,
    ctx: PageCtx,
    me: &Principal,
    request: ChangeRequest,
    error: Option<String>,
) -> Result<Html<String>, AppError> {
    let now = current(state, me, &request).await;
    let page = RequestPage {
        details: details::rows(
            &request.proposal,
            &details::Current(now.as_ref()),
            ctx.shown(),
        ),
        can_decide: can_decide(me, &request),
        can_resend: resend::can_resend(me, &request),
        ctx,
        request,
        error,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

#[derive(serde::Deserialize)]
struct DecisionForm {
    keputusan: String,
    #[serde(default)]
    catatan: String,
}

fn decision(text: &str) -> Result<Decision, AppError> {
    match text {
        "setujui" => Ok(Decision::Approve),
        "kembalikan" => Ok(Decision::Return),
        _ => Err(AppError::BadRequest(FieldError::new(
            "keputusan",
            "one-of",
            "must be setujui or kembalikan",
            "harus setujui atau kembalikan",
        ))),
    }
}

async fn decide_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let decision = decision(&form.keputusan)?;
    let (id, now) = (ChangeRequestId(id), state.clock.now());
    let decided = service::decide(
        &state.db,
        &me,
        id,
        decision,
        &form.catatan,
        request_id.0,
        now,
    )
    .await;
    match decided {
        Ok(_) => Ok(Redirect::to(&format!("/usulan/{id}")).into_response()),
        Err(err @ (ChangeError::Invalid(_) | ChangeError::Conflict(_))) => {
            let message = error_text(&err, ctx.lang);
            let request = service::find(&state.db, &me, id).await?;
            let mut page = render_request(&state, ctx, &me, request, Some(message))
                .await?
                .into_response();
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
        Err(err) => Err(err.into()),
    }
}

/// The fields a refusal names, in one line for the top of the page.
fn error_text(err: &ChangeError, lang: Lang) -> String {
    err.findings()
        .iter()
        .map(|f| {
            let field = crate::web::labels::field(&f.field, lang);
            format!("{field}: {}", f.message_in(lang))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

async fn evidence_download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (name, content_type, bytes) =
        service::evidence_file(&state.db, &me, ChangeRequestId(id), file).await?;
    Ok(crate::http::upload::attachment(&name, content_type, bytes))
}
