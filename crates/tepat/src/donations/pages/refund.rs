//! The money officials' refunds: money paid to needs withdrawn or expired, waiting to go
//! back to its donors, each with a form for the return transfer's bank reference.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::service::Acting;
use super::super::service::refund::{RefundInput, refund};
use super::super::store::pledges::{self, Pledge};
use crate::auth::{Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;
use crate::web::number::whole;
use crate::web::time::show_in;

/// Refunds one page lists at most.
const LISTED_MAX: u32 = 200;

/// A pledge waiting for its refund, as the page shows it.
pub struct RefundRow {
    pub pledge: Pledge,
    pub village: String,
    pub amount: String,
    pub paid_on: String,
}

#[derive(Template)]
#[template(path = "donation_refunds.html")]
struct RefundsPage {
    ctx: PageCtx,
    rows: Vec<RefundRow>,
    /// The pledge just refunded, to say so.
    done: Option<i64>,
    /// The pledge whose form was refused, with the reasons.
    failed: Option<i64>,
    errors: FormErrors,
    typed: String,
}

impl RefundsPage {
    fn is_failed(&self, id: &i64) -> bool {
        self.failed == Some(*id)
    }
}

async fn render(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    (done, failed): (Option<i64>, Option<i64>),
    errors: FormErrors,
    typed: String,
) -> Result<String, AppError> {
    let found = pledges::refundable(&state.db, me.region.as_ref(), LISTED_MAX).await?;
    let rows = found
        .into_iter()
        .map(|(pledge, village)| RefundRow {
            amount: whole(pledge.amount_rupiah, ctx.lang),
            paid_on: show_in(&pledge.created_at, ctx.zone, ctx.lang),
            village,
            pledge,
        })
        .collect();
    let page = RefundsPage {
        ctx,
        rows,
        done,
        failed,
        errors,
        typed,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn refunds_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReportPayments)?;
    let done = query.get("selesai").and_then(|id| id.parse().ok());
    let html = render(
        &state,
        &me,
        ctx,
        (done, None),
        FormErrors::default(),
        String::new(),
    )
    .await?;
    Ok(Html(html))
}

pub(super) async fn record(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RefundInput>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ReportPayments)?;
    let acting = Acting {
        caller: &me,
        request_id: request_id.0,
        now: state.clock.now(),
    };
    match refund(&state.db, &acting, id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/donasi/pengembalian?selesai={id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let typed = form.bank_reference;
            let html = render(&state, &me, ctx, (None, Some(id)), errors, typed).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
