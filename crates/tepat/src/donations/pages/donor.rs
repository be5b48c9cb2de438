//! The donor's pages: the pledge form's answer, the history of their pledges, and one
//! pledge with its payment reference and the log entries that prove each step.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::service::pledge::{self, PledgeInput};
use super::super::service::{self, Acting};
use super::super::store::pledges::{Pledge, Proof};
use super::super::{GOODS, PLEDGED, TRANSFER};
use super::{NeedView, render_need};
use crate::auth::{Permission, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, AppState, RequestId, pagination};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;
use crate::web::number::whole;
use crate::web::time::show_in;

#[derive(serde::Deserialize, Default)]
pub(super) struct PledgeForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    named: Option<String>,
}

fn number(text: &str) -> Option<i64> {
    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    digits.parse().ok()
}

pub(super) async fn pledge(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PledgeForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::PledgeDonations)?;
    let need = service::find_public(&state.db, id).await?;
    let value = number(&form.amount).unwrap_or_default();
    let goods = need.kind == GOODS;
    // A merchant is chosen as `merchant:{id}`; an id that is not a number reaches the rule
    // as a missing merchant.
    let (channel, merchant_id) = match form.channel.split_once(':') {
        Some((channel, id)) if goods => (channel.to_owned(), id.trim().parse().ok()),
        _ if goods => (form.channel.clone(), None),
        _ => (TRANSFER.to_owned(), None),
    };
    let input = PledgeInput {
        amount_rupiah: (!goods).then_some(value),
        quantity: goods.then_some(value),
        channel,
        merchant_id,
        named: form.named.is_some(),
    };
    let acting = Acting {
        caller: &me,
        request_id: request_id.0,
        now: state.clock.now(),
    };
    match pledge::pledge(&state.db, &acting, id, &input).await {
        Ok(made) => Ok(Redirect::to(&format!("/donasi/saya/{}", made.id)).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_need(&state, ctx, Some(&me), need, errors, form.amount).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

/// A pledge in the donor's history.
pub struct PledgeView {
    pub pledge: Pledge,
    pub amount: String,
    pub status: String,
    pub channel: String,
    pub due: String,
    pub at: String,
    pub waiting_for_money: bool,
}

impl PledgeView {
    fn new(pledge: Pledge, ctx: &PageCtx) -> Self {
        let lang = ctx.lang;
        Self {
            amount: whole(pledge.amount_rupiah, lang),
            status: super::super::status_label(&pledge.status, lang),
            channel: super::super::channel_label(&pledge.channel, lang),
            due: show_in(&pledge.due_date, ctx.zone, lang),
            at: show_in(&pledge.created_at, ctx.zone, lang),
            waiting_for_money: pledge.status == PLEDGED && pledge.channel == TRANSFER,
            pledge,
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub(super) struct MineQuery {
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "donation_mine.html")]
struct MinePage {
    ctx: PageCtx,
    pledges: Vec<PledgeView>,
    next_cursor: Option<String>,
}

pub(super) async fn mine_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<MineQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::PledgeDonations)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: None,
    }
    .validate()?;
    let rows = pledge::mine(&state.db, &me, page.before_id(), page.limit + 1).await?;
    let (rows, next_cursor) = pagination::finish_page(rows, page.limit, |p| p.id.to_string());
    let html = MinePage {
        pledges: rows.into_iter().map(|p| PledgeView::new(p, &ctx)).collect(),
        next_cursor,
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// A step of the pledge in the log, as the donor reads it.
pub struct ProofView {
    pub what: String,
    pub at: String,
    pub log_index: Option<i64>,
    pub event_id: i64,
}

fn proof_view(proof: Proof, ctx: &PageCtx) -> ProofView {
    let what = match proof.action.as_str() {
        "donation.pledged" => ctx.lang.pick("Janji donasi dicatat", "Pledge recorded"),
        "donation.paid" => ctx.lang.pick("Transfer diterima bank", "Transfer received"),
        "donation.delivered" => ctx
            .lang
            .pick("Barang diterima kantor desa", "Goods handed in"),
        "donation.confirmed" => ctx.lang.pick(
            "Keluarga mengonfirmasi penerimaan (dengan foto)",
            "Household confirmed receipt (with a photo)",
        ),
        "donation.released" => ctx.lang.pick("Janji dilepas", "Pledge released"),
        "donation.refunded" => ctx.lang.pick(
            "Uang dikembalikan ke rekening Anda",
            "Money returned to your account",
        ),
        "donation.reminded" => ctx.lang.pick("Pengingat dikirim", "Reminder sent"),
        _ => ctx.lang.pick("Perubahan lain", "Other change"),
    };
    ProofView {
        what,
        at: show_in(&proof.at, ctx.zone, ctx.lang),
        log_index: proof.log_index,
        event_id: proof.event_id,
    }
}

#[derive(Template)]
#[template(path = "donation_pledge.html")]
struct PledgePage {
    ctx: PageCtx,
    view: PledgeView,
    need: NeedView,
    proofs: Vec<ProofView>,
    confirmed: bool,
}

pub(super) async fn pledge_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let (pledge, need, proofs) = pledge::mine_one(&state.db, &me, id).await?;
    let confirmed = pledge.status == super::super::CONFIRMED;
    let html = PledgePage {
        view: PledgeView::new(pledge, &ctx),
        need: NeedView::new(need, &ctx),
        proofs: proofs.into_iter().map(|p| proof_view(p, &ctx)).collect(),
        confirmed,
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}
