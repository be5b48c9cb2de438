//! The officials' pages of goods for hand-outs: the stock section of a hand-out's page
//! (its goods list, purchases with their bank files, delivery notes with photos, the
//! shortfalls and their decisions) and the suppliers at `/pemasok`. No JavaScript: forms
//! post, redirect, and show errors by their fields on the hand-out's page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{NewGoods, NewItem, NewSupplier};
use super::receive::{self, DeliveryInput};
use super::service::{self, PurchaseInput};
use super::site::{self, Decision, Stock};
use super::store::{self, Supplier};
use crate::auth::{Permission, Principal, SignedIn};
use crate::distribution::error::DistributionError;
use crate::distribution::model::SCHEDULED;
use crate::distribution::store::Event;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::upload::{self, FormSender};
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// Blank lines of the goods form.
pub const GOODS_LINES: usize = 5;

pub fn routes() -> RouteBook {
    let photo_limit = crate::complaints::photo::PHOTO_BYTES_MAX + 256 * 1024;
    RouteBook::new()
        .get("/pemasok", suppliers_page)
        .post("/pemasok", register)
        .post("/penyaluran-barang/{id}/barang", set_goods)
        .post("/penyaluran-barang/{id}/pembelian", buy)
        .route(
            Method::POST,
            "/penyaluran-barang/pembelian/{id}/surat-jalan",
            axum::routing::post(receive).layer(DefaultBodyLimit::max(photo_limit)),
        )
        .get("/penyaluran-barang/pembelian/{id}/pain001", bank_file)
        .get("/penyaluran-barang/surat-jalan/{id}/foto", photo)
        .post("/penyaluran-barang/kekurangan/{id}", decide)
}

/// What a hand-out's page shows of its goods, and what the official may do there.
pub struct StockView {
    pub stock: Stock,
    pub suppliers: Vec<Supplier>,
    /// Approved cycles of the hand-out's programme and region: (id, name).
    pub cycles: Vec<(i64, String)>,
    pub can_manage: bool,
    pub can_receive: bool,
    pub open: bool,
}

impl StockView {
    pub fn rupiah(&self, amount: &i64) -> String {
        crate::budgets::model::rupiah(*amount)
    }

    pub fn balanced(&self) -> bool {
        self.stock.left_rupiah == self.stock.ledger_rupiah
    }

    /// Whether goods can still be bought (a list exists, the hand-out is open).
    pub fn can_buy(&self) -> bool {
        self.can_manage && self.open && !self.stock.items.is_empty()
    }

    /// Whether the goods list may be (re)written: open and nothing bought.
    pub fn can_set_goods(&self) -> bool {
        self.can_manage && self.open && self.stock.purchases.is_empty()
    }

    /// A bar of one item's units received: handed out, short and left, as percentages.
    pub fn bar(&self, item: &super::model::ItemStock) -> (i64, i64, i64) {
        if item.received == 0 {
            return (0, 0, 0);
        }
        let pct = |n: i64| n * 100 / item.received;
        (pct(item.handed_out), pct(item.short), pct(item.left))
    }
}

/// The stock section of hand-out `event`, for `me`.
pub async fn view(state: &AppState, me: &Principal, event: &Event) -> Result<StockView, AppError> {
    let stock = site::stock(&state.db, me, event.id).await?;
    let db_err = |e: crate::db::StoreError| AppError::from(DistributionError::from(e));
    let suppliers = store::suppliers(&state.db, &event.region)
        .await
        .map_err(db_err)?
        .into_iter()
        .filter(|s| event.region.starts_with(&format!("{}.", s.region)))
        .collect();
    let cycles = crate::disbursement::store::cycles(&state.db, me.region.as_ref())
        .await
        .map_err(db_err)?
        .into_iter()
        .filter(|c| c.programme == event.programme && c.envelope.is_some())
        .filter(|c| event.region.starts_with(&format!("{}.", c.region_code)))
        .map(|c| (c.id, c.name))
        .collect();
    Ok(StockView {
        stock,
        suppliers,
        cycles,
        can_manage: me.allows(Permission::ManageDistributions, true).is_ok(),
        can_receive: me.allows(Permission::CheckInRecipients, true).is_ok(),
        open: event.status == SCHEDULED,
    })
}

type Fields = HashMap<String, String>;

/// The hand-out's page again with the errors of a form posted from it.
async fn refused(
    state: &AppState,
    me: &Principal,
    (ctx, id): (PageCtx, i64),
    err: DistributionError,
) -> Result<Response, AppError> {
    let status = match &err {
        DistributionError::NotFound => return Err(AppError::NotFound),
        DistributionError::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let errors = FormErrors::from_error(err.into(), ctx.lang)?;
    let html = crate::distribution::pages::render_event(state, me, (ctx, id), None, errors).await?;
    Ok((status, Html(html)).into_response())
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/penyaluran-barang/{id}#stok")).into_response()
}

fn number(fields: &Fields, name: &str) -> i64 {
    crate::web::form::number(fields.get(name).map(String::as_str).unwrap_or("")).unwrap_or(-1)
}

/// The goods list from the form's numbered lines; blank lines are skipped.
fn goods_from(fields: &Fields) -> NewGoods {
    let get = |name: String| fields.get(&name).cloned().unwrap_or_default();
    let items = (1..=GOODS_LINES)
        .filter(|n| !get(format!("item_{n}")).trim().is_empty())
        .map(|n| NewItem {
            item: get(format!("item_{n}")).trim().to_owned(),
            name: get(format!("name_{n}")),
            unit: get(format!("unit_{n}")),
            per_household: number(fields, &format!("per_household_{n}")),
            unit_price: number(fields, &format!("unit_price_{n}")),
        })
        .collect();
    NewGoods { items }
}

async fn set_goods(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(fields): CsrfForm<Fields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageDistributions)?;
    let now = state.clock.now();
    match service::set_goods(&state.db, &me, id, goods_from(&fields), request_id.0, now).await {
        Ok(_) => Ok(back(id)),
        Err(err) => refused(&state, &me, (ctx, id), err).await,
    }
}

async fn buy(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(fields): CsrfForm<Fields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageDistributions)?;
    let input = PurchaseInput {
        supplier: number(&fields, "supplier"),
        cycle: number(&fields, "cycle"),
        item: fields.get("item").cloned().unwrap_or_default(),
        quantity: number(&fields, "quantity"),
    };
    let now = state.clock.now();
    match service::purchase(&state.db, &me, id, &input, request_id.0, now).await {
        Ok(_) => Ok(back(id)),
        Err(err) => refused(&state, &me, (ctx, id), err).await,
    }
}

async fn receive(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(purchase): Path<i64>,
    sender: FormSender,
    multipart: Multipart,
) -> Result<Response, AppError> {
    me.require_write(Permission::CheckInRecipients)?;
    let limit = crate::complaints::photo::PHOTO_BYTES_MAX;
    let form = upload::receive_small_form(&sender, multipart, "foto", limit, 1).await?;
    let fields: Fields = form.fields.into_iter().collect();
    let bytes = form
        .files
        .into_iter()
        .next()
        .map(|f| f.1)
        .unwrap_or_default();
    let bought = store::purchase(&state.db, purchase)
        .await
        .map_err(DistributionError::from)?
        .ok_or(AppError::NotFound)?;
    let input = DeliveryInput {
        note_number: fields.get("note_number").cloned().unwrap_or_default(),
        quantity: number(&fields, "quantity"),
    };
    let now = state.clock.now();
    let sent = (&input, bytes.as_slice());
    match receive::deliver(&state.db, &me, purchase, sent, request_id.0, now).await {
        Ok(_) => Ok(back(bought.event)),
        Err(err) => refused(&state, &me, (ctx, bought.event), err).await,
    }
}

async fn bank_file(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    me.require(Permission::ReadDistributions)?;
    super::api::file_response(&state, &me, id).await
}

async fn photo(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    me.require(Permission::ReadDistributions)?;
    super::api::photo_response(&state, &me, id).await
}

async fn decide(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(fields): CsrfForm<Fields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageDistributions)?;
    let flag = super::moves::shortfall(&state.db, id)
        .await
        .map_err(DistributionError::from)?
        .ok_or(AppError::NotFound)?;
    let decision = Decision {
        decision: fields.get("decision").cloned().unwrap_or_default(),
        note: fields.get("note").cloned().unwrap_or_default(),
    };
    let now = state.clock.now();
    match site::decide(&state.db, &me, id, &decision, request_id.0, now).await {
        Ok(_) => Ok(back(flag.event)),
        Err(err) => refused(&state, &me, (ctx, flag.event), err).await,
    }
}

#[derive(Template)]
#[template(path = "suppliers.html")]
struct SuppliersPage {
    ctx: PageCtx,
    suppliers: Vec<Supplier>,
    can_manage: bool,
    fields: Fields,
    errors: FormErrors,
}

impl SuppliersPage {
    fn value(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

async fn render_suppliers(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    (fields, errors): (Fields, FormErrors),
) -> Result<String, AppError> {
    let region = me.region.as_ref().map(|r| r.as_str().to_owned());
    let suppliers = store::suppliers(&state.db, region.as_deref().unwrap_or(""))
        .await
        .map_err(DistributionError::from)?;
    let page = SuppliersPage {
        ctx,
        suppliers,
        can_manage: me.allows(Permission::ManageDistributions, true).is_ok(),
        fields,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn suppliers_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadDistributions)?;
    let mut fields = Fields::new();
    if let Some(region) = &me.region {
        fields.insert("region".to_owned(), region.as_str().to_owned());
    }
    let html = render_suppliers(&state, &me, ctx, (fields, FormErrors::default())).await?;
    Ok(Html(html))
}

async fn register(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(fields): CsrfForm<Fields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageDistributions)?;
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let input = NewSupplier {
        name: get("name"),
        owner: get("owner"),
        phone: get("phone").trim().to_owned(),
        region: get("region").trim().to_owned(),
        bank_bic: get("bank_bic").trim().to_owned(),
        account_number: get("account_number").trim().to_owned(),
        account_name: get("account_name"),
    };
    let now = state.clock.now();
    match service::register_supplier(&state.db, &me, input, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to("/pemasok").into_response()),
        Err(err) => {
            let status = match &err {
                DistributionError::Conflict(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_suppliers(&state, &me, ctx, (fields, errors)).await?;
            Ok((status, Html(html)).into_response())
        }
    }
}
