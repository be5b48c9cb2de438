//! The offline limits page (`/pedagang/batas-offline`): every voucher programme's limits
//! for the officials who read merchants, and for a ministry officer a form per programme
//! that sets them. No JavaScript: the form posts, redirects, and shows errors by fields.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::Limits;
use super::{setting, store};
use crate::auth::{Permission, Principal, SignedIn};
use crate::budgets::model::rupiah;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::vouchers::error::VoucherError;
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/pedagang/batas-offline", limits_page)
        .post("/pedagang/batas-offline/{programme}", set_form)
}

/// One programme's limits as the page shows them.
struct Row {
    code: String,
    name: String,
    limits: Limits,
    per_voucher: String,
    per_day: String,
    outstanding: String,
}

#[derive(Template)]
#[template(path = "offline_limits.html")]
struct LimitsPage {
    ctx: PageCtx,
    rows: Vec<Row>,
    can_set: bool,
    /// The programme whose form the errors belong to.
    failed: String,
    errors: FormErrors,
}

async fn render(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    failed: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    let limits = store::limits(&state.db).await.map_err(VoucherError::from)?;
    let programmes = crate::programmes::store::list(&state.db).await?;
    let mut rows: Vec<Row> = limits
        .into_iter()
        .map(|(code, limits)| {
            let name = programmes
                .iter()
                .find(|p| p.code == code)
                .map_or_else(|| code.clone(), |p| p.name.clone());
            Row {
                per_voucher: rupiah(limits.per_voucher),
                per_day: rupiah(limits.per_day),
                outstanding: rupiah(limits.outstanding),
                code,
                name,
                limits,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let page = LimitsPage {
        ctx,
        rows,
        can_set: Permission::SetOfflineLimits.roles().contains(&me.role),
        failed,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn limits_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadMerchants)?;
    let html = render(&state, &me, ctx, String::new(), FormErrors::default()).await?;
    Ok(Html(html))
}

/// A typed amount of rupiah: digits, dots between thousands allowed.
fn amount(fields: &HashMap<String, String>, name: &'static str) -> Result<i64, VoucherError> {
    let text: String = fields
        .get(name)
        .map(|t| t.trim().replace(['.', ' '], ""))
        .unwrap_or_default();
    text.parse().map_err(|_| {
        VoucherError::invalid(
            name,
            "number",
            "must be a whole number of rupiah",
            "harus bilangan bulat rupiah",
        )
    })
}

async fn set_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(programme): Path<String>,
    CsrfForm(fields): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require_write(Permission::SetOfflineLimits)?;
    let now = state.clock.now();
    let done = async {
        let limits = Limits {
            per_voucher: amount(&fields, "per_voucher")?,
            per_day: amount(&fields, "per_day")?,
            outstanding: amount(&fields, "outstanding")?,
        };
        setting::set(&state.db, &me, &programme, limits, request_id.0, now).await
    };
    match done.await {
        Ok(_) => Ok(Redirect::to("/pedagang/batas-offline").into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render(&state, &me, ctx, programme, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
