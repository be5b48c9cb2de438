//! Enrolment pages: a programme's enrolment in the viewer's region (counts, batches,
//! overrides, preparing a new batch), one batch with its lines and the approve and reject
//! forms, and the form that puts one household forward with a reason.

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
        .get("/program/{code}/peserta/daftar/{id}", batch_page)
        .post("/program/{code}/peserta/daftar/{id}/setujui", approve)
        .post("/program/{code}/peserta/daftar/{id}/tolak", reject)
        .get("/program/{code}/peserta/usulkan", put_forward_page)
        .post("/program/{code}/peserta/usulkan", put_forward)
}

/// A batch as a row of the list.
pub struct BatchRow {
    pub b: Batch,
    pub region: String,
    pub status: String,
    pub prepared: String,
    pub decided: String,
}

fn status_label(status: &str, lang: Lang) -> String {
    let (id, en) = match status {
        "waiting" => ("Menunggu persetujuan", "Waiting for approval"),
        "approved" => ("Disetujui", "Approved"),
        "rejected" => ("Ditolak", "Rejected"),
        "superseded" => ("Diganti daftar baru", "Replaced by a newer batch"),
        other => (other, other),
    };
    lang.pick(id, en)
}

fn region_label(region: &str, names: &[(String, String)], lang: Lang) -> String {
    if region.is_empty() {
        return lang.pick("Seluruh Indonesia", "All of Indonesia");
    }
    names
        .iter()
        .find(|(c, _)| c == region)
        .map_or_else(|| region.to_owned(), |(_, n)| n.clone())
}

async fn region_names(state: &AppState, codes: &[&str]) -> Result<Vec<(String, String)>, AppError> {
    let mut names = Vec::new();
    for code in codes {
        if code.is_empty() || names.iter().any(|(c, _): &(String, String)| c == code) {
            continue;
        }
        let Ok(parsed) = crate::region_code::RegionCode::parse(code) else {
            continue;
        };
        if let Some(region) = crate::regions::store::find(&state.db, &parsed).await? {
            names.push(((*code).to_owned(), region.name));
        }
    }
    Ok(names)
}

async fn batch_rows(
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

/// A line as the batch page shows it.
pub struct LineRow {
    pub l: BatchLine,
    pub name: String,
    pub region: String,
    pub desil: String,
    pub why: String,
}

#[derive(serde::Deserialize)]
struct LinesQuery {
    hasil: Option<String>,
    mulai: Option<i64>,
}

#[derive(Template)]
#[template(path = "enrolment_batch.html")]
struct BatchPage {
    ctx: PageCtx,
    code: String,
    name: String,
    row: BatchRow,
    outcome: String,
    tabs: Vec<(String, String, i64)>,
    lines: Vec<LineRow>,
    next: Option<i64>,
    can_decide: bool,
    own: bool,
    can_override: bool,
    note: String,
    errors: FormErrors,
}

impl BatchPage {
    fn count(&self, n: &i64) -> String {
        count(n.max(&0).unsigned_abs(), self.ctx.lang)
    }
}

fn reason_label(code: &str, lang: Lang) -> String {
    match Reason::parse(code) {
        Some(reason) => {
            let (en, id) = service::held_words(&reason);
            lang.pick(&id, &en)
        }
        None => code.to_owned(),
    }
}

/// The lines as rows: the head's name as the viewer may see it, the village by name, and
/// the reason in words.
async fn line_rows(
    state: &AppState,
    me: &Principal,
    found: Vec<BatchLine>,
    lang: Lang,
) -> Result<Vec<LineRow>, AppError> {
    let ids: Vec<i64> = found.iter().map(|l| l.household_id).collect();
    let heads = crate::programmes::store::head_names(&state.db, &ids).await?;
    let redactor = me.redactor();
    let codes: Vec<&str> = found.iter().map(|l| l.region.as_str()).collect();
    let names = region_names(state, &codes).await?;
    Ok(found
        .into_iter()
        .zip(heads)
        .map(|(l, (_, mut name))| {
            redactor.field(crate::auth::Field::Name, &mut name);
            LineRow {
                region: region_label(&l.region, &names, lang),
                desil: l
                    .decile
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into()),
                why: reason_label(&l.reason, lang),
                name,
                l,
            }
        })
        .collect())
}

struct BatchForm {
    note: String,
    errors: FormErrors,
}

#[allow(clippy::too_many_arguments)]
async fn render_batch(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    code: &str,
    id: i64,
    query: &LinesQuery,
    form: BatchForm,
) -> Result<String, AppError> {
    let batch = service::find_batch(&state.db, me, id).await?;
    if batch.programme != code {
        return Err(AppError::NotFound);
    }
    let (programme, _) = crate::programmes::service::find(&state.db, code).await?;
    let lang = ctx.lang;
    let outcome = query
        .hasil
        .as_deref()
        .and_then(Outcome::parse)
        .unwrap_or(Outcome::Selected);
    let offset = query.mulai.unwrap_or(0).max(0);
    let within = me.region.as_ref();
    let mut found = batches::lines(
        &state.db,
        id,
        outcome.code(),
        within,
        offset,
        PAGE_LINES + 1,
    )
    .await?;
    let next = (found.len() as i64 > PAGE_LINES).then_some(offset + PAGE_LINES);
    found.truncate(PAGE_LINES as usize);
    let lines = line_rows(state, me, found, lang).await?;
    let tabs = vec![
        (
            "selected".to_owned(),
            lang.pick("Masuk kuota", "Within the quota"),
            batch.selected,
        ),
        (
            "waiting".to_owned(),
            lang.pick("Menunggu (di luar kuota)", "Waiting (beyond the quota)"),
            batch.waiting,
        ),
        ("held".to_owned(), lang.pick("Ditahan", "Held"), batch.held),
    ];
    let can_decide = service::can_decide(&state.db, me, &batch).await;
    let own = me.actor.kind == ActorKind::Account && me.actor.id == batch.prepared_by;
    let row = batch_rows(state, vec![batch], lang)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let page = BatchPage {
        code: code.to_owned(),
        name: programme.name,
        row,
        outcome: outcome.code().to_owned(),
        tabs,
        lines,
        next,
        can_decide,
        own,
        can_override: me.allows(Permission::OverrideEnrolment, true).is_ok(),
        note: form.note,
        errors: form.errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn batch_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path((code, id)): Path<(String, i64)>,
    Query(query): Query<LinesQuery>,
) -> Result<Html<String>, AppError> {
    let form = BatchForm {
        note: String::new(),
        errors: FormErrors::default(),
    };
    Ok(Html(
        render_batch(&state, &me, ctx, &code, id, &query, form).await?,
    ))
}

#[derive(serde::Deserialize)]
struct DecisionForm {
    #[serde(default)]
    note: String,
}

async fn decided(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    code: &str,
    id: i64,
    note: String,
    result: Result<Batch, super::error::EnrolmentError>,
) -> Result<Response, AppError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/program/{code}/peserta/daftar/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let query = LinesQuery {
                hasil: None,
                mulai: None,
            };
            let form = BatchForm { note, errors };
            let html = render_batch(state, me, ctx, code, id, &query, form).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

async fn approve(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path((code, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let result = service::approve(&state.db, &me, id, &form.note, request_id.0, now).await;
    decided(&state, &me, ctx, &code, id, form.note, result).await
}

async fn reject(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path((code, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let result = service::reject(&state.db, &me, id, &form.note, request_id.0, now).await;
    decided(&state, &me, ctx, &code, id, form.note, result).await
}

#[derive(Template)]
#[template(path = "enrolment_put_forward.html")]
struct PutForwardPage {
    ctx: PageCtx,
    code: String,
    name: String,
    household: String,
    reason: String,
    errors: FormErrors,
}

#[derive(serde::Deserialize)]
struct PutForwardQuery {
    keluarga: Option<i64>,
}

#[derive(serde::Deserialize)]
struct PutForwardForm {
    #[serde(default)]
    household_id: String,
    #[serde(default)]
    reason: String,
}

async fn render_put_forward(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    code: &str,
    household: String,
    reason: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    me.require(Permission::OverrideEnrolment)?;
    let (programme, _) = crate::programmes::service::find(&state.db, code).await?;
    let page = PutForwardPage {
        code: code.to_owned(),
        name: programme.name,
        household,
        reason,
        errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn put_forward_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(query): Query<PutForwardQuery>,
) -> Result<Html<String>, AppError> {
    let household = query.keluarga.map(|h| h.to_string()).unwrap_or_default();
    let html = render_put_forward(
        &state,
        &me,
        ctx,
        &code,
        household,
        String::new(),
        FormErrors::default(),
    )
    .await?;
    Ok(Html(html))
}

async fn put_forward(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<PutForwardForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let result = match form.household_id.trim().parse::<i64>() {
        Ok(household) => service::put_forward(
            &state.db,
            &me,
            &code,
            household,
            &form.reason,
            request_id.0,
            now,
        )
        .await
        .map_err(AppError::from),
        Err(_) => Err(AppError::invalid(crate::http::FieldError::new(
            "household_id",
            "format",
            "must be a household number",
            "harus nomor keluarga",
        ))),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/program/{code}/peserta")).into_response()),
        Err(AppError::NotFound) => {
            let errors = FormErrors::from_error(
                AppError::invalid(crate::http::FieldError::new(
                    "household_id",
                    "not-found",
                    "no such household in your region",
                    "tidak ada keluarga dengan nomor ini di wilayah Anda",
                )),
                ctx.lang,
            )?;
            let html = render_put_forward(
                &state,
                &me,
                ctx,
                &code,
                form.household_id,
                form.reason,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(err, ctx.lang)?;
            let html = render_put_forward(
                &state,
                &me,
                ctx,
                &code,
                form.household_id,
                form.reason,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

/// A household's programmes, for the household page.
pub struct HouseholdSection {
    /// (programme code, name, since, how: batch or override with its reason, active).
    pub rows: Vec<(String, String, String, String, bool)>,
    /// Programmes the viewer may put this household forward for (code, name).
    pub put_forward: Vec<(String, String)>,
    pub household_id: i64,
}

impl HouseholdSection {
    /// The section for `household_id` as `me` may see it (empty when the role reads no
    /// enrolments).
    pub async fn new(
        state: &AppState,
        me: &Principal,
        household_id: i64,
        lang: Lang,
    ) -> Result<Self, AppError> {
        let mut section = Self {
            rows: Vec::new(),
            put_forward: Vec::new(),
            household_id,
        };
        if me.allows(Permission::ReadEnrolments, false).is_err() {
            return Ok(section);
        }
        let programmes = crate::programmes::service::list(&state.db).await?;
        let name = |code: &str| {
            programmes
                .iter()
                .find(|p| p.code == code)
                .map_or_else(|| code.to_owned(), |p| p.name.clone())
        };
        let enrolled = service::of_household(&state.db, me, household_id).await?;
        for e in &enrolled {
            let how = match (&e.source[..], &e.reason) {
                ("override", Some(reason)) => {
                    format!(
                        "{}: {reason}",
                        lang.pick("Diusulkan petugas", "Put forward by an official")
                    )
                }
                _ => match e.batch_id {
                    Some(batch) => format!(
                        "{} #{batch}",
                        lang.pick("Daftar peserta", "Enrolment batch")
                    ),
                    None => String::new(),
                },
            };
            section.rows.push((
                e.programme.clone(),
                name(&e.programme),
                show_time(&e.started_at),
                how,
                e.status == "active",
            ));
        }
        if me.allows(Permission::OverrideEnrolment, true).is_ok() {
            section.put_forward = programmes
                .iter()
                .filter(|p| {
                    !enrolled
                        .iter()
                        .any(|e| e.programme == p.code && e.status == "active")
                })
                .map(|p| (p.code.clone(), p.name.clone()))
                .collect();
        }
        Ok(section)
    }
}
