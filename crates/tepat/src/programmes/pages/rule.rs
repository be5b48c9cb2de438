//! The rule page, where officers try a rule over the households of their region (figures,
//! a bar chart per region, a sample of who enters and leaves and why) and ministry officers
//! publish it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::{ProgrammeView, count};
use crate::auth::{Permission, SignedIn};
use crate::http::AppError;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::csrf::CsrfForm;
use crate::programmes::service::{self, DryRun, RegionTally};
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

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
pub(super) struct TryQuery {
    coba: Option<String>,
}

pub(super) async fn rule_page(
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
pub(super) struct RuleForm {
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

pub(super) async fn preview_rule(
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
    let kept = crate::programmes::snapshot::snapshots(state);
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

pub(super) async fn publish_rule(
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
