//! The monthly monitoring of decisions (`/pemantauan/keputusan?bulan=YYYY-MM&wilayah=CODE`):
//! a region chooser down to the village and a month chooser, then each table with its
//! server-drawn SVG chart; each table as CSV (`/pemantauan/keputusan.csv?tabel=…`) and all
//! of them as sheets of one workbook (`/pemantauan/keputusan.xlsx`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use time::Date;

use super::service::{self, DecisionReport};
use super::tables::{self, Table};
use crate::auth::{Principal, SignedIn};
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, FieldError};
use crate::region_code::RegionCode;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/pemantauan/keputusan", page)
        .get("/pemantauan/keputusan.csv", csv_download)
        .get("/pemantauan/keputusan.xlsx", xlsx_download)
}

/// Months offered by the chooser, counting the current one.
const MONTHS_OFFERED: u32 = 12;

const MONTH_NAMES: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

#[derive(serde::Deserialize, Default)]
struct ReportQuery {
    bulan: Option<String>,
    wilayah: Option<String>,
    tabel: Option<String>,
}

/// The month in words: `Desember 2026`.
pub fn month_words(first: Date) -> String {
    let name = MONTH_NAMES[usize::from(u8::from(first.month())) - 1];
    format!("{name} {}", first.year())
}

pub fn month_code(first: Date) -> String {
    format!("{:04}-{:02}", first.year(), u8::from(first.month()))
}

/// The month and region asked for, checked, and the report.
async fn report_for(
    state: &AppState,
    me: &Principal,
    query: &ReportQuery,
) -> Result<(Option<RegionCode>, DecisionReport), AppError> {
    me.require(crate::auth::Permission::ReadMonitoring)?;
    let now = state.clock.now();
    let month = service::month_of(query.bulan.as_deref(), now)?;
    let region = service::region_of(me, query.wilayah.as_deref())?;
    let report = service::report(&state.db, me, region.as_ref(), month, now).await?;
    Ok((region, report))
}

#[derive(Template)]
#[template(path = "monitoring_decisions.html")]
struct DecisionsPage {
    ctx: PageCtx,
    base: &'static str,
    month: String,
    month_words: String,
    months: Vec<(String, String)>,
    region: String,
    regions: Vec<(String, String)>,
    tables: Vec<(Table, Vec<String>)>,
}

/// The regions the chooser offers: the viewer's, those between it and the chosen one, the
/// chosen one and its children (down to villages): (code, name).
/// `viewer` is the region the viewer may see (none: the whole country).
pub async fn region_choices(
    state: &AppState,
    viewer: Option<&RegionCode>,
    chosen: Option<&RegionCode>,
    ctx: &PageCtx,
) -> Result<Vec<(String, String)>, AppError> {
    let mut path: Vec<RegionCode> = Vec::new();
    let mut at = chosen.cloned();
    while let Some(code) = at {
        if viewer.is_some_and(|v| !v.contains(&code)) {
            break;
        }
        at = code.parent();
        path.push(code);
    }
    path.reverse();
    let mut choices = Vec::new();
    if viewer.is_none() {
        choices.push((String::new(), ctx.tr.t("decisions.nation").to_owned()));
    }
    for code in &path {
        let name = crate::regions::store::find(&state.db, code).await?;
        let name = name.map_or_else(|| code.as_str().to_owned(), |r| r.name);
        choices.push((code.as_str().to_owned(), name));
    }
    let children = crate::programmes::store::child_region_names(&state.db, chosen).await?;
    choices.extend(children.into_iter().map(|(c, n)| (c, format!("— {n}"))));
    Ok(choices)
}

async fn page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ReportQuery>,
) -> Result<Html<String>, AppError> {
    let (region, report) = report_for(&state, &me, &query).await?;
    let lang = ctx.lang;
    let role = |code: &str| ctx.answer("role", code);
    let tables = tables::tables(&report, lang, role)
        .into_iter()
        .map(|t| {
            let words = t
                .header
                .iter()
                .map(|h| ctx.tr.t(&format!("decisions.col.{h}")).to_owned())
                .collect();
            (t, words)
        })
        .collect();
    let months = months_offered(service::month_of(None, state.clock.now())?);
    let html = DecisionsPage {
        base: "/pemantauan/keputusan",
        month: month_code(report.month),
        month_words: month_words(report.month),
        months,
        region: region
            .as_ref()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        regions: region_choices(&state, me.region.as_ref(), region.as_ref(), &ctx).await?,
        tables,
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// The months a chooser offers, the current one first: (`YYYY-MM`, words).
pub fn months_offered(current: Date) -> Vec<(String, String)> {
    let mut months = Vec::new();
    let mut first = current;
    for _ in 0..MONTHS_OFFERED {
        months.push((month_code(first), month_words(first)));
        first = first
            .previous_day()
            .map_or(first, |d| d.replace_day(1).unwrap_or(d));
    }
    months
}

/// A table as CSV: its header of codes, then its rows, each cell made safe for
/// spreadsheets.
pub fn csv_body(table: &Table) -> String {
    let mut out = String::new();
    let header: Vec<String> = table.header.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header).chain(&table.rows) {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn csv_cell(text: &str) -> String {
    let text = crate::sheets::cell_text::safe_for_spreadsheet(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

pub fn download(content_type: &str, name: String, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    let headers = [
        (header::CONTENT_TYPE, content_type.to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    (headers, body).into_response()
}

fn file_stem(region: Option<&RegionCode>, report: &DecisionReport) -> String {
    let month = month_code(report.month);
    match region {
        Some(r) => format!("keputusan-{month}-{}", r.as_str()),
        None => format!("keputusan-{month}"),
    }
}

async fn csv_download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let (region, report) = report_for(&state, &me, &query).await?;
    let wanted = query.tabel.as_deref().unwrap_or("usulan").trim().to_owned();
    let role = |code: &str| ctx.answer("role", code);
    let all = tables::tables(&report, ctx.lang, role);
    let names: Vec<&str> = all.iter().map(|t| t.name).collect();
    let Some(table) = all.iter().find(|t| t.name == wanted) else {
        let list = names.join(", ");
        return Err(AppError::BadRequest(FieldError::new(
            "tabel",
            "choice",
            &format!("must be one of {list}"),
            &format!("harus salah satu dari {list}"),
        )));
    };
    let out = csv_body(table);
    let name = format!("{}-{}.csv", file_stem(region.as_ref(), &report), table.name);
    Ok(download("text/csv; charset=utf-8", name, out.into_bytes()))
}

fn workbook(all: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for table in all {
        let sheet = book.add_worksheet();
        sheet.set_name(table.name)?;
        for (at, title) in table.header.iter().enumerate() {
            sheet.write_string_with_format(0, at as u16, *title, &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (at, cell) in row.iter().enumerate() {
                // Counts and days are numbers; codes, names and regions stay text.
                let number = cell.parse::<f64>().ok().filter(|_| {
                    !cell.contains(|c: char| !c.is_ascii_digit() && c != '.') && cell.len() < 12
                });
                match number {
                    Some(n) if table.header.get(at).is_some_and(|h| *h != "wilayah") => {
                        sheet.write_number(r, at as u16, n)?
                    }
                    _ => sheet.write_string(
                        r,
                        at as u16,
                        crate::sheets::cell_text::safe_for_spreadsheet(cell),
                    )?,
                };
            }
        }
    }
    book.save_to_buffer()
}

async fn xlsx_download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let (region, report) = report_for(&state, &me, &query).await?;
    let role = |code: &str| ctx.answer("role", code);
    let all = tables::tables(&report, ctx.lang, role);
    let body = workbook(&all).map_err(anyhow::Error::from)?;
    let name = format!("{}.xlsx", file_stem(region.as_ref(), &report));
    let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Ok(download(kind, name, body))
}
