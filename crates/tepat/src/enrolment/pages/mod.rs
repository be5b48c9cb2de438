//! Enrolment pages: a programme's enrolment in the viewer's region (counts, batches,
//! overrides, preparing a new batch), one batch with its lines and the approve and reject
//! forms, and the form that puts one household forward with a reason.

mod batch;
mod household;
mod put_forward;

pub use household::HouseholdSection;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{Batch, BatchLine, Enrolment};
use super::select::{Outcome, Reason};
use super::service;
use super::store::{batches, enrolments};
use crate::auth::{Permission, Principal, SignedIn};
use crate::events::ActorKind;
use crate::events::trail::ActorNames;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::programmes::pages::count;
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

/// Lines a batch page shows per outcome and page.
const PAGE_LINES: i64 = 100;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/program/{code}/peserta", overview_page)
        .post("/program/{code}/peserta/susun", prepare)
        .get("/program/{code}/peserta/daftar/{id}", batch::batch_page)
        .post(
            "/program/{code}/peserta/daftar/{id}/setujui",
            batch::approve,
        )
        .post("/program/{code}/peserta/daftar/{id}/tolak", batch::reject)
        .get(
            "/program/{code}/peserta/usulkan",
            put_forward::put_forward_page,
        )
        .post("/program/{code}/peserta/usulkan", put_forward::put_forward)
}

/// A batch as a row of the list.
pub struct BatchRow {
    pub b: Batch,
    pub region: String,
    pub status: String,
    pub prepared: String,
    pub decided: String,
}

pub(super) fn status_label(status: &str, lang: Lang) -> String {
    let (id, en) = match status {
        "waiting" => ("Menunggu persetujuan", "Waiting for approval"),
        "approved" => ("Disetujui", "Approved"),
        "rejected" => ("Ditolak", "Rejected"),
        "superseded" => ("Diganti daftar baru", "Replaced by a newer batch"),
        other => (other, other),
    };
    lang.pick(id, en)
}

pub(super) fn region_label(region: &str, names: &[(String, String)], lang: Lang) -> String {
    if region.is_empty() {
        return lang.pick("Seluruh Indonesia", "All of Indonesia");
    }
    names
        .iter()
        .find(|(c, _)| c == region)
        .map_or_else(|| region.to_owned(), |(_, n)| n.clone())
}

pub(super) async fn region_names(
    state: &AppState,
    codes: &[&str],
) -> Result<Vec<(String, String)>, AppError> {
    Ok(crate::regions::store::names(&state.db, codes).await?)
}

pub(super) async fn batch_rows(
    state: &AppState,
    list: Vec<Batch>,
    lang: Lang,
) -> Result<Vec<BatchRow>, AppError> {
    let actors = ActorNames::of(
        &state.db,
        list.iter()
            .flat_map(|b| [b.prepared_by, b.decided_by])
            .map(|id| (ActorKind::Account, id)),
    )
    .await?;
    let codes: Vec<&str> = list.iter().map(|b| b.region.as_str()).collect();
    let names = region_names(state, &codes).await?;
    Ok(list
        .into_iter()
        .map(|b| {
            let prepared = format!(
                "{} · {}",
                actors.show(ActorKind::Account, b.prepared_by, &b.prepared_by_role, lang),
                show_time(&b.prepared_at)
            );
            let decided = match (&b.decided_at, &b.decided_by_role) {
                (Some(at), Some(role)) => format!(
                    "{} · {}",
                    actors.show(ActorKind::Account, b.decided_by, role, lang),
                    show_time(at)
                ),
                _ => String::new(),
            };
            BatchRow {
                region: region_label(&b.region, &names, lang),
                status: status_label(&b.status, lang),
                prepared,
                decided,
                b,
            }
        })
        .collect())
}

/// An override as the page lists it.
pub struct OverrideRow {
    pub e: Enrolment,
    pub by: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "enrolment_overview.html")]
struct OverviewPage {
    ctx: PageCtx,
    code: String,
    name: String,
    rule_words: String,
    by_batch: i64,
    by_override: i64,
    batches: Vec<BatchRow>,
    overrides: Vec<OverrideRow>,
    regions: Vec<(String, String)>,
    can_prepare: bool,
    can_override: bool,
    errors: FormErrors,
}

impl OverviewPage {
    fn count(&self, n: &i64) -> String {
        count(n.max(&0).unsigned_abs(), self.ctx.lang)
    }
}

/// The regions a caller may prepare a batch for: its own, then the ones directly below.
async fn prepare_choices(
    state: &AppState,
    me: &Principal,
) -> Result<Vec<(String, String)>, AppError> {
    let lang_all = ("".to_owned(), "Seluruh Indonesia".to_owned());
    let mut choices = Vec::new();
    match &me.region {
        None => choices.push(lang_all),
        Some(region) => {
            if let Some(found) = crate::regions::store::find(&state.db, region).await? {
                choices.push((region.as_str().to_owned(), found.name));
            }
        }
    }
    let parent = me.region.as_ref();
    if parent.is_none_or(|r| r.level() != crate::region_code::Level::Village) {
        for (code, name) in crate::programmes::store::child_region_names(&state.db, parent).await? {
            choices.push((code, format!("— {name}")));
        }
    }
    Ok(choices)
}

async fn render_overview(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    code: &str,
    errors: FormErrors,
) -> Result<String, AppError> {
    me.require(Permission::ReadEnrolments)?;
    let (programme, _) = crate::programmes::service::find(&state.db, code).await?;
    let lang = ctx.lang;
    let within = me.region.as_ref();
    let (by_batch, by_override) = enrolments::count_by_source(&state.db, code, within).await?;
    let list = batches::list(&state.db, code, within, 20).await?;
    let batches = batch_rows(state, list, lang).await?;
    let overrides = enrolments::overrides(&state.db, code, within, 50).await?;
    let actors = ActorNames::of(
        &state.db,
        overrides.iter().map(|e| (ActorKind::Account, e.by)),
    )
    .await?;
    let overrides = overrides
        .into_iter()
        .map(|e| OverrideRow {
            by: actors.show(ActorKind::Account, e.by, &e.by_role, lang),
            at: show_time(&e.started_at),
            e,
        })
        .collect();
    let page = OverviewPage {
        name: programme.name.clone(),
        rule_words: if lang == Lang::En {
            programme.rule.words_en.clone()
        } else {
            programme.rule.words.clone()
        },
        code: code.to_owned(),
        by_batch,
        by_override,
        batches,
        overrides,
        regions: prepare_choices(state, me).await?,
        can_prepare: me.allows(Permission::PrepareEnrolment, true).is_ok(),
        can_override: me.allows(Permission::OverrideEnrolment, true).is_ok(),
        errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn overview_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let html = render_overview(&state, &me, ctx, &code, FormErrors::default()).await?;
    Ok(Html(html))
}

#[derive(serde::Deserialize)]
struct PrepareForm {
    #[serde(default)]
    region: String,
}

async fn prepare(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<PrepareForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    match service::prepare(&state.db, &me, &code, Some(&form.region), request_id.0, now).await {
        Ok(batch) => Ok(
            Redirect::to(&format!("/program/{code}/peserta/daftar/{}", batch.id)).into_response(),
        ),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_overview(&state, &me, ctx, &code, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
