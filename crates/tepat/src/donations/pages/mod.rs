//! Donation pages: the public list with filters and totals per district, one need's page
//! (with the pledge form for a signed-in donor), the donor's history, and the officials'
//! pages to post a need, record goods delivered, confirm with a photo and see the flags.

mod donor;
mod official;
mod refund;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::Method;
use axum::response::Html;
use axum::routing;

use super::service;
use super::store::{self, Need, RegionTotal};
use super::{CATEGORIES, GOODS, OPEN};
use crate::auth::{MaybeSignedIn, Permission};
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, pagination};
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;
use crate::web::number::whole;
use crate::web::time::show_in;

/// The confirmation form with its photo and the text fields.
const CONFIRM_BYTES_MAX: usize = crate::complaints::photo::PHOTO_BYTES_MAX + 64 * 1024;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/donasi", list_page)
        .get("/donasi/saya", donor::mine_page)
        .get("/donasi/saya/{id}", donor::pledge_page)
        .get("/donasi/baru", official::new_page)
        .post("/donasi/baru", official::post_need)
        .get("/donasi/tanda", official::flags_page)
        .get("/donasi/pengembalian", refund::refunds_page)
        .post("/donasi/janji/{id}/kembalikan", refund::record)
        .get("/donasi/janji/{id}/foto", official::photo)
        .post("/donasi/janji/{id}/antar", official::deliver)
        .get("/donasi/janji/{id}/konfirmasi", official::confirm_page)
        .route(
            Method::POST,
            "/donasi/janji/{id}/konfirmasi",
            routing::post(official::confirm).layer(DefaultBodyLimit::max(CONFIRM_BYTES_MAX)),
        )
        .get("/donasi/{id}", need_page)
        .post("/donasi/{id}/janji", donor::pledge)
        .post("/donasi/{id}/cabut", official::withdraw)
}

/// A need as pages show it: codes in words, amounts and dates as people read them.
pub struct NeedView {
    pub need: Need,
    pub category: String,
    pub status: String,
    pub deadline: String,
    pub amount: String,
    pub pledged: String,
    pub open: String,
    pub percent: i64,
    pub is_goods: bool,
    pub takes_pledges: bool,
}

impl NeedView {
    pub fn new(need: Need, ctx: &PageCtx) -> Self {
        let lang = ctx.lang;
        Self {
            category: super::category_label(&need.category, lang),
            status: super::status_label(&need.status, lang),
            deadline: show_in(&need.deadline, ctx.zone, lang),
            amount: whole(need.amount_rupiah, lang),
            pledged: whole(need.pledged_rupiah, lang),
            open: whole(need.open_rupiah, lang),
            percent: need.progress().percent(need.amount_rupiah),
            is_goods: need.kind == GOODS,
            takes_pledges: need.status == OPEN,
            need,
        }
    }

    /// What is still open, in the need's own unit for goods.
    pub fn open_quantity(&self) -> String {
        let total = self.need.quantity.unwrap_or_default();
        let left = (total - self.need.pledged_quantity).max(0);
        format!("{} {}", left, self.need.unit.clone().unwrap_or_default())
    }
}

/// A district's totals as the public sees them.
pub struct TotalView {
    pub code: String,
    pub name: String,
    pub needs: String,
    pub asked: String,
    pub pledged: String,
    pub confirmed: String,
}

fn total_view(t: RegionTotal, lang: Lang) -> TotalView {
    TotalView {
        code: t.region_code,
        name: t.region_name,
        needs: whole(t.needs, lang),
        asked: whole(t.asked_rupiah, lang),
        pledged: whole(t.pledged_rupiah, lang),
        confirmed: whole(t.confirmed_rupiah, lang),
    }
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    wilayah: Option<String>,
    kategori: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "donations.html")]
struct ListPage {
    ctx: PageCtx,
    needs: Vec<NeedView>,
    totals: Vec<TotalView>,
    categories: Vec<(String, String)>,
    region: String,
    category: String,
    next_cursor: Option<String>,
}

async fn list_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: None,
    }
    .validate()?;
    let (filter, region) = service::filter(query.kategori.as_deref(), query.wilayah.as_deref())?;
    let before = page.before_id();
    let rows =
        service::list_public(&state.db, &filter, region.as_ref(), before, page.limit + 1).await?;
    let (rows, next_cursor) = pagination::finish_page(rows, page.limit, |n| n.id.to_string());
    let lang = ctx.lang;
    let totals = store::totals_by_district(&state.db).await?;
    let html = ListPage {
        needs: rows.into_iter().map(|n| NeedView::new(n, &ctx)).collect(),
        totals: totals.into_iter().map(|t| total_view(t, lang)).collect(),
        categories: CATEGORIES
            .iter()
            .map(|(c, id, en)| ((*c).to_owned(), lang.pick(id, en)))
            .collect(),
        region: region.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        category: filter.category,
        next_cursor,
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// A pledge on a need's page: the amount, its state, the donor when named.
pub struct PublicPledgeView {
    pub amount: String,
    pub status: String,
    pub donor: String,
}

#[derive(Template)]
#[template(path = "donation_need.html")]
struct NeedPage {
    ctx: PageCtx,
    view: NeedView,
    pledges: Vec<PublicPledgeView>,
    is_donor: bool,
    is_official: bool,
    official_pledges: Vec<(i64, String, String, bool, bool)>,
    errors: FormErrors,
    amount: String,
    /// For a donor on a goods need: the merchants that may deliver (id, name).
    merchants: Vec<(i64, String)>,
}

async fn render_need(
    state: &AppState,
    ctx: PageCtx,
    me: Option<&crate::auth::Principal>,
    need: Need,
    errors: FormErrors,
    amount: String,
) -> Result<String, AppError> {
    let lang = ctx.lang;
    let all = store::pledges::of_need(&state.db, need.id).await?;
    let pledges = all
        .iter()
        .filter(|(p, _)| p.status != super::RELEASED)
        .map(|(p, name)| PublicPledgeView {
            amount: whole(p.amount_rupiah, lang),
            status: super::status_label(&p.status, lang),
            donor: if p.named {
                name.clone()
            } else {
                lang.pick("Donatur tanpa nama", "Anonymous donor")
            },
        })
        .collect();
    let is_donor = me.is_some_and(|m| m.allows(Permission::PledgeDonations, true).is_ok());
    let is_official = me.is_some_and(|m| {
        m.allows(Permission::ConfirmDonations, true).is_ok() && m.covers_code(&need.region_code)
    });
    let official_pledges = if is_official {
        all.iter()
            .map(|(p, _)| {
                let waiting_goods = p.kind == GOODS && p.status == super::PLEDGED;
                let received = p.status == super::PAID || p.status == super::DELIVERED;
                (
                    p.id,
                    whole(p.amount_rupiah, lang),
                    super::status_label(&p.status, lang),
                    waiting_goods,
                    received,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let merchants = if is_donor && need.kind == GOODS {
        store::pledges::merchants_near(&state.db, &need.region_code).await?
    } else {
        Vec::new()
    };
    let view = NeedView::new(need, &ctx);
    let page = NeedPage {
        merchants,
        ctx,
        view,
        pledges,
        is_donor,
        is_official,
        official_pledges,
        errors,
        amount,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn need_page(
    State(state): State<AppState>,
    MaybeSignedIn(me): MaybeSignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let need = service::find_public(&state.db, id).await?;
    let html = render_need(
        &state,
        ctx,
        me.as_ref(),
        need,
        FormErrors::default(),
        String::new(),
    )
    .await?;
    Ok(Html(html))
}
