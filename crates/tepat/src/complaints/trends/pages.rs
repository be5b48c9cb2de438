//! `/pengaduan/tren`: the weeks' complaints as a chart, the rising categories, a table per
//! category and region (each row linked to its complaints) and a plot of the places;
//! `/pengaduan/tren.csv` the table. Also the narrowing the complaint list takes from it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::service::{self, Place, Trends};
use crate::auth::SignedIn;
use crate::complaints::model::{CATEGORIES, category_label};
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, FieldError};
use crate::monitoring::decisions::pages::{csv_cell, download, region_choices};
use crate::monitoring::decisions::tables::{Bar, bars};
use crate::region_code::RegionCode;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/pengaduan/tren", page)
        .get("/pengaduan/tren.csv", csv)
}

/// Western Indonesia Time, in which days begin.
const WIB_HOURS: i8 = 7;
/// The plot's size in SVG units, and its margin.
const MAP_WIDTH: f64 = 320.0;
const MAP_HEIGHT: f64 = 240.0;
const MAP_MARGIN: f64 = 16.0;
/// One colour per category, in [`CATEGORIES`]' order (distinguishable in grey too).
const COLOURS: [&str; 7] = [
    "#b91c1c", "#c2410c", "#1d4ed8", "#047857", "#7c3aed", "#0f766e", "#4b5563",
];

#[derive(serde::Deserialize, Default)]
struct TrendQuery {
    wilayah: Option<String>,
    minggu: Option<String>,
}

/// What the complaint list narrows to: a region and a first day.
pub struct Narrowing {
    pub region: Option<RegionCode>,
    pub region_text: String,
    pub since_stored: String,
    pub since_text: String,
    pub words: String,
}

fn bad(field: &'static str, en: &str, id: &str) -> AppError {
    AppError::BadRequest(FieldError::new(field, "format", en, id))
}

fn wib() -> UtcOffset {
    UtcOffset::from_hms(WIB_HOURS, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// A `wilayah` typed or linked: a region code, or none when empty.
fn parse_region(text: &str) -> Result<Option<RegionCode>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    RegionCode::parse(text).map(Some).map_err(|_| {
        bad(
            "wilayah",
            "region must be a region code such as 31.75.07.1003",
            "wilayah harus kode wilayah, misalnya 31.75.07.1003",
        )
    })
}

/// The list's `wilayah` and `sejak` read: a region code and a day `YYYY-MM-DD` (WIB).
pub async fn narrowing(
    state: &AppState,
    ctx: &PageCtx,
    region: Option<&str>,
    since: Option<&str>,
) -> Result<Narrowing, AppError> {
    let region_text = region.map(str::trim).unwrap_or_default().to_owned();
    let since_text = since.map(str::trim).unwrap_or_default().to_owned();
    let region = parse_region(&region_text)?;
    let day = if since_text.is_empty() {
        None
    } else {
        Some(crate::web::time::parse_date(&since_text).ok_or_else(|| {
            bad(
                "sejak",
                "since must be a date YYYY-MM-DD",
                "sejak harus tanggal berbentuk TTTT-BB-HH",
            )
        })?)
    };
    let mut words = Vec::new();
    if let Some(code) = &region {
        let found = crate::regions::store::find(&state.db, code).await?;
        words.push(found.map_or_else(|| code.as_str().to_owned(), |r| r.name));
    }
    if let Some(day) = day {
        let date = crate::web::time::date(day, ctx.lang);
        words.push(format!("{} {date}", ctx.lang.pick("sejak", "since")));
    }
    let since_stored = day.map_or_else(String::new, |d| {
        crate::db::timestamp::to_db(PrimitiveDateTime::new(d, Time::MIDNIGHT).assume_offset(wib()))
    });
    Ok(Narrowing {
        region,
        region_text,
        since_stored,
        since_text,
        words: words.join(" · "),
    })
}

/// A row of the page's table.
struct RowView {
    category: String,
    region: String,
    weekly: Vec<String>,
    total: String,
    rising: bool,
    link: String,
}

/// A place as a dot, and a village's label where its dots gather.
struct Dot {
    x: String,
    y: String,
    colour: &'static str,
    title: String,
}

#[derive(Template)]
#[template(path = "complaint_trends.html")]
struct TrendPage {
    ctx: PageCtx,
    region: String,
    regions: Vec<(String, String)>,
    weeks: u32,
    week_choices: Vec<u32>,
    week_labels: Vec<String>,
    chart: Vec<Bar>,
    chart_height: i64,
    rising: Vec<String>,
    rows: Vec<RowView>,
    dots: Vec<Dot>,
    labels: Vec<(String, String, String)>,
    legend: Vec<(&'static str, String)>,
}

fn colour(category: &str) -> &'static str {
    let at = CATEGORIES.iter().position(|c| *c == category).unwrap_or(6);
    COLOURS[at.min(COLOURS.len() - 1)]
}

fn day_words(at: OffsetDateTime, lang: Lang) -> String {
    crate::web::time::date(at.to_offset(wib()).date(), lang)
}

fn first_day(at: OffsetDateTime) -> Date {
    at.to_offset(wib()).date()
}

/// Dots scaled into the plot (north up), and one label per village at its dots' middle.
fn plot(places: &[Place], names: &[(String, String)]) -> (Vec<Dot>, Vec<(String, String, String)>) {
    if places.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let (mut west, mut east) = (f64::MAX, f64::MIN);
    let (mut south, mut north) = (f64::MAX, f64::MIN);
    for p in places {
        west = west.min(p.longitude);
        east = east.max(p.longitude);
        south = south.min(p.latitude);
        north = north.max(p.latitude);
    }
    let span_x = (east - west).max(1e-6);
    let span_y = (north - south).max(1e-6);
    let at = |lat: f64, lon: f64| {
        let x = MAP_MARGIN + (lon - west) / span_x * (MAP_WIDTH - 2.0 * MAP_MARGIN);
        let y = MAP_MARGIN + (north - lat) / span_y * (MAP_HEIGHT - 2.0 * MAP_MARGIN);
        (x, y)
    };
    let mut villages: Vec<(String, f64, f64, f64)> = Vec::new();
    let mut dots = Vec::new();
    for p in places {
        let (x, y) = at(p.latitude, p.longitude);
        dots.push(Dot {
            x: format!("{x:.1}"),
            y: format!("{y:.1}"),
            colour: colour(&p.category),
            title: category_label(&p.category, Lang::Id),
        });
        match villages.iter_mut().find(|v| v.0 == p.village) {
            Some(v) => {
                v.1 += x;
                v.2 += y;
                v.3 += 1.0;
            }
            None => villages.push((p.village.clone(), x, y, 1.0)),
        }
    }
    let labels = villages
        .into_iter()
        .map(|(code, x, y, n)| {
            let name = names
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(code.clone(), |(_, n)| n.clone());
            (format!("{:.1}", x / n), format!("{:.1}", y / n - 6.0), name)
        })
        .collect();
    (dots, labels)
}

async fn trends_for(
    state: &AppState,
    me: &crate::auth::Principal,
    query: &TrendQuery,
) -> Result<Trends, AppError> {
    let region = parse_region(query.wilayah.as_deref().unwrap_or_default())?;
    let weeks = service::weeks(query.minggu.as_deref(), "minggu")?;
    let now = state.clock.now();
    Ok(service::trends(&state.db, me, region, weeks, now).await?)
}

async fn region_names(
    state: &AppState,
    trends: &Trends,
) -> Result<Vec<(String, String)>, AppError> {
    let mut codes: Vec<&str> = trends.rows.iter().map(|r| r.region.as_str()).collect();
    codes.extend(trends.places.iter().map(|p| p.village.as_str()));
    Ok(crate::regions::store::names(&state.db, &codes).await?)
}

fn count(n: i64, lang: Lang) -> String {
    crate::monitoring::decisions::tables::count(n, lang)
}

/// One bar a week: the complaints of every category and region in it.
fn week_chart(trends: &Trends, labels: &[String], lang: Lang) -> Vec<Bar> {
    let totals = (0..labels.len()).map(|w| trends.rows.iter().map(|r| r.weekly[w]).sum::<i64>());
    bars(
        labels
            .iter()
            .zip(totals)
            .map(|(l, t)| {
                (
                    format!("{} {l}", lang.pick("Sejak", "From")),
                    t as f64,
                    count(t, lang),
                )
            })
            .collect(),
    )
}

/// The table's rows in words, each linked to its complaints since the first week's day.
fn row_views(trends: &Trends, names: &[(String, String)], lang: Lang) -> Vec<RowView> {
    let since = first_day(trends.week_starts[0]);
    let name_of = |code: &str| {
        names
            .iter()
            .find(|(c, _)| c == code)
            .map_or(code.to_owned(), |(_, n)| n.clone())
    };
    trends
        .rows
        .iter()
        .map(|r| RowView {
            category: category_label(&r.category, lang),
            region: name_of(&r.region),
            weekly: r.weekly.iter().map(|c| count(*c, lang)).collect(),
            total: count(r.total, lang),
            rising: r.rising,
            link: format!(
                "/pengaduan?category={}&wilayah={}&sejak={since}",
                r.category, r.region
            ),
        })
        .collect()
}

async fn page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<TrendQuery>,
) -> Result<Html<String>, AppError> {
    let trends = trends_for(&state, &me, &query).await?;
    let names = region_names(&state, &trends).await?;
    let lang = ctx.lang;
    let week_labels: Vec<String> = trends
        .week_starts
        .iter()
        .map(|s| day_words(*s, lang))
        .collect();
    let chart = week_chart(&trends, &week_labels, lang);
    let rows = row_views(&trends, &names, lang);
    let rising = rows
        .iter()
        .filter(|r| r.rising)
        .map(|r| format!("{} — {}", r.category, r.region))
        .collect();
    let (dots, labels) = plot(&trends.places, &names);
    let region = trends.region.as_ref().map(|r| r.as_str().to_owned());
    let html = TrendPage {
        regions: region_choices(&state, me.region.as_ref(), trends.region.as_ref(), &ctx).await?,
        region: region.unwrap_or_default(),
        weeks: trends.week_starts.len() as u32,
        week_choices: vec![4, 8, 12, 26],
        week_labels,
        chart_height: chart.len() as i64 * crate::monitoring::decisions::tables::BAR_ROW,
        chart,
        rising,
        rows,
        dots,
        labels,
        legend: CATEGORIES
            .iter()
            .map(|c| (colour(c), category_label(c, lang)))
            .collect(),
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

async fn csv(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Query(query): Query<TrendQuery>,
) -> Result<Response, AppError> {
    let trends = trends_for(&state, &me, &query).await?;
    let mut header = vec!["kategori".to_owned(), "wilayah".to_owned()];
    header.extend(
        trends
            .week_starts
            .iter()
            .map(|s| format!("sejak_{}", first_day(*s))),
    );
    header.extend(["jumlah".to_owned(), "naik".to_owned()]);
    let mut out = header.join(",");
    out.push_str("\r\n");
    for r in &trends.rows {
        let mut cells = vec![csv_cell(&r.category), csv_cell(&r.region)];
        cells.extend(r.weekly.iter().map(i64::to_string));
        cells.push(r.total.to_string());
        cells.push(u8::from(r.rising).to_string());
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    let name = match &trends.region {
        Some(r) => format!("tren-pengaduan-{}.csv", r.as_str()),
        None => "tren-pengaduan.csv".to_owned(),
    };
    Ok(download("text/csv; charset=utf-8", name, out.into_bytes()))
}
