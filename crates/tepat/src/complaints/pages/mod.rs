//! Complaint pages: the public form and tracking page (`public.rs`), public answers
//! (`answers.rs`), and for officials the list in their scope with filters and overdue
//! badges, one complaint with its photos, and the reply, resolve and publish forms.

mod answers;
mod public;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::Method;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing;

use super::model::{
    CATEGORIES, Complaint, QUESTION, RESOLVED, STATUSES, answering_role, category_label,
    level_label, status_label, update_label,
};
use super::service::{self, Answer};
use super::store::Filter;
use crate::auth::{Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId, pagination};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// The largest form with its photos: three photos at their limit and the text fields.
pub const FORM_BYTES_MAX: usize =
    crate::complaints::photo::PHOTOS_MAX * crate::complaints::photo::PHOTO_BYTES_MAX + 256 * 1024;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/lapor", public::form_page)
        .route(
            Method::POST,
            "/lapor",
            routing::post(public::submit).layer(DefaultBodyLimit::max(FORM_BYTES_MAX)),
        )
        .get("/lapor/lokasi.js", location_script)
        .get("/lapor/status", public::status_page)
        .post("/lapor/status/buka", public::reopen)
        .post("/lapor/status/nilai", public::rate)
        .get("/tanya-jawab", answers::list_page)
        .get("/pengaduan", list_page)
        .get("/pengaduan/{id}", complaint_page)
        .get("/pengaduan/{id}/foto/{n}", photo)
        .post("/pengaduan/{id}/tanggapi", reply)
        .post("/pengaduan/{id}/terbitkan", answers::publish)
}

async fn location_script() -> impl IntoResponse {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/javascript; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../../assets/lokasi.js"),
    )
}

/// A complaint as pages show it.
pub struct ComplaintView {
    pub c: Complaint,
    pub category: String,
    pub status: String,
    pub office: String,
}

impl ComplaintView {
    fn new(c: Complaint, ctx: &PageCtx) -> Self {
        Self {
            category: category_label(&c.category, ctx.lang),
            status: status_label(&c.status, ctx.lang),
            office: level_label(&c.office_level, ctx.lang),
            c,
        }
    }
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    category: Option<String>,
    terlambat: Option<String>,
    /// A region inside the official's (from the trends page).
    wilayah: Option<String>,
    /// A day `YYYY-MM-DD` (WIB): complaints made on it or later.
    sejak: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "complaints.html")]
struct ListPage {
    ctx: PageCtx,
    status: String,
    category: String,
    overdue_only: bool,
    region: String,
    since: String,
    /// The region and day narrowed to, in words.
    narrowed: String,
    statuses: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    items: Vec<ComplaintView>,
    next_cursor: Option<String>,
}

async fn list_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadComplaints)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: None,
    }
    .validate()?;
    let (status, category) = service::filters(query.status.as_deref(), query.category.as_deref())?;
    let overdue_only = query.terlambat.is_some_and(|v| !v.is_empty());
    let narrow = super::trends::pages::narrowing(
        &state,
        &ctx,
        query.wilayah.as_deref(),
        query.sejak.as_deref(),
    )
    .await?;
    let filter = Filter {
        status: &status,
        category: &category,
        overdue_only,
        region: narrow.region.as_ref(),
        since: narrow.since_stored.clone(),
        before_id: page.before_id(),
        limit: page.limit + 1,
    };
    let rows = service::list(&state.db, &me, &filter, state.clock.now()).await?;
    let (rows, next_cursor) = pagination::finish_page(rows, page.limit, |c| c.id.to_string());
    let items = rows
        .into_iter()
        .map(|c| ComplaintView::new(c, &ctx))
        .collect();
    let lang = ctx.lang;
    let html = ListPage {
        statuses: STATUSES
            .into_iter()
            .map(|s| (s.to_owned(), status_label(s, lang)))
            .collect(),
        categories: CATEGORIES
            .into_iter()
            .map(|c| (c.to_owned(), category_label(c, lang)))
            .collect(),
        ctx,
        status,
        category,
        overdue_only,
        region: narrow.region_text,
        since: narrow.since_text,
        narrowed: narrow.words,
        items,
        next_cursor,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// A history step as the officials' page shows it.
pub struct StepRow {
    pub what: String,
    pub at: String,
    pub body: Option<String>,
    pub office: Option<String>,
}

#[derive(Template)]
#[template(path = "complaint.html")]
struct OnePage {
    ctx: PageCtx,
    view: ComplaintView,
    steps: Vec<StepRow>,
    photos: Vec<i64>,
    can_answer: bool,
    can_publish: bool,
    text: String,
    errors: FormErrors,
}

fn render(
    ctx: PageCtx,
    me: &Principal,
    c: Complaint,
    text: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    let can_answer = c.status != RESOLVED && me.role == answering_role(&c.office_level);
    let can_publish = c.category == QUESTION
        && c.status == RESOLVED
        && Permission::AnswerComplaints.roles().contains(&me.role);
    let lang = ctx.lang;
    let steps = c
        .history
        .iter()
        .map(|u| StepRow {
            what: update_label(&u.kind, lang),
            at: ctx.when(&u.at),
            body: u.body.clone(),
            office: u.office_level.as_deref().map(|l| level_label(l, lang)),
        })
        .collect();
    let photos = (1..=c.photos).collect();
    let view = ComplaintView::new(c, &ctx);
    let page = OnePage {
        ctx,
        view,
        steps,
        photos,
        can_answer,
        can_publish,
        text,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn complaint_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let c = service::find(&state.db, &me, id, state.clock.now()).await?;
    Ok(Html(render(
        ctx,
        &me,
        c,
        String::new(),
        FormErrors::default(),
    )?))
}

async fn photo(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((id, n)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (bytes, kind) = service::photo(&state.db, &me, id, n, state.clock.now()).await?;
    let name = if kind == "image/png" {
        "foto.png"
    } else {
        "foto.jpg"
    };
    Ok(crate::http::upload::attachment(name, kind, bytes))
}

#[derive(serde::Deserialize)]
struct AnswerForm {
    #[serde(default)]
    text: String,
    /// `reply` or `resolve`.
    #[serde(default)]
    action: String,
}

async fn reply(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let kind = if form.action == "resolve" {
        Answer::Resolve
    } else {
        Answer::Reply
    };
    match service::answer(&state.db, &me, id, kind, &form.text, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/pengaduan/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let c = service::find(&state.db, &me, id, now).await?;
            let html = render(ctx, &me, c, form.text, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
