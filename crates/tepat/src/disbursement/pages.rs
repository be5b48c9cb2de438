//! Cycle pages: the cycles in scope with the form to create one from an approved allocation
//! (`/penyaluran`), and a cycle with its control totals, skips by reason, its first
//! entitlements and the buttons to compute and approve (`/penyaluran/{id}`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{COMPUTED, Cycle, DRAFT, Entitlement};
use super::service::{self, CycleInput};
use crate::auth::{Permission, Principal, SignedIn};
use crate::budgets::model::rupiah;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

/// Entitlements listed on a cycle's page.
const ENTITLEMENTS_SHOWN: i64 = 100;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/penyaluran", cycles_page)
        .post("/penyaluran", create)
        .get("/penyaluran/{id}", cycle_page)
        .post("/penyaluran/{id}/hitung", compute)
        .post("/penyaluran/{id}/setujui", approve)
        .post("/penyaluran/{id}/daftar-bayar", submit_payroll)
        .post("/penyaluran/daftar-bayar/{id}/setujui", approve_payroll)
}

/// A cycle as pages show it.
pub struct CycleView {
    pub cycle: Cycle,
    pub amount: String,
    pub status: String,
}

impl CycleView {
    fn new(cycle: Cycle, ctx: &PageCtx) -> Self {
        Self {
            amount: rupiah(cycle.control_amount),
            status: ctx
                .tr
                .t(&format!("cycle.status.{}", cycle.status))
                .to_owned(),
            cycle,
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct CycleForm {
    #[serde(default)]
    allocation_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    months: String,
}

#[derive(Template)]
#[template(path = "cycles.html")]
struct CyclesPage {
    ctx: PageCtx,
    cycles: Vec<CycleView>,
    can_manage: bool,
    form: CycleForm,
    errors: FormErrors,
}

async fn render_cycles(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    form: CycleForm,
    errors: FormErrors,
) -> Result<String, AppError> {
    let cycles = service::list(&state.db, me)
        .await?
        .into_iter()
        .map(|c| CycleView::new(c, &ctx))
        .collect();
    let page = CyclesPage {
        can_manage: Permission::ManageCycles.roles().contains(&me.role),
        ctx,
        cycles,
        form,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn cycles_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadBudgets)?;
    let form = CycleForm {
        months: "3".to_owned(),
        ..CycleForm::default()
    };
    Ok(Html(
        render_cycles(&state, &me, ctx, form, FormErrors::default()).await?,
    ))
}

fn field_number(field: &'static str, text: &str) -> Result<i64, FormErrors> {
    text.trim().parse().map_err(|_| {
        let rule = crate::web::form::FieldRule::new(
            field,
            "number",
            "must be a whole number",
            "harus bilangan bulat",
        );
        FormErrors::from_error(AppError::invalid(rule.into()), crate::web::i18n::Lang::Id)
            .unwrap_or_default()
    })
}

async fn create(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(form): CsrfForm<CycleForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageCycles)?;
    let parsed = field_number("allocation_id", &form.allocation_id)
        .and_then(|a| field_number("months", &form.months).map(|m| (a, m)));
    let errors = match parsed {
        Err(errors) => errors,
        Ok((allocation_id, months)) => {
            let input = CycleInput {
                allocation_id,
                name: form.name.clone(),
                months,
            };
            let now = state.clock.now();
            match service::create(&state.db, &me, &input, request_id.0, now).await {
                Ok(cycle) => {
                    return Ok(Redirect::to(&format!("/penyaluran/{}", cycle.id)).into_response());
                }
                Err(err) => FormErrors::from_error(err.into(), ctx.lang)?,
            }
        }
    };
    let html = render_cycles(&state, &me, ctx, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

/// An entitlement as a table row.
pub struct EntitlementRow {
    pub entitlement: Entitlement,
    pub amount: String,
    pub components: String,
}

#[derive(Template)]
#[template(path = "cycle.html")]
struct CyclePage {
    ctx: PageCtx,
    view: CycleView,
    skips: Vec<(String, i64)>,
    entitlements: Vec<EntitlementRow>,
    can_compute: bool,
    can_approve: bool,
    created_at: String,
    payrolls: Vec<PayrollRow>,
    can_submit_payroll: bool,
    payments: super::bank::pages::PaymentsView,
    vouchers: Option<crate::vouchers::pages::CycleVouchers>,
    can_report: bool,
    can_manage: bool,
    can_close: bool,
    errors: FormErrors,
}

/// A payroll as a table row.
pub struct PayrollRow {
    pub payroll: super::payroll::Payroll,
    pub amount: String,
    pub status: String,
    pub decidable: bool,
}

/// Entitlements as table rows, their components in words.
fn entitlement_rows(ctx: &PageCtx, entitlements: Vec<Entitlement>) -> Vec<EntitlementRow> {
    entitlements
        .into_iter()
        .map(|e| EntitlementRow {
            amount: rupiah(e.amount),
            components: e
                .components
                .iter()
                .map(|l| {
                    format!(
                        "{} × {}",
                        l.count,
                        ctx.tr.t(&format!("cycle.component.{}", l.code))
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
            entitlement: e,
        })
        .collect()
}

async fn render_cycle(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    id: i64,
    errors: FormErrors,
) -> Result<String, AppError> {
    let cycle = service::find(&state.db, me, id).await?;
    let skips = super::store::skip_counts(&state.db, id)
        .await?
        .into_iter()
        .map(|(reason, count)| (ctx.tr.t(&format!("cycle.skip.{reason}")).to_owned(), count))
        .collect();
    let entitlements = entitlement_rows(
        &ctx,
        super::store::entitlements(&state.db, id, me.region.as_ref(), ENTITLEMENTS_SHOWN).await?,
    );
    let manages = Permission::ManageCycles.roles().contains(&me.role);
    let computer = cycle.computed_by.as_ref().and_then(|o| o.id);
    let payrolls: Vec<PayrollRow> = super::payroll::of_cycle(&state.db, me, id)
        .await?
        .into_iter()
        .map(|p| PayrollRow {
            amount: rupiah(p.control_amount),
            status: ctx.tr.t(&format!("payroll.status.{}", p.status)).to_owned(),
            decidable: manages
                && p.status == "submitted"
                && !(p.maker.id.is_some() && p.maker.id == me.actor.id),
            payroll: p,
        })
        .collect();
    let listed: Vec<super::payroll::Payroll> = payrolls
        .iter()
        .map(|p: &PayrollRow| p.payroll.clone())
        .collect();
    let payments = super::bank::pages::view(&state.db, &ctx, id, &listed).await?;
    let vouchers = crate::vouchers::pages::of_cycle(&state.db, &cycle, manages).await?;
    let page = CyclePage {
        vouchers,
        payments,
        can_report: Permission::ReportPayments.roles().contains(&me.role),
        can_manage: manages,
        can_close: manages && cycle.status == super::model::RECONCILED,
        payrolls,
        can_submit_payroll: manages
            && [
                super::model::APPROVED,
                super::model::DISBURSED,
                super::model::RECONCILED,
            ]
            .contains(&cycle.status.as_str()),
        can_compute: manages && (cycle.status == DRAFT || cycle.status == COMPUTED),
        can_approve: manages
            && cycle.status == COMPUTED
            && !(computer.is_some() && computer == me.actor.id),
        created_at: show_time(&cycle.created_at),
        view: CycleView::new(cycle, &ctx),
        ctx,
        skips,
        entitlements,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn cycle_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    Ok(Html(
        render_cycle(&state, &me, ctx, id, FormErrors::default()).await?,
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
struct NoFields {}

async fn compute(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let done = service::compute(&state.db, &me, id, request_id.0, now).await;
    finish(&state, &me, ctx, id, done.map(|_| ())).await
}

async fn approve(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let done = service::approve(&state.db, &me, id, request_id.0, now).await;
    finish(&state, &me, ctx, id, done.map(|_| ())).await
}

/// Back to the cycle's page after a command: redirected on success, the page with the
/// refusal otherwise.
pub(super) async fn finish_with(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    id: i64,
    done: Result<(), super::error::CycleError>,
) -> Result<Response, AppError> {
    finish(state, me, ctx, id, done).await
}

/// As [`finish_with`], for a command of another feature on the cycle's page.
pub async fn back_to_cycle(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    id: i64,
    done: Result<(), AppError>,
) -> Result<Response, AppError> {
    finish(state, me, ctx, id, done).await
}

async fn finish<E: Into<AppError>>(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    id: i64,
    done: Result<(), E>,
) -> Result<Response, AppError> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/penyaluran/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_cycle(state, me, ctx, id, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct PayrollForm {
    #[serde(default)]
    region: String,
    #[serde(default)]
    channel: String,
}

async fn submit_payroll(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PayrollForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let done = super::payroll::submit(
        &state.db,
        &me,
        id,
        &form.region,
        &form.channel,
        request_id.0,
        now,
    )
    .await;
    finish(&state, &me, ctx, id, done.map(|_| ())).await
}

async fn approve_payroll(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageCycles)?;
    let cycle = super::payroll::store::payroll(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?
        .cycle_id;
    let now = state.clock.now();
    let done = super::payroll::approve(&state.db, &me, id, request_id.0, now).await;
    finish(&state, &me, ctx, cycle, done.map(|_| ())).await
}
