//! The public side of complaints: `/lapor` (first the village, chosen from lists or typed,
//! then the form), the confirmation with the tracking code, and `/lapor/status` where the
//! reporter follows it, reopens it once or rates the answer. No login, no JavaScript
//! needed (a small script only offers the phone's location).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::complaints::model::{
    CATEGORIES, ComplaintStatus, category_label, level_label, status_label, update_label,
};
use crate::complaints::photo::{PHOTO_BYTES_MAX, PHOTOS_MAX};
use crate::complaints::service::{self, ComplaintInput};
use crate::http::client::ClientAddress;
use crate::http::csrf::CsrfForm;
use crate::http::upload::{self, FormSender};
use crate::http::{AppError, AppState};
use crate::regions::picker::{self, Picker};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

#[derive(Template)]
#[template(path = "complaint_village.html")]
struct VillagePage {
    ctx: PageCtx,
    picker: Picker,
}

#[derive(Template)]
#[template(path = "complaint_form.html")]
struct FormPage {
    ctx: PageCtx,
    village: String,
    categories: Vec<(String, String)>,
    programmes: Vec<(String, String)>,
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

#[derive(serde::Deserialize, Default)]
pub(super) struct FormQuery {
    desa: Option<String>,
    wilayah: Option<String>,
    cari: Option<String>,
}

async fn render_form(
    state: &AppState,
    ctx: PageCtx,
    values: HashMap<String, String>,
    errors: FormErrors,
) -> Result<String, AppError> {
    let code = values.get("region").cloned().unwrap_or_default();
    let village = match picker::village(&state.db, &code).await? {
        Some(lineage) => lineage
            .iter()
            .rev()
            .map(|r| r.name.clone())
            .collect::<Vec<_>>()
            .join(", "),
        None => code,
    };
    let lang = ctx.lang;
    let programmes = crate::programmes::store::list(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let page = FormPage {
        village,
        categories: CATEGORIES
            .into_iter()
            .map(|c| (c.to_owned(), category_label(c, lang)))
            .collect(),
        programmes,
        values,
        errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn form_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<FormQuery>,
) -> Result<Response, AppError> {
    let chosen: Option<String> = query
        .desa
        .as_deref()
        .map(|c| c.trim().chars().take(20).collect());
    if let Some(code) = &chosen
        && picker::village(&state.db, code).await?.is_some()
    {
        let values = HashMap::from([("region".to_owned(), code.clone())]);
        return Ok(
            Html(render_form(&state, ctx, values, FormErrors::default()).await?).into_response(),
        );
    }
    let at = query.wilayah.as_deref().or(chosen.as_deref());
    let picker = Picker::open(&state.db, "/lapor", at, query.cari.as_deref(), ctx.lang).await?;
    let html = VillagePage { ctx, picker }
        .render()
        .map_err(anyhow::Error::from)?;
    Ok(Html(html).into_response())
}

#[derive(Template)]
#[template(path = "complaint_sent.html")]
struct SentPage {
    ctx: PageCtx,
    code: String,
}

pub(super) async fn submit(
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
    let input = ComplaintInput {
        category: get("category"),
        region: get("region"),
        programme: get("programme"),
        description: get("description"),
        photos: form.files.into_iter().map(|(_, bytes)| bytes).collect(),
        latitude: get("latitude"),
        longitude: get("longitude"),
        contact: get("contact"),
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
            Ok(Html(html).into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_form(&state, ctx, values, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

/// A history step as the tracking page shows it.
pub struct StepView {
    pub what: String,
    pub at: String,
    pub body: Option<String>,
    pub office: Option<String>,
}

#[derive(Template)]
#[template(path = "complaint_status.html")]
struct StatusPage {
    ctx: PageCtx,
    code: String,
    found: Option<ComplaintStatus>,
    category: String,
    status: String,
    office: String,
    steps: Vec<StepView>,
    searched: bool,
    errors: FormErrors,
}

#[derive(serde::Deserialize, Default)]
pub(super) struct StatusQuery {
    kode: Option<String>,
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
            Err(crate::complaints::error::ComplaintError::NotFound) => None,
            Err(other) => return Err(other.into()),
        }
    } else {
        None
    };
    let lang = ctx.lang;
    let label = |f: fn(&str, crate::web::i18n::Lang) -> String,
                 pick: fn(&ComplaintStatus) -> &str| {
        found.as_ref().map(|c| f(pick(c), lang)).unwrap_or_default()
    };
    let category = label(category_label, |c| &c.category);
    let status = label(status_label, |c| &c.status);
    let office = label(level_label, |c| &c.office_level);
    let steps = found
        .as_ref()
        .map(|c| {
            c.history
                .iter()
                .map(|u| StepView {
                    what: update_label(&u.kind, lang),
                    at: ctx.when(&u.at),
                    body: u.body.clone(),
                    office: u.office_level.as_deref().map(|l| level_label(l, lang)),
                })
                .collect()
        })
        .unwrap_or_default();
    let missing = searched && found.is_none();
    let page = StatusPage {
        ctx,
        code,
        found,
        category,
        status,
        office,
        steps,
        searched,
        errors,
    };
    let html = page.render().map_err(anyhow::Error::from)?;
    let status = if missing {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok((status, Html(html)).into_response())
}

pub(super) async fn status_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    Query(query): Query<StatusQuery>,
) -> Result<Response, AppError> {
    let code = query.kode.unwrap_or_default();
    render_status(&state, ctx, &client, code, FormErrors::default()).await
}

#[derive(serde::Deserialize)]
pub(super) struct FollowUpForm {
    #[serde(default)]
    kode: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    rating: String,
}

/// Reopens the complaint of a tracking code, once.
pub(super) async fn reopen(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<FollowUpForm>,
) -> Result<Response, AppError> {
    match service::reopen(&state.db, &form.kode, &form.reason, state.clock.now()).await {
        Ok(()) => Ok(Redirect::to(&status_link(&form.kode)).into_response()),
        Err(err) => follow_up_refused(&state, ctx, &client, form.kode, err).await,
    }
}

/// Rates the answer of the complaint of a tracking code, once.
pub(super) async fn rate(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<FollowUpForm>,
) -> Result<Response, AppError> {
    match service::rate(&state.db, &form.kode, &form.rating, state.clock.now()).await {
        Ok(()) => Ok(Redirect::to(&status_link(&form.kode)).into_response()),
        Err(err) => follow_up_refused(&state, ctx, &client, form.kode, err).await,
    }
}

fn status_link(code: &str) -> String {
    let code: String = code
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("/lapor/status?kode={code}")
}

async fn follow_up_refused(
    state: &AppState,
    ctx: PageCtx,
    client: &ClientAddress,
    code: String,
    err: crate::complaints::error::ComplaintError,
) -> Result<Response, AppError> {
    let errors = FormErrors::from_error(err.into(), ctx.lang)?;
    let page = render_status(state, ctx, client, code, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
