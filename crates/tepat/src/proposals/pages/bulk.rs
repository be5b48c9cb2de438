//! Deciding the proposals ticked on the list (`/usulan-bansos`) at once:
//! `POST /usulan-bansos/setujui` and `POST /usulan-bansos/kembalikan` (no JavaScript: a
//! checkbox per row and two buttons). The answer is a page listing each item's outcome.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::{Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, AppState, RequestId};
use crate::proposals::bulk::{self, BulkItem};
use crate::proposals::model::{Level, status_label};
use crate::proposals::service::Decision;
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// One item as the result page shows it.
pub struct ItemLine {
    pub id: i64,
    pub decided: bool,
    /// Its status and step in words once decided, or why it was refused.
    pub words: String,
}

#[derive(Template)]
#[template(path = "proposals_bulk.html")]
struct ResultPage {
    ctx: PageCtx,
    approve: bool,
    decided: usize,
    refused: usize,
    items: Vec<ItemLine>,
    errors: FormErrors,
}

/// The ticked ids and the note, from the form's pairs (`id` repeats).
fn read_form(pairs: &[(String, String)]) -> Result<(Vec<i64>, String), AppError> {
    let mut ids = Vec::new();
    for (key, value) in pairs.iter().filter(|(k, _)| k == "id") {
        let id = value.trim().parse::<i64>().map_err(|_| {
            AppError::BadRequest(crate::http::FieldError::new(
                "ids",
                "format",
                &format!("{key} must be a proposal number"),
                "pilihan harus nomor usulan",
            ))
        })?;
        ids.push(id);
    }
    let note = pairs
        .iter()
        .find(|(k, _)| k == "note")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    Ok((ids, note))
}

fn line(item: BulkItem, ctx: &PageCtx) -> ItemLine {
    let lang = ctx.lang;
    let words = match (&item.status, &item.step) {
        (Some(status), Some(step)) => {
            let step = Level::parse(step).map_or_else(|| step.clone(), |l| l.label(lang));
            format!("{} · {step}", status_label(status, lang))
        }
        _ => item.reason(lang),
    };
    ItemLine {
        id: item.id,
        decided: item.is_decided(),
        words,
    }
}

async fn decide(
    state: AppState,
    me: Principal,
    ctx: PageCtx,
    request_id: RequestId,
    decision: Decision,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let (ids, note) = read_form(&pairs)?;
    let now = state.clock.now();
    let approve = decision == Decision::Approve;
    let answer = bulk::decide_many(&state.db, &me, &ids, decision, &note, request_id.0, now).await;
    let (status, page) = match answer {
        Ok(outcome) => (
            StatusCode::OK,
            ResultPage {
                approve,
                decided: outcome.decided,
                refused: outcome.refused,
                items: outcome.items.into_iter().map(|i| line(i, &ctx)).collect(),
                errors: FormErrors::default(),
                ctx,
            },
        ),
        Err(err) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ResultPage {
                errors: FormErrors::from_error(err.into(), ctx.lang)?,
                approve,
                decided: 0,
                refused: 0,
                items: Vec::new(),
                ctx,
            },
        ),
    };
    let html = page.render().map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}

pub(super) async fn approve(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    decide(state, me, ctx, request_id, Decision::Approve, pairs).await
}

pub(super) async fn return_them(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    decide(state, me, ctx, request_id, Decision::Return, pairs).await
}
