//! The trace of a rupiah (`/jejak-dana/{transfer}`): every hop of the money a transfer
//! moved, from the treasury to the transfer itself, with who caused it, when, and where
//! its log entry and inclusion proof are.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

use super::trace::{self, Hop};
use crate::auth::{Permission, SignedIn};
use crate::budgets::model::rupiah;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

pub fn routes() -> RouteBook {
    RouteBook::new().get("/jejak-dana/{transfer}", trace_page)
}

/// A hop in words.
pub struct HopView {
    pub hop: Hop,
    pub amount: String,
    pub what: String,
    pub from: String,
    pub to: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "trace.html")]
struct TracePage {
    ctx: PageCtx,
    transfer: String,
    hops: Vec<HopView>,
}

async fn trace_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(transfer): Path<String>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadBudgets)?;
    let hops = trace::trace(&state.db, &transfer)
        .await?
        .ok_or(AppError::NotFound)?;
    let hops = hops
        .into_iter()
        .map(|hop| HopView {
            amount: rupiah(hop.transfer.amount),
            what: ctx
                .tr
                .t(&format!("trace.code.{}", hop.transfer.code))
                .to_owned(),
            from: ctx
                .tr
                .t(&format!("trace.kind.{}", hop.debit_kind))
                .to_owned(),
            to: ctx
                .tr
                .t(&format!("trace.kind.{}", hop.credit_kind))
                .to_owned(),
            at: show_time(&hop.occurred_at),
            hop,
        })
        .collect();
    let page = TracePage {
        ctx,
        transfer,
        hops,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}
