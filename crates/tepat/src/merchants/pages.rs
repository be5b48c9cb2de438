//! The merchants page (`/pedagang`): the e-warong of the official's region with what each
//! may sell and its status, the form a district officer registers one with, and the
//! suspension of one with a reason. No JavaScript: forms post, redirect, and show errors
//! by their fields.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{Merchant, MerchantGoods, NewMerchant};
use super::service;
use crate::auth::{Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/pedagang", merchants_page)
        .post("/pedagang", register)
        .post("/pedagang/{id}/bekukan", suspend)
}

/// The registration form as typed; each category a checkbox named `kategori_{code}`.
#[derive(Debug, Default)]
struct MerchantForm {
    code: String,
    name: String,
    owner_name: String,
    region: String,
    bank_bic: String,
    account_number: String,
    account: String,
    kategori: Vec<String>,
}

impl MerchantForm {
    fn from_fields(fields: &HashMap<String, String>) -> Self {
        let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
        let mut kategori: Vec<String> = fields
            .keys()
            .filter_map(|k| k.strip_prefix("kategori_"))
            .map(str::to_owned)
            .collect();
        kategori.sort();
        Self {
            code: get("code"),
            name: get("name"),
            owner_name: get("owner_name"),
            region: get("region"),
            bank_bic: get("bank_bic"),
            account_number: get("account_number"),
            account: get("account"),
            kategori,
        }
    }

    fn sells(&self, code: &str) -> bool {
        self.kategori.iter().any(|k| k == code)
    }
}

#[derive(Template)]
#[template(path = "merchants.html")]
struct MerchantsPage {
    ctx: PageCtx,
    merchants: Vec<Merchant>,
    can_manage: bool,
    /// (code, name) of the Sembako categories a new shop may sell.
    categories: Vec<(String, String)>,
    form: MerchantForm,
    errors: FormErrors,
    /// Double spends caught in the region's shops, open ones first.
    double_spends: Vec<crate::vouchers::offline::model::DoubleSpend>,
    /// The region's settlements, newest first.
    settlements: Vec<SettlementView>,
    /// What the last settlement did: `ok`, `kosong` (nothing to pay) or `wilayah`.
    settled: Option<String>,
}

/// A settlement as the page shows it.
struct SettlementView {
    settlement: super::settlement::Settlement,
    total: String,
    at: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct PageQuery {
    pelunasan: Option<String>,
}

impl MerchantsPage {
    fn rupiah(&self, amount: &i64) -> String {
        crate::budgets::model::rupiah(*amount)
    }
}

async fn render(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    form: MerchantForm,
    errors: FormErrors,
    settled: Option<String>,
) -> Result<String, AppError> {
    let merchants = service::list(&state.db, me).await?;
    let categories = crate::vouchers::store::category_names(&state.db)
        .await?
        .into_iter()
        .filter(|((programme, _), _)| programme == "SEMBAKO")
        .map(|((_, code), name)| (code, name))
        .collect();
    let double_spends =
        crate::vouchers::offline::flags::list(&state.db, me, me.region.as_ref(), None).await?;
    let prefix = me.region.as_ref().map_or("", |r| r.as_str());
    let settlements = super::settlement::store::list(&state.db, prefix, 20)
        .await?
        .into_iter()
        .map(|s| SettlementView {
            total: crate::budgets::model::rupiah(s.total),
            at: crate::web::time::show_time(&s.created_at),
            settlement: s,
        })
        .collect();
    let page = MerchantsPage {
        settlements,
        settled,
        double_spends,
        can_manage: Permission::ManageMerchants.roles().contains(&me.role),
        ctx,
        merchants,
        categories,
        form,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn merchants_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<PageQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadMerchants)?;
    let form = MerchantForm {
        region: me
            .region
            .as_ref()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        ..MerchantForm::default()
    };
    Ok(Html(
        render(
            &state,
            &me,
            ctx,
            form,
            FormErrors::default(),
            query.pelunasan,
        )
        .await?,
    ))
}

async fn register(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(fields): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageMerchants)?;
    let form = MerchantForm::from_fields(&fields);
    let account = Some(form.account.trim().to_owned()).filter(|a| !a.is_empty());
    let input = NewMerchant {
        code: form.code.trim().to_owned(),
        name: form.name.clone(),
        owner_name: form.owner_name.clone(),
        region: form.region.trim().to_owned(),
        latitude: None,
        longitude: None,
        bank_bic: form.bank_bic.trim().to_uppercase(),
        account_number: form.account_number.trim().to_owned(),
        account,
        goods: vec![MerchantGoods {
            programme: "SEMBAKO".to_owned(),
            categories: form.kategori.clone(),
        }],
    };
    let now = state.clock.now();
    match service::register(&state.db, &me, input, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to("/pedagang").into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render(&state, &me, ctx, form, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct SuspendForm {
    #[serde(default)]
    reason: String,
}

async fn suspend(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<SuspendForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageMerchants)?;
    let now = state.clock.now();
    match service::suspend(&state.db, &me, id, &form.reason, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to("/pedagang").into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render(&state, &me, ctx, MerchantForm::default(), errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
