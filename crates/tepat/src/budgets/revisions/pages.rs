//! The revisions part of a line's page (`/anggaran/{id}`): every version with its reason,
//! maker and checker, the form to propose one, and the checker's buttons. No JavaScript:
//! forms post, redirect, and show errors by their fields.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::{BudgetRevision, RevisionInput};
use crate::auth::{Permission, Principal, SignedIn};
use crate::budgets::model::{BudgetLine, SUBMITTED, rupiah};
use crate::budgets::pages::{LineForms, not_a_number, number, render_line};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .post("/anggaran/{id}/revisi", propose)
        .post("/anggaran/revisi/{id}/setujui", approve)
        .post("/anggaran/revisi/{id}/tolak", reject)
}

/// The revision form as typed.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RevisionForm {
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub reason: String,
}

/// A revision as the page shows it.
pub struct RevisionView {
    pub revision: BudgetRevision,
    pub amount: String,
    pub previous: String,
    pub status: String,
    pub made_at: String,
    pub checked_at: String,
    pub decidable: bool,
    pub own: bool,
}

/// The line page's revisions section.
pub struct Revisions {
    pub items: Vec<RevisionView>,
    /// The viewer may propose a revision of this line.
    pub can_propose: bool,
    /// What the line has committed, the floor of any revision.
    pub committed: String,
    pub form: RevisionForm,
    pub errors: FormErrors,
}

impl Revisions {
    pub async fn load(
        state: &AppState,
        me: &Principal,
        ctx: &PageCtx,
        line: &BudgetLine,
        form: RevisionForm,
        errors: FormErrors,
    ) -> Result<Self, AppError> {
        let may = me.allows(Permission::ManageBudgets, true).is_ok() && super::owns(me, line);
        let items = super::store::of_line(&state.db, line.id)
            .await?
            .into_iter()
            .map(|revision| {
                let waiting = revision.status == SUBMITTED;
                let own = revision.maker.id.is_some() && revision.maker.id == me.actor.id;
                RevisionView {
                    amount: rupiah(revision.amount),
                    previous: revision.previous_amount.map(rupiah).unwrap_or_default(),
                    status: ctx
                        .tr
                        .t(&format!("budget.status.{}", revision.status))
                        .to_owned(),
                    made_at: show_time(&revision.made_at),
                    checked_at: revision
                        .checked_at
                        .as_deref()
                        .map(show_time)
                        .unwrap_or_default(),
                    decidable: may && waiting && !own,
                    own: waiting && own,
                    revision,
                }
            })
            .collect();
        Ok(Self {
            items,
            can_propose: may,
            committed: rupiah(super::committed(line)),
            form,
            errors,
        })
    }
}

async fn propose(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RevisionForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageBudgets)?;
    let errors = match number(&form.amount) {
        None => not_a_number("amount"),
        Some(amount) => {
            let input = RevisionInput {
                amount,
                purpose: form.purpose.clone(),
                reason: form.reason.clone(),
            };
            let now = state.clock.now();
            match super::propose(&state.db, &me, id, &input, request_id.0, now).await {
                Ok(_) => return Ok(Redirect::to(&format!("/anggaran/{id}")).into_response()),
                Err(err) => FormErrors::from_error(err.into(), ctx.lang)?,
            }
        }
    };
    let forms = LineForms {
        revision: form,
        revision_errors: errors,
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
    let revision = super::store::revision(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let line = revision.budget_line_id;
    let now = state.clock.now();
    match super::decide(&state.db, &me, id, approve, &form.note, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/anggaran/{line}")).into_response()),
        Err(err) => {
            let forms = LineForms {
                revision_errors: FormErrors::from_error(err.into(), ctx.lang)?,
                ..LineForms::default()
            };
            let html = render_line(&state, &me, ctx, line, forms).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
