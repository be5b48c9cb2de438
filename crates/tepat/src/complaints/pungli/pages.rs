//! Pungli pages. For everyone: the anonymous form (`/lapor-pungli`), the page that shows
//! the secret code once, following and adding to a report with the code (sent by POST, so
//! the code never sits in an address bar or a log), and the public figures. For the
//! inspectorate: the reports addressed to it, one report with its photos and the answer
//! form.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{
    ACCUSED_ROLES, PungliFigures, PungliReport, PungliStatus, accused_label, inspectorate_label,
    status_label,
};
use super::service::{self, ReportInput};
use crate::auth::{Permission, SignedIn};
use crate::complaints::error::ComplaintError;
use crate::complaints::photo::{PHOTO_BYTES_MAX, PHOTOS_MAX};
use crate::http::client::ClientAddress;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::upload::{self, FormSender};
use crate::http::{AppError, AppState};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/lapor-pungli", form_page)
        .route(
            axum::http::Method::POST,
            "/lapor-pungli",
            axum::routing::post(submit).layer(axum::extract::DefaultBodyLimit::max(
                crate::complaints::pages::FORM_BYTES_MAX,
            )),
        )
        .get("/lapor-pungli/status", status_form)
        .post("/lapor-pungli/status", status_page)
        .post("/lapor-pungli/tambah", add_information)
        .get("/lapor-pungli/statistik", figures_page)
        .get("/pungli", list_page)
        .get("/pungli/{id}", report_page)
        .get("/pungli/{id}/foto/{n}", photo)
        .post("/pungli/{id}/jawab", answer)
}

#[derive(Template)]
#[template(path = "pungli_form.html")]
struct FormPage {
    ctx: PageCtx,
    roles: Vec<(String, String)>,
    values: HashMap<String, String>,
    errors: FormErrors,
}

impl FormPage {
    fn value(&self, name: &str) -> &str {
        self.values
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }
}

fn render_form(
    ctx: PageCtx,
    values: HashMap<String, String>,
    errors: FormErrors,
) -> Result<String, AppError> {
    let lang = ctx.lang;
    let roles = ACCUSED_ROLES
        .into_iter()
        .map(|r| (r.to_owned(), accused_label(r, lang)))
        .collect();
    Ok(FormPage {
        ctx,
        roles,
        values,
        errors,
    }
    .render()
    .map_err(anyhow::Error::from)?)
}

async fn form_page(ctx: PageCtx) -> Result<Html<String>, AppError> {
    Ok(Html(render_form(
        ctx,
        HashMap::new(),
        FormErrors::default(),
    )?))
}

#[derive(Template)]
#[template(path = "pungli_sent.html")]
struct SentPage {
    ctx: PageCtx,
    code: String,
}

async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    sender: FormSender,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form =
        upload::receive_small_form(&sender, multipart, "foto", PHOTO_BYTES_MAX, PHOTOS_MAX).await?;
    let values: HashMap<String, String> = form.fields.into_iter().collect();
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let input = ReportInput {
        accused_role: get("accused_role"),
        accused_region: get("accused_region"),
        accused_name: get("accused_name"),
        description: get("description"),
        happened_on: get("happened_on"),
        place: get("place"),
        contact: get("contact"),
        photos: form.files.into_iter().map(|(_, bytes)| bytes).collect(),
    };
    let limiter = crate::complaints::limiter(&state)?;
    let key = client.key();
    match service::submit(
        &state.db,
        limiter,
        &input,
        key.as_deref(),
        state.clock.now(),
    )
    .await
    {
        Ok(code) => {
            let html = SentPage { ctx, code }
                .render()
                .map_err(anyhow::Error::from)?;
            let mut response = Html(html).into_response();
            // The code is shown once: no cache may keep the page.
            response.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(response)
        }
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_form(ctx, values, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "pungli_status.html")]
struct StatusPage {
    ctx: PageCtx,
    code: String,
    found: Option<PungliStatus>,
    status: String,
    inspectorate: String,
    searched: bool,
    errors: FormErrors,
}

async fn render_status(
    state: &AppState,
    ctx: PageCtx,
    client: &ClientAddress,
    code: String,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let searched = !code.trim().is_empty();
    let limiter = crate::complaints::limiter(state)?;
    let key = client.key();
    let found = if searched {
        match service::status(&state.db, limiter, &code, key.as_deref(), state.clock.now()).await {
            Ok(found) => Some(found),
            Err(ComplaintError::NotFound) => None,
            Err(other) => return Err(other.into()),
        }
    } else {
        None
    };
    let status = found
        .as_ref()
        .map(|f| status_label(&f.status, ctx.lang))
        .unwrap_or_default();
    let inspectorate = found
        .as_ref()
        .map(|f| inspectorate_label(&f.inspectorate_region, ctx.lang))
        .unwrap_or_default();
    let missing = searched && found.is_none();
    let page = StatusPage {
        ctx,
        code,
        found,
        status,
        inspectorate,
        searched,
        errors,
    };
    let html = page.render().map_err(anyhow::Error::from)?;
    let status = if missing {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Html(html),
    )
        .into_response())
}

async fn status_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
) -> Result<Response, AppError> {
    render_status(&state, ctx, &client, String::new(), FormErrors::default()).await
}

#[derive(serde::Deserialize)]
struct CodeForm {
    #[serde(default)]
    kode: String,
    #[serde(default)]
    information: String,
}

async fn status_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    render_status(&state, ctx, &client, form.kode, FormErrors::default()).await
}

async fn add_information(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let limiter = crate::complaints::limiter(&state)?;
    let key = client.key();
    let now = state.clock.now();
    match service::add_information(
        &state.db,
        limiter,
        &form.kode,
        &form.information,
        key.as_deref(),
        now,
    )
    .await
    {
        Ok(()) => render_status(&state, ctx, &client, form.kode, FormErrors::default()).await,
        Err(ComplaintError::Invalid(rule)) => {
            let errors = FormErrors::from_error(ComplaintError::Invalid(rule).into(), ctx.lang)?;
            let page = render_status(&state, ctx, &client, form.kode, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(ComplaintError::NotFound) => {
            render_status(&state, ctx, &client, form.kode, FormErrors::default()).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "pungli_figures.html")]
struct FiguresPage {
    ctx: PageCtx,
    items: Vec<PungliFigures>,
}

impl FiguresPage {
    fn days(&self, value: &Option<f64>) -> String {
        match value {
            Some(days) => format!("{:.1}", days).replace('.', ","),
            None => "—".to_owned(),
        }
    }
}

async fn figures_page(
    State(state): State<AppState>,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    let items = service::figures(&state.db, state.clock.now()).await?;
    Ok(Html(
        FiguresPage { ctx, items }
            .render()
            .map_err(anyhow::Error::from)?,
    ))
}

/// A report as the inspectorate's pages show it.
pub struct ReportView {
    pub r: PungliReport,
    pub accused: String,
    pub status: String,
    pub inspectorate: String,
}

impl ReportView {
    fn new(r: PungliReport, ctx: &PageCtx) -> Self {
        Self {
            accused: accused_label(&r.accused_role, ctx.lang),
            status: status_label(&r.status, ctx.lang),
            inspectorate: inspectorate_label(&r.inspectorate_region, ctx.lang),
            r,
        }
    }
}

#[derive(Template)]
#[template(path = "pungli_reports.html")]
struct ListPage {
    ctx: PageCtx,
    items: Vec<ReportView>,
}

async fn list_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::HandlePungliReports)?;
    let rows = service::list(&state.db, &me, "", i64::MAX, 200, state.clock.now()).await?;
    let items = rows.into_iter().map(|r| ReportView::new(r, &ctx)).collect();
    Ok(Html(
        ListPage { ctx, items }
            .render()
            .map_err(anyhow::Error::from)?,
    ))
}

#[derive(Template)]
#[template(path = "pungli_report.html")]
struct OnePage {
    ctx: PageCtx,
    view: ReportView,
    photos: Vec<i64>,
    text: String,
    errors: FormErrors,
}

fn render_one(
    ctx: PageCtx,
    r: PungliReport,
    text: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    let photos = (1..=r.photos).collect();
    let view = ReportView::new(r, &ctx);
    Ok(OnePage {
        ctx,
        view,
        photos,
        text,
        errors,
    }
    .render()
    .map_err(anyhow::Error::from)?)
}

async fn report_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let r = service::find(&state.db, &me, id, state.clock.now()).await?;
    Ok(Html(render_one(
        ctx,
        r,
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
    Ok(upload::attachment(name, kind, bytes))
}

#[derive(serde::Deserialize)]
struct AnswerForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    close: String,
}

async fn answer(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let close = form.close == "1";
    match service::answer(&state.db, &me, id, &form.text, close, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/pungli/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let r = service::find(&state.db, &me, id, now).await?;
            let html = render_one(ctx, r, form.text, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
