//! Pages of response times: `/kinerja` for everyone (offices, never names) and
//! `/pemantauan/kinerja` for supervisors (every official), each table with its chart and
//! its CSV (`.csv?tabel=jenis|kantor|petugas`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};

use super::service::{self, Report};
use super::tables;
use crate::auth::{Permission, SignedIn};
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, FieldError};
use crate::monitoring::decisions::pages::{
    csv_body, download, month_code, month_words, months_offered, region_choices,
};
use crate::monitoring::decisions::tables::Table;
use crate::region_code::RegionCode;
use crate::web::layout::PageCtx;

const PUBLIC: &str = "/kinerja";
const FULL: &str = "/pemantauan/kinerja";

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get(PUBLIC, public_page)
        .get("/kinerja.csv", public_csv)
        .get(FULL, full_page)
        .get("/pemantauan/kinerja.csv", full_csv)
}

#[derive(serde::Deserialize, Default)]
struct TimesQuery {
    bulan: Option<String>,
    wilayah: Option<String>,
    tabel: Option<String>,
}

#[derive(Template)]
#[template(path = "kpi.html")]
struct KpiPage {
    ctx: PageCtx,
    base: &'static str,
    full: bool,
    month: String,
    month_words: String,
    months: Vec<(String, String)>,
    region: String,
    regions: Vec<(String, String)>,
    tables: Vec<(Table, Vec<String>)>,
}

async fn public_report(state: &AppState, query: &TimesQuery) -> Result<Report, AppError> {
    let now = state.clock.now();
    let region = service::public_region(&state.db, query.wilayah.as_deref(), "wilayah").await?;
    let month = service::month(query.bulan.as_deref(), "bulan", now)?;
    Ok(service::report(&state.db, region, month, false, now).await?)
}

async fn full_report(
    state: &AppState,
    me: &crate::auth::Principal,
    query: &TimesQuery,
) -> Result<Report, AppError> {
    me.require(Permission::ReadMonitoring)?;
    let now = state.clock.now();
    let region = crate::monitoring::decisions::service::region_of(me, query.wilayah.as_deref())?;
    let month = service::month(query.bulan.as_deref(), "bulan", now)?;
    Ok(service::report(&state.db, region, month, true, now).await?)
}

fn role_words(ctx: &PageCtx, code: &str) -> String {
    if code == "system" {
        return ctx.tr.t("kpi.system").to_owned();
    }
    ctx.answer("role", code)
}

async fn render(
    state: &AppState,
    ctx: PageCtx,
    report: Report,
    (base, viewer): (&'static str, Option<&RegionCode>),
) -> Result<Html<String>, AppError> {
    let all = tables::tables(&report, ctx.lang, |c| role_words(&ctx, c));
    let tables = all
        .into_iter()
        .map(|t| {
            let words = t
                .header
                .iter()
                .map(|h| ctx.tr.t(&format!("kpi.col.{h}")).to_owned())
                .collect();
            (t, words)
        })
        .collect();
    let current = service::month(None, "bulan", state.clock.now())?;
    let regions = region_choices(state, viewer, report.region.as_ref(), &ctx).await?;
    let html = KpiPage {
        base,
        full: base == FULL,
        month: month_code(report.month),
        month_words: month_words(report.month),
        months: months_offered(current),
        region: report
            .region
            .as_ref()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        regions,
        tables,
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

async fn public_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<TimesQuery>,
) -> Result<Html<String>, AppError> {
    let report = public_report(&state, &query).await?;
    render(&state, ctx, report, (PUBLIC, None)).await
}

async fn full_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<TimesQuery>,
) -> Result<Html<String>, AppError> {
    let report = full_report(&state, &me, &query).await?;
    render(&state, ctx, report, (FULL, me.region.as_ref())).await
}

fn csv(report: &Report, ctx: &PageCtx, wanted: Option<&str>) -> Result<Response, AppError> {
    let all = tables::tables(report, ctx.lang, |c| role_words(ctx, c));
    let wanted = wanted.unwrap_or("jenis").trim();
    let Some(table) = all.iter().find(|t| t.name == wanted) else {
        let list = all.iter().map(|t| t.name).collect::<Vec<_>>().join(", ");
        return Err(AppError::BadRequest(FieldError::new(
            "tabel",
            "choice",
            &format!("must be one of {list}"),
            &format!("harus salah satu dari {list}"),
        )));
    };
    let month = month_code(report.month);
    let name = match &report.region {
        Some(r) => format!("kinerja-{month}-{}-{}.csv", r.as_str(), table.name),
        None => format!("kinerja-{month}-{}.csv", table.name),
    };
    let body = csv_body(table).into_bytes();
    Ok(download("text/csv; charset=utf-8", name, body))
}

async fn public_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<TimesQuery>,
) -> Result<Response, AppError> {
    let report = public_report(&state, &query).await?;
    csv(&report, &ctx, query.tabel.as_deref())
}

async fn full_csv(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<TimesQuery>,
) -> Result<Response, AppError> {
    let report = full_report(&state, &me, &query).await?;
    csv(&report, &ctx, query.tabel.as_deref())
}
