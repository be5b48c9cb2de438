//! Voucher pages: the merchant's shop (`/warung`) with the redemption form — typed code
//! and basket lines, no JavaScript — and its recent purchases; printable voucher cards
//! for officials, one (`/voucher/{id}/kartu`) or a sheet per region (`/voucher/kartu`).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{Item, NewRedemption, Voucher};
use super::{api::keys, redeem, store};
use crate::auth::{Permission, Principal, SignedIn};
use crate::budgets::model::rupiah;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::merchants::store::Stored;
use crate::region_code::RegionCode;
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// Basket lines on the form.
const LINES: usize = 4;
/// Purchases listed on the shop's page.
const RECENT: i64 = 20;
/// Cards on one printed sheet.
const SHEET_MAX: i64 = 200;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/warung", shop_page)
        .post("/warung/tebus", redeem_form)
        .get("/voucher/kartu", card_sheet)
        .get("/voucher/kartu.pdf", card_sheet_pdf)
        .get("/voucher/{id}/kartu", card)
        .get("/voucher/{id}/kartu.pdf", card_pdf)
        .post("/penyaluran/{id}/voucher", issue_form)
}

/// What the cycle's page shows of its vouchers.
pub struct CycleVouchers {
    pub count: i64,
    pub issued: String,
    pub remaining: String,
    pub region: String,
    /// The viewer may issue the vouchers still due.
    pub issuable: bool,
}

/// The vouchers of a cycle of a programme spent at merchants; `None` for other cycles.
pub async fn of_cycle(
    db: &crate::db::Db,
    cycle: &crate::disbursement::model::Cycle,
    manages: bool,
) -> Result<Option<CycleVouchers>, AppError> {
    let programme = crate::programmes::store::find(db, &cycle.programme).await?;
    if programme.is_none_or(|p| p.channel != super::issue::CHANNEL) {
        return Ok(None);
    }
    let (count, issued, remaining) = store::cycle_totals(db, cycle.id).await?;
    let open = [
        crate::disbursement::model::APPROVED,
        crate::disbursement::model::DISBURSED,
    ];
    Ok(Some(CycleVouchers {
        count,
        issued: rupiah(issued),
        remaining: rupiah(remaining),
        region: cycle.region_code.clone(),
        issuable: manages && open.contains(&cycle.status.as_str()),
    }))
}

#[derive(Debug, Default, serde::Deserialize)]
struct IssueForm {
    #[serde(default)]
    region: String,
}

async fn issue_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<IssueForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageCycles)?;
    let keys = keys(&state)?;
    let now = state.clock.now();
    let region = form.region.trim();
    let done = super::issue::issue(&state.db, &keys, &me, id, region, request_id.0, now).await;
    let done = done.map(|_| ()).map_err(AppError::from);
    crate::disbursement::pages::back_to_cycle(&state, &me, ctx, id, done).await
}

/// A past purchase as the shop sees it.
pub struct Purchase {
    pub id: i64,
    pub code: String,
    pub amount: String,
    pub at: String,
}

/// The receipt shown after a purchase.
pub struct Receipt {
    pub amount: String,
    pub remaining: String,
}

#[derive(Template)]
#[template(path = "voucher_shop.html")]
struct ShopPage {
    ctx: PageCtx,
    shop: Option<Stored>,
    /// (code, label) of what the shop may sell.
    categories: Vec<(String, String)>,
    recent: Vec<Purchase>,
    receipt: Option<Receipt>,
    form: HashMap<String, String>,
    errors: FormErrors,
    key: String,
    offline: Option<super::offline::pages::OfflineView>,
}

impl ShopPage {
    fn value(&self, name: &str, line: &usize) -> String {
        self.form
            .get(&format!("{name}_{line}"))
            .cloned()
            .unwrap_or_default()
    }

    fn lines(&self) -> Vec<usize> {
        (1..=LINES).collect()
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct ShopQuery {
    struk: Option<i64>,
}

async fn render_shop(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    form: HashMap<String, String>,
    errors: FormErrors,
    receipt: Option<Receipt>,
) -> Result<String, AppError> {
    let shop = match me.actor.id {
        Some(account) => crate::merchants::store::by_account(&state.db, account).await?,
        None => None,
    };
    let names = store::category_names(&state.db).await?;
    let mut categories = Vec::new();
    let mut recent = Vec::new();
    if let Some(shop) = &shop {
        for goods in &shop.merchant.goods {
            for code in &goods.categories {
                let name = names
                    .iter()
                    .find(|((p, c), _)| *p == goods.programme && c == code)
                    .map_or(code.clone(), |(_, n)| n.clone());
                categories.push((code.clone(), format!("{name} ({})", goods.programme)));
            }
        }
        for (id, code, amount, at) in store::recent(&state.db, shop.merchant.id, RECENT).await? {
            recent.push(Purchase {
                id,
                code: super::code::display(&code),
                amount: rupiah(amount),
                at: crate::web::time::show_time(&at),
            });
        }
    }
    let offline = match &shop {
        Some(_) => super::offline::pages::view(state, me).await,
        None => None,
    };
    let page = ShopPage {
        offline,
        ctx,
        shop,
        categories,
        recent,
        receipt,
        form,
        errors,
        key: crate::http::token::random_token(),
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn shop_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ShopQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::RedeemVouchers)?;
    let receipt = match (query.struk, me.actor.id) {
        (Some(id), Some(account)) => {
            store::receipt(&state.db, id, account)
                .await?
                .map(|(amount, remaining)| Receipt {
                    amount: rupiah(amount),
                    remaining: rupiah(remaining),
                })
        }
        _ => None,
    };
    let form = HashMap::new();
    Ok(Html(
        render_shop(&state, &me, ctx, form, FormErrors::default(), receipt).await?,
    ))
}

/// The basket typed on the form: lines with a category, the rest skipped.
fn basket(form: &HashMap<String, String>) -> Result<Vec<Item>, FormErrors> {
    let mut items = Vec::new();
    for line in 1..=LINES {
        let get = |name: &str| form.get(&format!("{name}_{line}")).map_or("", |v| v.trim());
        if get("kategori").is_empty() {
            continue;
        }
        let number = |name: &str| crate::web::form::number(get(name));
        let (Some(quantity), Some(amount)) = (number("jumlah"), number("nilai")) else {
            return Err(crate::web::form::number_error("items", line));
        };
        items.push(Item {
            category: get("kategori").to_owned(),
            description: get("uraian").to_owned(),
            quantity,
            amount,
        });
    }
    Ok(items)
}

async fn redeem_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require_write(Permission::RedeemVouchers)?;
    let errors = match basket(&form) {
        Err(errors) => errors,
        Ok(items) => {
            let input = NewRedemption {
                voucher: form.get("voucher").cloned().unwrap_or_default(),
                items,
            };
            let key = form.get("kunci").cloned();
            let keys = keys(&state)?;
            let now = state.clock.now();
            match redeem::redeem_once(&state.db, &keys, &me, input, key, request_id.0, now).await {
                Ok(done) => {
                    return Ok(Redirect::to(&format!("/warung?struk={}", done.id)).into_response());
                }
                Err(err) => FormErrors::from_error(err.into(), ctx.lang)?,
            }
        }
    };
    let html = render_shop(&state, &me, ctx, form, errors, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

/// A voucher as its card shows it.
pub struct CardView {
    pub code: String,
    pub programme: String,
    pub amount: String,
    pub valid_until: String,
    pub goods: String,
    pub qr: String,
    /// The QR code's text, which a shop's phone can also copy from the page.
    pub payload: String,
}

impl CardView {
    fn new(voucher: &Voucher, ctx: &PageCtx) -> Self {
        let valid_until = crate::web::time::parse_date(&voucher.valid_until).map_or_else(
            || voucher.valid_until.clone(),
            |d| crate::web::time::date(d, ctx.lang),
        );
        Self {
            code: super::code::display(&voucher.code),
            programme: voucher.programme.clone(),
            amount: rupiah(voucher.remaining),
            valid_until,
            goods: voucher.categories.join(", "),
            qr: crate::web::qr::svg(&voucher.payload, 180).unwrap_or_default(),
            payload: voucher.payload.clone(),
        }
    }
}

impl CardView {
    fn pdf(&self) -> super::pdf::Card {
        super::pdf::Card {
            programme: self.programme.clone(),
            code: self.code.clone(),
            amount: self.amount.clone(),
            valid_until: self.valid_until.clone(),
            goods: self.goods.clone(),
            payload: self.payload.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "voucher_cards.html")]
struct CardsPage {
    ctx: PageCtx,
    title: String,
    cards: Vec<CardView>,
    /// The same cards as PDF.
    pdf: String,
}

fn pdf_response(cards: &[CardView], sheet: bool, name: &str) -> Response {
    let cards: Vec<super::pdf::Card> = cards.iter().map(CardView::pdf).collect();
    let bytes = super::pdf::cards(&cards, sheet);
    let disposition = format!("inline; filename=\"{name}\"");
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// A voucher in the caller's region.
async fn one_voucher(state: &AppState, me: &Principal, id: i64) -> Result<Voucher, AppError> {
    me.require(Permission::ReadVouchers)?;
    store::by_id(&state.db, id)
        .await?
        .filter(|v| me.covers_code(&v.region_code))
        .ok_or(AppError::NotFound)
}

async fn card_pdf(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let voucher = one_voucher(&state, &me, id).await?;
    let name = format!("voucher-{id}.pdf");
    Ok(pdf_response(&[CardView::new(&voucher, &ctx)], false, &name))
}

async fn card(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let voucher = one_voucher(&state, &me, id).await?;
    let page = CardsPage {
        pdf: format!("/voucher/{id}/kartu.pdf"),
        title: ctx.tr.t("card.title").to_owned(),
        cards: vec![CardView::new(&voucher, &ctx)],
        ctx,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

#[derive(Debug, serde::Deserialize)]
struct SheetQuery {
    wilayah: String,
}

/// The vouchers of a region in the caller's, for a sheet of cards.
async fn sheet(
    state: &AppState,
    me: &Principal,
    query: &SheetQuery,
) -> Result<(RegionCode, Vec<Voucher>), AppError> {
    me.require(Permission::ReadVouchers)?;
    let region = RegionCode::parse(&query.wilayah)
        .ok()
        .filter(|r| me.covers(r))
        .ok_or(AppError::NotFound)?;
    let vouchers = store::for_cards(&state.db, region.as_str(), SHEET_MAX).await?;
    Ok((region, vouchers))
}

async fn card_sheet_pdf(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<SheetQuery>,
) -> Result<Response, AppError> {
    let (region, vouchers) = sheet(&state, &me, &query).await?;
    let cards: Vec<CardView> = vouchers.iter().map(|v| CardView::new(v, &ctx)).collect();
    let name = format!("voucher-{}.pdf", region.as_str());
    Ok(pdf_response(&cards, true, &name))
}

async fn card_sheet(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<SheetQuery>,
) -> Result<Html<String>, AppError> {
    let (region, vouchers) = sheet(&state, &me, &query).await?;
    let page = CardsPage {
        pdf: format!("/voucher/kartu.pdf?wilayah={}", region.as_str()),
        title: format!("{} {}", ctx.tr.t("card.sheet"), region.as_str()),
        cards: vouchers.iter().map(|v| CardView::new(v, &ctx)).collect(),
        ctx,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}
