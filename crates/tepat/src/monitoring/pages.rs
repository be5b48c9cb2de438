//! The monitoring page (`/pemantauan`) with its tables and server-drawn SVG charts, and its
//! downloads: `/pemantauan.csv` (`?tabel=desil`, `program`, `perpindahan` or `usulan`) and
//! `/pemantauan.xlsx` (one sheet per table).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::service::{self, Report};
use crate::auth::SignedIn;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, FieldError};
use crate::programmes::pages::count;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/pemantauan", page)
        .get("/pemantauan.csv", csv_download)
        .get("/pemantauan.xlsx", xlsx_download)
}

/// The width of the desil chart's bars, in SVG user units.
const CHART_WIDTH: i64 = 300;
/// The colours of desil 1 … 10, poorest darkest.
const DESIL_COLOURS: [&str; 10] = [
    "#7f1d1d", "#b91c1c", "#dc2626", "#ea580c", "#f59e0b", "#84cc16", "#22c55e", "#16a34a",
    "#15803d", "#14532d",
];

/// One segment of a stacked bar.
pub struct Segment {
    pub x: i64,
    pub width: i64,
    pub colour: &'static str,
    pub title: String,
}

/// One region's stacked bar.
pub struct StackedBar {
    pub label: String,
    pub y: i64,
    pub segments: Vec<Segment>,
}

fn stacked(report: &Report, lang: Lang) -> Vec<StackedBar> {
    report
        .by_region
        .iter()
        .zip(0i64..)
        .map(|(r, i)| {
            let total = r.total().max(1);
            let mut x = 0;
            let segments = r
                .counts
                .iter()
                .enumerate()
                .map(|(d, n)| {
                    let width = n * CHART_WIDTH / total;
                    let segment = Segment {
                        x,
                        width,
                        colour: DESIL_COLOURS[d],
                        title: format!(
                            "{}: desil {}: {}",
                            r.name,
                            d + 1,
                            count(n.max(&0).unsigned_abs(), lang)
                        ),
                    };
                    x += width;
                    segment
                })
                .collect();
            StackedBar {
                label: r.name.clone(),
                y: i * 24,
                segments,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "monitoring.html")]
struct MonitoringPage {
    ctx: PageCtx,
    report: Report,
    bars: Vec<StackedBar>,
    chart_height: i64,
    moved: (i64, i64, i64),
    colours: [&'static str; 10],
    /// Proposals by kind and status, overdue per step, flagged, officials with flags.
    proposals: crate::proposals::store::Counts,
}

impl MonitoringPage {
    fn count(&self, n: &i64) -> String {
        count(n.max(&0).unsigned_abs(), self.ctx.lang)
    }

    fn total(&self, region: &super::service::RegionDesil) -> String {
        self.count(&region.total())
    }

    fn kind(&self, code: &str) -> String {
        crate::proposals::model::Kind::parse(code)
            .map_or_else(|| code.to_owned(), |k| k.label(self.ctx.lang))
    }

    fn status(&self, code: &str) -> String {
        crate::proposals::model::status_label(code, self.ctx.lang)
    }

    fn step(&self, code: &str) -> String {
        crate::proposals::model::Level::parse(code)
            .map_or_else(|| code.to_owned(), |l| l.label(self.ctx.lang))
    }
}

async fn page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    let kept = crate::programmes::snapshot::snapshots(&state);
    let report = service::report(&state.db, &kept, &me, state.clock.now()).await?;
    let bars = stacked(&report, ctx.lang);
    let now = state.clock.now();
    let proposals = crate::proposals::store::counts(&state.db, me.region.as_ref(), now).await?;
    let html = MonitoringPage {
        proposals,
        chart_height: bars.len() as i64 * 24,
        moved: report.moved(),
        bars,
        report,
        colours: DESIL_COLOURS,
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// The three tables as rows of text: (file or sheet name, header, rows).
type Table = (&'static str, Vec<String>, Vec<Vec<String>>);

fn tables(report: &Report, proposals: &crate::proposals::store::Counts) -> [Table; 4] {
    let mut header = vec!["kode_wilayah".to_owned(), "wilayah".to_owned()];
    header.extend((1..=10).map(|d| format!("desil_{d}")));
    header.push("jumlah".to_owned());
    let regions = report
        .by_region
        .iter()
        .map(|r| {
            let mut row = vec![r.region.clone(), r.name.clone()];
            row.extend(r.counts.iter().map(i64::to_string));
            row.push(r.total().to_string());
            row
        })
        .collect();
    let programmes = report
        .programmes
        .iter()
        .map(|p| {
            vec![
                p.code.clone(),
                p.name.clone(),
                p.eligible.to_string(),
                p.by_batch.to_string(),
                p.by_override.to_string(),
            ]
        })
        .collect();
    let programme_header = [
        "program",
        "nama",
        "memenuhi_syarat",
        "peserta_daftar",
        "peserta_usulan_petugas",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut movement = Vec::new();
    for (p, row) in report.movement.iter().enumerate() {
        for (c, n) in row.iter().enumerate() {
            if *n > 0 {
                movement.push(vec![
                    (p + 1).to_string(),
                    (c + 1).to_string(),
                    n.to_string(),
                ]);
            }
        }
    }
    let movement_header = ["desil_sebelumnya", "desil_sekarang", "keluarga_peserta"]
        .map(str::to_owned)
        .to_vec();
    let proposal_rows = proposals
        .by_kind_and_status
        .iter()
        .map(|(kind, status, n)| vec![kind.clone(), status.clone(), n.to_string()])
        .collect();
    let proposal_header = ["jenis", "status", "jumlah"].map(str::to_owned).to_vec();
    [
        ("desil", header, regions),
        ("program", programme_header, programmes),
        ("perpindahan", movement_header, movement),
        ("usulan", proposal_header, proposal_rows),
    ]
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[derive(serde::Deserialize)]
struct CsvQuery {
    tabel: Option<String>,
}

/// The report and the proposals' counts of the caller's region.
async fn report_for(
    state: &AppState,
    me: &crate::auth::Principal,
) -> Result<(Report, crate::proposals::store::Counts), AppError> {
    let kept = crate::programmes::snapshot::snapshots(state);
    let now = state.clock.now();
    let report = service::report(&state.db, &kept, me, now).await?;
    let proposals = crate::proposals::store::counts(&state.db, me.region.as_ref(), now).await?;
    Ok((report, proposals))
}

fn download(content_type: &str, name: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

async fn csv_download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Query(query): Query<CsvQuery>,
) -> Result<Response, AppError> {
    let wanted = query.tabel.unwrap_or_else(|| "desil".into());
    let (report, proposals) = report_for(&state, &me).await?;
    let found = tables(&report, &proposals)
        .into_iter()
        .find(|(n, _, _)| *n == wanted);
    let Some((name, header, rows)) = found else {
        return Err(AppError::BadRequest(FieldError::new(
            "tabel",
            "choice",
            "must be desil, program, perpindahan or usulan",
            "harus desil, program, perpindahan atau usulan",
        )));
    };
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    Ok(download(
        "text/csv; charset=utf-8",
        format!("pemantauan-{name}.csv"),
        out.into_bytes(),
    ))
}

fn workbook(
    report: &Report,
    proposals: &crate::proposals::store::Counts,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, header, rows) in tables(report, proposals) {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        for (at, title) in header.iter().enumerate() {
            sheet.write_string_with_format(0, at as u16, title, &bold)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (at, cell) in row.iter().enumerate() {
                match cell.parse::<i64>() {
                    // Region codes stay text; counts are numbers.
                    Ok(n) if !cell.contains('.') && at > 0 => {
                        sheet.write_number(r, at as u16, n as f64)?
                    }
                    _ => sheet.write_string(r, at as u16, cell)?,
                };
            }
        }
    }
    book.save_to_buffer()
}

async fn xlsx_download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Response, AppError> {
    let (report, proposals) = report_for(&state, &me).await?;
    let body = workbook(&report, &proposals).map_err(anyhow::Error::from)?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pemantauan.xlsx".to_owned(),
        body,
    ))
}
