//! Review-flag pages: the flags in the official's scope (open by default), one flag with
//! its details, and the form that clears it with a note.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::service;
use super::store::ReviewFlag;
use super::{OPEN, SUBJECT_HOUSEHOLD, SUBJECT_PERSON};
use crate::auth::Permission;
use crate::auth::SignedIn;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, pagination};
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/tinjauan", flags_page)
        .get("/tinjauan/{id}", flag_page)
        .post("/tinjauan/{id}/selesai", clear_flag)
}

/// A flag as pages show it: codes in words, times in WIB, a link to its subject.
pub struct FlagView {
    pub flag: ReviewFlag,
    pub reason: String,
    pub source: String,
    pub status: String,
    pub raised_at: String,
    pub cleared_at: String,
    pub subject: String,
    pub subject_href: Option<String>,
}

impl FlagView {
    /// Drops the link to a person page this viewer could not open (the ministry, say), so
    /// that no link ends in a refusal.
    pub fn linked_for(mut self, me: &crate::auth::Principal) -> Self {
        let opens = crate::region_code::RegionCode::parse(&self.flag.region_code)
            .is_ok_and(|region| me.opens_person_in(&region));
        if self.flag.subject_type == SUBJECT_PERSON && !opens {
            self.subject_href = None;
        }
        self
    }

    pub fn new(flag: ReviewFlag, lang: Lang) -> Self {
        let kind = match (flag.subject_type.as_str(), lang) {
            (SUBJECT_PERSON, Lang::Id) => "Penduduk",
            (SUBJECT_PERSON, Lang::En) => "Person",
            (SUBJECT_HOUSEHOLD, Lang::Id) => "Keluarga",
            (SUBJECT_HOUSEHOLD, Lang::En) => "Household",
            (other, _) => other,
        };
        let name = flag
            .subject_name
            .as_ref()
            .map(|n| format!(" · {n}"))
            .unwrap_or_default();
        let subject_href = match flag.subject_type.as_str() {
            SUBJECT_PERSON => Some(format!("/penduduk/{}", flag.subject_id)),
            SUBJECT_HOUSEHOLD => Some(format!("/keluarga/{}", flag.subject_id)),
            _ => None,
        };
        Self {
            reason: super::reason_label(&flag.reason, lang),
            source: super::source_label(&flag.source, lang),
            status: super::status_label(&flag.status, lang),
            raised_at: show_time(&flag.raised_at),
            cleared_at: flag
                .cleared_at
                .as_deref()
                .map(show_time)
                .unwrap_or_default(),
            subject: format!("{kind} #{}{name}", flag.subject_id),
            subject_href,
            flag,
        }
    }

    pub fn is_open(&self) -> bool {
        self.flag.status == OPEN
    }

    /// The details as (name, value) lines.
    pub fn details(&self) -> Vec<(String, String)> {
        match &self.flag.details {
            serde_json::Value::Object(fields) => fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    let text = v
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string());
                    (k.clone(), text)
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "review_flags.html")]
struct FlagsPage {
    ctx: PageCtx,
    status: String,
    flags: Vec<FlagView>,
    next_cursor: Option<String>,
}

async fn flags_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadReviewFlags)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: None,
    }
    .validate()?;
    // Open flags unless the official asks otherwise; an empty choice means all.
    let status = query.status.unwrap_or_else(|| OPEN.to_owned());
    let filter = service::filter(Some(&status), None)?;
    let before = page.before_id();
    let rows = service::list(&state.db, &me, &filter, before, page.limit + 1).await?;
    let (rows, next_cursor) = pagination::finish_page(rows, page.limit, |f| f.id.to_string());
    let flags = rows
        .into_iter()
        .map(|f| FlagView::new(f, ctx.lang).linked_for(&me))
        .collect();
    let html = FlagsPage {
        ctx,
        status: filter.status,
        flags,
        next_cursor,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(Template)]
#[template(path = "review_flag.html")]
struct FlagPage {
    ctx: PageCtx,
    view: FlagView,
    can_clear: bool,
    note: String,
    errors: FormErrors,
}

fn render_flag(
    ctx: PageCtx,
    view: FlagView,
    can_clear: bool,
    note: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    let page = FlagPage {
        ctx,
        view,
        can_clear,
        note,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn flag_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let flag = service::find(&state.db, &me, id).await?;
    let view = FlagView::new(flag, ctx.lang).linked_for(&me);
    let can_clear = Permission::ClearReviewFlags.roles().contains(&me.role);
    let html = render_flag(ctx, view, can_clear, String::new(), FormErrors::default())?;
    Ok(Html(html))
}

#[derive(serde::Deserialize)]
struct ClearForm {
    #[serde(default)]
    note: String,
}

async fn clear_flag(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ClearForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    match service::clear(&state.db, &me, id, &form.note, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/tinjauan/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let flag = service::find(&state.db, &me, id).await?;
            let view = FlagView::new(flag, ctx.lang).linked_for(&me);
            let html = render_flag(ctx, view, true, form.note, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
