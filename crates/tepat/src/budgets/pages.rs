//! Budget pages: the lines with their figures and the form to plan one (`/anggaran`), and
//! a line with its allocations, the form to submit one and the checker's buttons
//! (`/anggaran/{id}`). No JavaScript: forms post, redirect, and show errors by their fields.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{BudgetAllocation, BudgetLine, SOURCES, SUBMITTED, rupiah};
use super::service::{self, AllocationInput, LineInput};
use crate::auth::{Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/anggaran", lines_page)
        .post("/anggaran", create_line)
        .get("/anggaran/{id}", line_page)
        .post("/anggaran/{id}/alokasi", allocate)
        .post("/anggaran/alokasi/{id}/setujui", approve)
        .post("/anggaran/alokasi/{id}/tolak", reject)
}

/// A line as the pages show it: amounts in rupiah, the owner in words.
pub struct LineView {
    pub line: BudgetLine,
    pub amount: String,
    pub allocated: String,
    pub available: String,
    pub owner: String,
    pub created_at: String,
}

impl LineView {
    fn new(line: BudgetLine, ctx: &PageCtx) -> Self {
        Self {
            amount: rupiah(line.amount),
            allocated: rupiah(line.allocated),
            available: rupiah(line.available),
            owner: if line.region_code.is_empty() {
                ctx.tr.t("budget.national").to_owned()
            } else {
                line.region_code.clone()
            },
            created_at: show_time(&line.created_at),
            line,
        }
    }

    pub fn source(&self, ctx: &PageCtx) -> String {
        ctx.tr
            .t(&format!("budget.source.{}", self.line.source))
            .to_owned()
    }
}

/// The line form as typed.
#[derive(Debug, Default, serde::Deserialize)]
struct LineForm {
    #[serde(default)]
    programme: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    purpose: String,
}

#[derive(Template)]
#[template(path = "budgets.html")]
struct LinesPage {
    ctx: PageCtx,
    lines: Vec<LineView>,
    can_manage: bool,
    programmes: Vec<String>,
    sources: Vec<(String, String)>,
    form: LineForm,
    errors: FormErrors,
}

async fn render_lines(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    form: LineForm,
    errors: FormErrors,
) -> Result<String, AppError> {
    let lines = service::lines(&state.db, me)
        .await?
        .into_iter()
        .map(|line| LineView::new(line, &ctx))
        .collect();
    let programmes = crate::programmes::store::list(&state.db)
        .await?
        .into_iter()
        .map(|p| p.code)
        .collect();
    let sources = SOURCES
        .iter()
        .map(|code| {
            (
                (*code).to_owned(),
                ctx.tr.t(&format!("budget.source.{code}")).to_owned(),
            )
        })
        .collect();
    let page = LinesPage {
        can_manage: Permission::ManageBudgets.roles().contains(&me.role),
        ctx,
        lines,
        programmes,
        sources,
        form,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn lines_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadBudgets)?;
    let form = LineForm {
        year: ctx_year(&state),
        ..LineForm::default()
    };
    Ok(Html(
        render_lines(&state, &me, ctx, form, FormErrors::default()).await?,
    ))
}

fn ctx_year(state: &AppState) -> String {
    (state.clock.now().year() + 1).to_string()
}

/// A number typed in a form: digits, with the dots or spaces people group them with.
pub(super) fn number(text: &str) -> Option<i64> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '_'))
        .collect();
    digits.parse().ok()
}

pub(super) fn not_a_number(field: &'static str) -> FormErrors {
    let rule = crate::web::form::FieldRule::new(
        field,
        "number",
        "must be a whole number",
        "harus bilangan bulat",
    );
    FormErrors::from_error(AppError::invalid(rule.into()), crate::web::i18n::Lang::Id)
        .unwrap_or_default()
}

async fn create_line(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(form): CsrfForm<LineForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageBudgets)?;
    let parsed = match (number(&form.year), number(&form.amount)) {
        (None, _) => Err(not_a_number("year")),
        (_, None) => Err(not_a_number("amount")),
        (Some(year), Some(amount)) => Ok((year, amount)),
    };
    let result: Result<(), FormErrors> = match parsed {
        Err(errors) => Err(errors),
        Ok((year, amount)) => {
            let input = LineInput {
                programme: form.programme.clone(),
                year: i32::try_from(year).unwrap_or(i32::MAX),
                source: form.source.clone(),
                amount,
                purpose: form.purpose.clone(),
            };
            let now = state.clock.now();
            match service::create_line(&state.db, &me, &input, request_id.0, now).await {
                Ok(line) => {
                    return Ok(Redirect::to(&format!("/anggaran/{}", line.id)).into_response());
                }
                Err(err) => Err(FormErrors::from_error(err.into(), ctx.lang)?),
            }
        }
    };
    let errors = result.err().unwrap_or_default();
    let html = render_lines(&state, &me, ctx, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

/// An allocation as the line page shows it.
pub struct AllocationView {
    pub allocation: BudgetAllocation,
    pub amount: String,
    pub status: String,
    pub made_at: String,
    pub checked_at: String,
    /// The viewer may decide it (a checker in scope who did not submit it).
    pub decidable: bool,
    /// The viewer submitted it and it waits for someone else.
    pub own: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct AllocationForm {
    #[serde(default)]
    region: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    note: String,
}

#[derive(Template)]
#[template(path = "budget.html")]
struct LinePage {
    ctx: PageCtx,
    view: LineView,
    allocations: Vec<AllocationView>,
    can_manage: bool,
    form: AllocationForm,
    errors: FormErrors,
    revisions: super::revisions::pages::Revisions,
}

/// The line page's forms as typed, with their errors.
#[derive(Default)]
pub(super) struct LineForms {
    pub allocation: AllocationForm,
    pub errors: FormErrors,
    pub revision: super::revisions::pages::RevisionForm,
    pub revision_errors: FormErrors,
}

pub(super) async fn render_line(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    id: i64,
    forms: LineForms,
) -> Result<String, AppError> {
    let LineForms {
        allocation: form,
        errors,
        revision,
        revision_errors,
    } = forms;
    let (line, allocations) = service::line(&state.db, me, id).await?;
    let revisions =
        super::revisions::pages::Revisions::load(state, me, &ctx, &line, revision, revision_errors)
            .await?;
    let can_manage = Permission::ManageBudgets.roles().contains(&me.role);
    let allocations = allocations
        .into_iter()
        .map(|allocation| {
            let waiting = allocation.status == SUBMITTED;
            let own = allocation.maker.id.is_some() && allocation.maker.id == me.actor.id;
            AllocationView {
                amount: rupiah(allocation.amount),
                status: ctx
                    .tr
                    .t(&format!("budget.status.{}", allocation.status))
                    .to_owned(),
                made_at: show_time(&allocation.made_at),
                checked_at: allocation
                    .checked_at
                    .as_deref()
                    .map(show_time)
                    .unwrap_or_default(),
                decidable: can_manage && waiting && !own,
                own: waiting && own,
                allocation,
            }
        })
        .collect();
    let page = LinePage {
        view: LineView::new(line, &ctx),
        ctx,
        allocations,
        can_manage,
        form,
        errors,
        revisions,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn line_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    Ok(Html(
        render_line(&state, &me, ctx, id, LineForms::default()).await?,
    ))
}

async fn allocate(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AllocationForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageBudgets)?;
    let errors = match number(&form.amount) {
        None => not_a_number("amount"),
        Some(amount) => {
            let input = AllocationInput {
                region: form.region.clone(),
                amount,
                note: form.note.clone(),
            };
            let now = state.clock.now();
            match service::allocate(&state.db, &me, id, &input, request_id.0, now).await {
                Ok(_) => return Ok(Redirect::to(&format!("/anggaran/{id}")).into_response()),
                Err(err) => FormErrors::from_error(err.into(), ctx.lang)?,
            }
        }
    };
    let forms = LineForms {
        allocation: form,
        errors,
        ..LineForms::default()
    };
    let html = render_line(&state, &me, ctx, id, forms).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
struct DecisionForm {
    #[serde(default)]
    note: String,
}

async fn approve(
    state: State<AppState>,
    me: SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    id: Path<i64>,
    form: CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    decide(state, me, ctx, request_id, id, form, true).await
}

async fn reject(
    state: State<AppState>,
    me: SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    id: Path<i64>,
    form: CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    decide(state, me, ctx, request_id, id, form, false).await
}

async fn decide(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
    approve: bool,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageBudgets)?;
    let allocation = super::store::allocation(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let line = allocation.budget_line_id;
    let now = state.clock.now();
    match service::decide(&state.db, &me, id, approve, &form.note, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/anggaran/{line}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let forms = LineForms {
                errors,
                ..LineForms::default()
            };
            let html = render_line(&state, &me, ctx, line, forms).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
