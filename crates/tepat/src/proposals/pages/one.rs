//! One proposal: who proposed it, the household, each step of its chain (decided by whom,
//! when and why, or waiting), its conflict-of-interest flags, and the decision form for an
//! official of the step's level.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::ProposalView;
use crate::auth::{Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, AppState, RequestId};
use crate::proposals::model::{Level, Proposal};
use crate::proposals::service::{self, Decision};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// One level of the chain as the page shows it.
pub struct ChainRow {
    pub level: String,
    /// `done`, `returned`, `waiting` or `later`.
    pub state: &'static str,
    pub who: String,
    pub when: String,
    pub note: String,
}

fn chain_rows(p: &Proposal, ctx: &PageCtx) -> Vec<ChainRow> {
    p.chain
        .iter()
        .map(|code| {
            let level = Level::parse(code)
                .map(|l| l.label(ctx.lang))
                .unwrap_or_else(|| code.clone());
            match p.steps.iter().find(|s| &s.step == code) {
                Some(s) => ChainRow {
                    level,
                    state: if s.decision == "approved" {
                        "done"
                    } else {
                        "returned"
                    },
                    who: format!(
                        "{} ({})",
                        s.official.name,
                        ctx.answer("role", &s.official.role)
                    ),
                    when: ctx.when(&s.decided_at),
                    note: s.note.clone(),
                },
                None => {
                    let waiting = p.status == "pending" && &p.step == code;
                    let state = if waiting { "waiting" } else { "later" };
                    ChainRow {
                        level,
                        state,
                        who: String::new(),
                        when: String::new(),
                        note: String::new(),
                    }
                }
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "proposal.html")]
struct OnePage {
    ctx: PageCtx,
    view: ProposalView,
    chain: Vec<ChainRow>,
    can_decide: bool,
    note: String,
    errors: FormErrors,
}

fn can_decide(me: &Principal, p: &Proposal) -> bool {
    p.status == "pending" && Level::parse(&p.step).is_some_and(|l| l.role() == me.role)
}

fn render(
    ctx: PageCtx,
    me: &Principal,
    p: Proposal,
    note: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    let chain = chain_rows(&p, &ctx);
    let can_decide = can_decide(me, &p);
    let view = ProposalView::new(p, ctx.lang);
    let page = OnePage {
        ctx,
        view,
        chain,
        can_decide,
        note,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn proposal_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let p = service::find(&state.db, &me, id, state.clock.now()).await?;
    Ok(Html(render(
        ctx,
        &me,
        p,
        String::new(),
        FormErrors::default(),
    )?))
}

#[derive(serde::Deserialize)]
pub(super) struct DecideForm {
    #[serde(default)]
    note: String,
}

async fn decide(
    state: AppState,
    me: Principal,
    ctx: PageCtx,
    request_id: RequestId,
    id: i64,
    decision: Decision,
    note: String,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    match service::decide(&state.db, &me, id, decision, &note, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/usulan-bansos/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let p = service::find(&state.db, &me, id, now).await?;
            let html = render(ctx, &me, p, note, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

pub(super) async fn approve(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<Response, AppError> {
    decide(state, me, ctx, request_id, id, Decision::Approve, form.note).await
}

pub(super) async fn return_it(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<Response, AppError> {
    decide(state, me, ctx, request_id, id, Decision::Return, form.note).await
}
