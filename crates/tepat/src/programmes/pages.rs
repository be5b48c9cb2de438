//! Programme pages: the public list and one programme (rule in words, benefit, quotas,
//! exclusions, every rule version), and the rule page where officers try a rule over the
//! households of their region (figures, a bar chart per region, a sample of who enters
//! and leaves and why) and ministry officers publish it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{Programme, RuleVersion};
use super::service::{self, DryRun, RegionTally};
use crate::auth::{MaybeSignedIn, Permission, SignedIn};
use crate::http::AppError;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/program", programmes_page)
        .get("/program/{code}", programme_page)
        .get("/program/{code}/aturan", rule_page)
        .post("/program/{code}/aturan/pratinjau", preview_rule)
        .post("/program/{code}/aturan/terbitkan", publish_rule)
}

/// A count with the reader's separators.
pub fn count(n: u64, lang: Lang) -> String {
    crate::sheets::limits::grouped(n, if lang == Lang::Id { '.' } else { ',' })
}

fn rupiah(amount: i64, lang: Lang) -> String {
    format!("Rp{}", count(amount.max(0).unsigned_abs(), lang))
}

/// A benefit component as a table row.
pub struct AmountRow {
    pub label: String,
    pub amount: String,
    pub year: i32,
    pub source: String,
}

/// A programme as pages show it: codes in words, amounts in rupiah.
pub struct ProgrammeView {
    pub p: Programme,
    pub name: String,
    pub description: String,
    pub frequency: String,
    pub channel: String,
    pub benefit_note: String,
    pub amounts: Vec<AmountRow>,
    pub quotas: Vec<(String, String, String)>,
    pub words: String,
}

impl ProgrammeView {
    pub fn new(p: Programme, lang: Lang) -> Self {
        let en = lang == Lang::En;
        let amounts = p
            .benefit
            .components
            .iter()
            .map(|c| AmountRow {
                label: if en {
                    c.label_en.clone()
                } else {
                    c.label.clone()
                },
                amount: format!(
                    "{} {}",
                    rupiah(c.amount_rupiah, lang),
                    super::period_label(&c.period, lang)
                ),
                year: c.year,
                source: c.source.clone(),
            })
            .collect();
        let quotas = p
            .quotas
            .iter()
            .map(|q| {
                let region = if q.region.is_empty() {
                    lang.pick("Nasional", "National")
                } else {
                    q.region.clone()
                };
                let figure = format!(
                    "{} {} ({})",
                    count(q.count.max(0).unsigned_abs(), lang),
                    q.unit,
                    q.year
                );
                (region, figure, q.source.clone())
            })
            .collect();
        Self {
            name: if en {
                p.name_en.clone()
            } else {
                p.name.clone()
            },
            description: if en {
                p.description_en.clone()
            } else {
                p.description.clone()
            },
            frequency: super::frequency_label(&p.frequency, lang),
            channel: super::channel_label(&p.channel, lang),
            benefit_note: if en {
                p.benefit.note_en.clone()
            } else {
                p.benefit.note.clone()
            },
            words: if en {
                p.rule.words_en.clone()
            } else {
                p.rule.words.clone()
            },
            amounts,
            quotas,
            p,
        }
    }
}

#[derive(Template)]
#[template(path = "programmes.html")]
struct ProgrammesPage {
    ctx: PageCtx,
    programmes: Vec<ProgrammeView>,
}

async fn programmes_page(
    State(state): State<AppState>,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    let programmes = service::list(&state.db).await?;
    let programmes = programmes
        .into_iter()
        .map(|p| ProgrammeView::new(p, ctx.lang))
        .collect();
    let html = ProgrammesPage { ctx, programmes }
        .render()
        .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// A rule version as the page lists it.
pub struct VersionView {
    pub version: i64,
    pub source: String,
    pub words: String,
    pub published_at: String,
    pub by: String,
}

fn versions_view(versions: Vec<RuleVersion>, lang: Lang) -> Vec<VersionView> {
    versions
        .into_iter()
        .map(|v| VersionView {
            version: v.version,
            words: if lang == Lang::En {
                v.words_en
            } else {
                v.words
            },
            published_at: show_time(&v.published_at),
            by: v.published_by_role,
            source: v.source,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "programme.html")]
struct ProgrammePage {
    ctx: PageCtx,
    view: ProgrammeView,
    versions: Vec<VersionView>,
    approver: String,
    can_enrol: bool,
    can_edit: bool,
}

async fn programme_page(
    State(state): State<AppState>,
    MaybeSignedIn(me): MaybeSignedIn,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let (programme, versions) = service::find(&state.db, &code).await?;
    let approver = crate::auth::Role::parse(&programme.approver)
        .map(|r| r.label(ctx.lang).to_owned())
        .unwrap_or_default();
    let can_enrol = me
        .as_ref()
        .is_some_and(|me| me.require(Permission::ReadEnrolments).is_ok());
    let can_edit = me
        .as_ref()
        .is_some_and(|me| me.require(Permission::PublishProgrammeRule).is_ok());
    let html = ProgrammePage {
        approver,
        can_enrol,
        can_edit,
        view: ProgrammeView::new(programme, ctx.lang),
        versions: versions_view(versions, ctx.lang),
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// One bar group of the chart: a region with its three figures as bar widths.
pub struct Bar {
    pub label: String,
    pub y: u32,
    pub eligible: u32,
    pub entering: u32,
    pub leaving: u32,
    pub text: String,
}

/// The widest bar, in SVG user units.
const BAR_WIDTH_MAX: u64 = 300;
/// The height of one region's group of bars.
const BAR_ROW_HEIGHT: u32 = 34;

fn width(n: u64, max: u64) -> u32 {
    u32::try_from(n * BAR_WIDTH_MAX / max.max(1)).unwrap_or(0)
}

/// The chart's bars: each region's eligible, entering and leaving households.
pub fn bars(regions: &[RegionTally], lang: Lang) -> Vec<Bar> {
    let max = regions
        .iter()
        .map(|r| r.eligible.max(r.leaving))
        .max()
        .unwrap_or(0);
    regions
        .iter()
        .zip(0u32..)
        .map(|(r, i)| Bar {
            label: if r.name.is_empty() {
                r.region.clone()
            } else {
                r.name.clone()
            },
            y: i * BAR_ROW_HEIGHT,
            eligible: width(r.eligible, max),
            entering: width(r.entering, max),
            leaving: width(r.leaving, max),
            text: format!(
                "{} · +{} · −{}",
                count(r.eligible, lang),
                count(r.entering, lang),
                count(r.leaving, lang)
            ),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "programme_rule.html")]
struct RulePage {
    ctx: PageCtx,
    view: ProgrammeView,
    rule: String,
    attributes: Vec<(String, String, String)>,
    can_publish: bool,
    run: Option<DryRun>,
    bars: Vec<Bar>,
    chart_height: u32,
    errors: FormErrors,
    rule_errors: Vec<String>,
}

impl RulePage {
    fn count(&self, n: &u64) -> String {
        count(*n, self.ctx.lang)
    }

    fn shown(&self, stored: &str) -> String {
        show_time(stored)
    }
}

struct RuleState {
    rule: String,
    run: Option<DryRun>,
    errors: FormErrors,
    rule_errors: Vec<String>,
}

async fn render_rule(
    state: &AppState,
    me: &crate::auth::Principal,
    ctx: PageCtx,
    code: &str,
    form: RuleState,
) -> Result<String, AppError> {
    me.require(Permission::PreviewProgrammeRule)?;
    let (programme, _) = service::find(&state.db, code).await?;
    let (schema, _) = service::schema(&state.db).await?;
    let en = ctx.lang == Lang::En;
    let attributes = schema
        .household()
        .iter()
        .chain(schema.member())
        .map(|a| {
            let label = if en {
                a.label_en.clone()
            } else {
                a.label.clone()
            };
            (a.name.clone(), label, a.description.clone())
        })
        .collect();
    let bars = form
        .run
        .as_ref()
        .map(|r| bars(&r.preview.by_region, ctx.lang))
        .unwrap_or_default();
    let chart_height = u32::try_from(bars.len()).unwrap_or(0) * BAR_ROW_HEIGHT;
    let page = RulePage {
        view: ProgrammeView::new(programme, ctx.lang),
        rule: form.rule,
        attributes,
        can_publish: Permission::PublishProgrammeRule.roles().contains(&me.role),
        run: form.run,
        bars,
        chart_height,
        errors: form.errors,
        rule_errors: form.rule_errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

/// A rule to try, from a link (`?coba=…`): previewed at once, since a preview changes
/// nothing.
#[derive(serde::Deserialize)]
struct TryQuery {
    coba: Option<String>,
}

async fn rule_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(query): Query<TryQuery>,
) -> Result<Response, AppError> {
    me.require(Permission::PreviewProgrammeRule)?;
    if let Some(rule) = query.coba.filter(|r| !r.trim().is_empty()) {
        return previewed(&state, &me, ctx, &code, rule).await;
    }
    let (programme, _) = service::find(&state.db, &code).await?;
    let form = RuleState {
        rule: programme.rule.source,
        run: None,
        errors: FormErrors::default(),
        rule_errors: Vec::new(),
    };
    Ok(Html(render_rule(&state, &me, ctx, &code, form).await?).into_response())
}

#[derive(serde::Deserialize)]
struct RuleForm {
    #[serde(default)]
    rule: String,
}

/// A refused rule re-rendered with its errors, each at its line and column.
async fn refused(
    state: &AppState,
    me: &crate::auth::Principal,
    ctx: PageCtx,
    code: &str,
    rule: String,
    err: AppError,
) -> Result<Response, AppError> {
    let lines = match &err {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| f.message_in(ctx.lang).to_owned())
            .collect(),
        _ => Vec::new(),
    };
    let errors = FormErrors::from_error(err, ctx.lang)?;
    let form = RuleState {
        rule,
        run: None,
        errors,
        rule_errors: lines,
    };
    let html = render_rule(state, me, ctx, code, form).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

async fn preview_rule(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Result<Response, AppError> {
    previewed(&state, &me, ctx, &code, form.rule).await
}

/// The rule page with the dry run of `rule`, or with its errors.
async fn previewed(
    state: &AppState,
    me: &crate::auth::Principal,
    ctx: PageCtx,
    code: &str,
    rule: String,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let kept = super::snapshot::snapshots(state);
    match service::preview(&state.db, &kept, me, code, &rule, now, ctx.lang).await {
        Ok(run) => {
            let state_form = RuleState {
                rule: run.rule.clone(),
                run: Some(run),
                errors: FormErrors::default(),
                rule_errors: Vec::new(),
            };
            let html = render_rule(state, me, ctx, code, state_form).await?;
            Ok(Html(html).into_response())
        }
        Err(err) => refused(state, me, ctx, code, rule, err.into()).await,
    }
}

async fn publish_rule(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    match service::publish(&state.db, &me, &code, &form.rule, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/program/{code}")).into_response()),
        Err(err) => refused(&state, &me, ctx, &code, form.rule, err.into()).await,
    }
}
