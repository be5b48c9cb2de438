//! `/statistik`: the statistics of the chosen region (the region picker's `?wilayah=CODE`,
//! or its `?desa=CODE` once a village is chosen; the whole country by default) as charts
//! and tables, and each table as `/statistik/NAME.csv` or `/statistik/NAME.json` with the
//! same `?wilayah=`.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::download::{self, CHECKPOINT_URL};
use super::keeper::{Copy, Keeper};
use super::tables::{self, Table};
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};
use crate::monitoring::decisions::tables::{BAR_ROW, Bar, bars};
use crate::regions::picker::Picker;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;
use crate::web::share::OpenGraph;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/statistik", page)
        .get("/statistik/{file}", file)
}

/// What the page's links carry.
#[derive(Debug, Default, serde::Deserialize)]
pub struct StatsQuery {
    wilayah: Option<String>,
    /// A village chosen in the picker.
    desa: Option<String>,
    /// A search of villages by name (the picker's).
    cari: Option<String>,
}

impl StatsQuery {
    fn region(&self) -> Option<&str> {
        self.wilayah
            .as_deref()
            .filter(|w| !w.trim().is_empty())
            .or(self.desa.as_deref())
    }
}

/// A table as the page shows it.
struct TableView {
    t: Table,
    /// Per row: whether it is the total row, then its words and its numbers in words.
    shown: Vec<(bool, Vec<String>)>,
    bars: Vec<Bar>,
    chart_height: i64,
}

/// A hidden count on the page.
const HIDDEN: &str = "< 5";

fn view(t: Table, lang: Lang) -> TableView {
    let words = |money: bool, cell: &Option<i64>| match cell {
        None => HIDDEN.to_owned(),
        Some(n) if money => crate::budgets::model::rupiah(*n),
        Some(n) => crate::web::number::whole(*n, lang),
    };
    let shown = t
        .lines
        .iter()
        .map(|line| {
            let mut cells = line.words.clone();
            cells.extend(t.money.iter().zip(&line.cells).map(|(m, c)| words(*m, c)));
            (line.total, cells)
        })
        .collect();
    let charted = t.charted;
    let money = t.money.get(charted).copied().unwrap_or(false);
    let bars = bars(
        t.lines
            .iter()
            .filter(|l| !l.total)
            .map(|l| {
                let cell = l.cells.get(charted).copied().flatten();
                let value = cell.unwrap_or(0) as f64;
                (l.words.join(" · "), value, words(money, &cell))
            })
            .collect(),
    );
    let chart_height = bars.len() as i64 * BAR_ROW;
    TableView {
        t,
        shown,
        bars,
        chart_height,
    }
}

#[derive(Template)]
#[template(path = "statistik.html")]
struct StatsPage {
    ctx: PageCtx,
    og: OpenGraph,
    picker: Picker,
    region: String,
    region_name: String,
    /// Whether the region is a village (it has a feed).
    village: bool,
    tables: Vec<TableView>,
    checkpoint: u64,
    computed: String,
    /// `?wilayah=CODE` for the download links; empty for the whole country.
    query: String,
}

/// The copy and the region a request names, with its name.
async fn chosen(
    state: &AppState,
    text: Option<&str>,
) -> Result<(std::sync::Arc<Copy>, String, String), AppError> {
    let copy = Keeper::of(state).get(&state.db, state.clock.now()).await?;
    let (region, name) = super::region(&state.db, &copy, text, "wilayah").await?;
    Ok((copy, region, name))
}

/// The link query that keeps a region.
pub fn query(region: &str) -> String {
    if region.is_empty() {
        String::new()
    } else {
        format!("?wilayah={region}")
    }
}

async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<StatsQuery>,
) -> Result<Html<String>, AppError> {
    let (copy, region, region_name) = chosen(&state, q.region()).await?;
    let lang = ctx.lang;
    let at = (!region.is_empty()).then_some(region.as_str());
    let picker = Picker::open(&state.db, "/statistik", at, q.cari.as_deref(), lang).await?;
    let f = copy.of(&region);
    let og = OpenGraph::new(
        &state.config.notify.public_url,
        &format!("/statistik{}", query(&region)),
        format!("Statistik bansos {region_name}"),
        format!(
            "{} keluarga terdaftar, penerima per program dan desil, uang dibayarkan, \
             musyawarah dan sanggahan di {region_name}.",
            if (1..=super::protect::SMALL_MAX).contains(&f.households) {
                HIDDEN.to_owned()
            } else {
                crate::web::number::whole(f.households, Lang::Id)
            }
        ),
    );
    let og = og.with_image(
        &state.config.notify.public_url,
        &format!("/statistik/kartu.png{}", query(&region)),
    );
    let page = StatsPage {
        og,
        picker,
        village: region.split('.').count() == 4,
        tables: tables::tables(&copy, (&region, &region_name), lang)
            .into_iter()
            .map(|t| view(t, lang))
            .collect(),
        checkpoint: copy.checkpoint,
        computed: ctx.when(&crate::db::timestamp::to_db(copy.computed_at)),
        query: query(&region),
        region_name,
        region,
        ctx,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

/// `/statistik/NAME.csv` or `/statistik/NAME.json`, or the share card's picture
/// `/statistik/kartu.png`.
async fn file(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(file): Path<String>,
    Query(q): Query<StatsQuery>,
) -> Result<Response, AppError> {
    if file == "kartu.png" {
        let (copy, region, name) = chosen(&state, q.region()).await?;
        let site = crate::web::share::site(&state.config.notify.public_url);
        let card = super::card::card(&copy, (&region, &name), &site);
        return crate::web::card::response(&card).await;
    }
    let Some((name, kind)) = file.rsplit_once('.') else {
        return Err(AppError::NotFound);
    };
    if !tables::NAMES.contains(&name) || !["csv", "json"].contains(&kind) {
        return Err(AppError::NotFound);
    }
    let (copy, region, name_of_region) = chosen(&state, q.region()).await?;
    let table = tables::table(&copy, (&region, &name_of_region), name, ctx.lang)
        .ok_or(AppError::NotFound)?;
    if kind == "json" {
        let body = download::json(&copy, (&region, &name_of_region), &table);
        return Ok(Json(body).into_response());
    }
    let place = if region.is_empty() {
        "indonesia"
    } else {
        region.as_str()
    };
    let disposition = format!("attachment; filename=\"statistik-{name}-{place}.csv\"");
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
        (
            header::LINK,
            format!("<{CHECKPOINT_URL}>; rel=\"describedby\""),
        ),
    ];
    Ok((headers, download::csv(&copy, &table)).into_response())
}
