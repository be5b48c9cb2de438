//! Objection pages: the public form and status (`public.rs`), and for officials the list
//! in their scope, one objection (its objector only for the verifying officer) with the
//! verification form, and its photo.

mod public;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{Objection, reason_label, status_label};
use super::service::{self, Verdict};
use crate::auth::{Permission, Principal, Role, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId, pagination};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/sanggah", public::form_page)
        .route(
            axum::http::Method::POST,
            "/sanggah",
            axum::routing::post(public::submit)
                .layer(axum::extract::DefaultBodyLimit::max(public::FORM_BYTES_MAX)),
        )
        .get("/sanggah/status", public::status_page)
        .get("/sanggahan", list_page)
        .get("/sanggahan/{id}", objection_page)
        .get("/sanggahan/{id}/foto", photo)
        .post("/sanggahan/{id}/verifikasi", verify)
}

/// An objection as pages show it.
pub struct ObjectionView {
    pub o: Objection,
    pub reason: String,
    pub status: String,
    pub head: String,
}

impl ObjectionView {
    fn new(o: Objection, ctx: &PageCtx) -> Self {
        Self {
            reason: reason_label(&o.reason, ctx.lang),
            status: status_label(&o.status, ctx.lang),
            head: o.household_head.clone().unwrap_or_else(|| "—".into()),
            o,
        }
    }
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "objections.html")]
struct ListPage {
    ctx: PageCtx,
    status: String,
    statuses: Vec<(String, String)>,
    items: Vec<ObjectionView>,
    next_cursor: Option<String>,
}

async fn list_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadProposals)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: None,
    }
    .validate()?;
    let status = service::status_filter(query.status.as_deref())?;
    let now = state.clock.now();
    let rows = service::list(
        &state.db,
        &me,
        &status,
        page.before_id(),
        page.limit + 1,
        now,
    )
    .await?;
    let (rows, next_cursor) = pagination::finish_page(rows, page.limit, |o| o.id.to_string());
    let items = rows
        .into_iter()
        .map(|o| ObjectionView::new(o, &ctx))
        .collect();
    let statuses = ["open", "escalated", "founded", "unfounded"]
        .into_iter()
        .map(|s| (s.to_owned(), status_label(s, ctx.lang)))
        .collect();
    let html = ListPage {
        ctx,
        status,
        statuses,
        items,
        next_cursor,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(Template)]
#[template(path = "objection.html")]
struct OnePage {
    ctx: PageCtx,
    view: ObjectionView,
    can_verify: bool,
    note: String,
    errors: FormErrors,
}

fn can_verify(me: &Principal, o: &Objection) -> bool {
    let level_role = if o.level == "province" {
        Role::ProvinceOfficer
    } else {
        Role::DistrictOfficer
    };
    matches!(o.status.as_str(), "open" | "escalated") && me.role == level_role
}

fn render(
    ctx: PageCtx,
    me: &Principal,
    o: Objection,
    note: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    let can_verify = can_verify(me, &o);
    let view = ObjectionView::new(o, &ctx);
    let page = OnePage {
        ctx,
        view,
        can_verify,
        note,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn objection_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let o = service::find(&state.db, &me, id, state.clock.now()).await?;
    Ok(Html(render(
        ctx,
        &me,
        o,
        String::new(),
        FormErrors::default(),
    )?))
}

async fn photo(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (bytes, kind) = service::photo(&state.db, &me, id, state.clock.now()).await?;
    let name = if kind == "image/png" {
        "foto.png"
    } else {
        "foto.jpg"
    };
    Ok(crate::http::upload::attachment(name, kind, bytes))
}

#[derive(serde::Deserialize)]
struct VerifyForm {
    #[serde(default)]
    finding: String,
    #[serde(default)]
    note: String,
}

async fn verify(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<VerifyForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let verdict = match form.finding.as_str() {
        "founded" => Ok(Verdict::Founded),
        "unfounded" => Ok(Verdict::Unfounded),
        _ => Err(super::error::ObjectionError::invalid(
            "finding",
            "choice",
            "choose founded or unfounded",
            "pilih terbukti atau tidak terbukti",
        )),
    };
    let done = match verdict {
        Ok(verdict) => {
            service::verify(&state.db, &me, id, verdict, &form.note, request_id.0, now).await
        }
        Err(err) => Err(err),
    };
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/sanggahan/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let o = service::find(&state.db, &me, id, now).await?;
            let html = render(ctx, &me, o, form.note, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
