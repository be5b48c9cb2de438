//! The region browser: provinces down to villages, search by name, and each region's page
//! with its figures. Operators may open the regions on the way down to their own.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;

use super::{Region, store};
use crate::auth::Permission;
use crate::auth::SignedIn;
use crate::http::AppState;
use crate::http::routes::RouteBook;
use crate::http::{AppError, FieldError};
use crate::region_code::RegionCode;
use crate::web::layout::PageCtx;

/// Most children shown on one region page; the largest districts have about 60 villages.
const CHILDREN_SHOWN_MAX: u32 = 500;
/// Most search results shown.
const SEARCH_RESULTS_MAX: u32 = 100;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/wilayah", browse)
        .get("/wilayah/{code}", region_page)
}

#[derive(Template)]
#[template(path = "regions.html")]
struct BrowsePage {
    ctx: PageCtx,
    query: String,
    start: Vec<Region>,
    results: Option<Vec<Region>>,
}

impl BrowsePage {
    fn level_label(&self, region: &Region) -> &'static str {
        region.level().label(self.ctx.lang)
    }
}

#[derive(serde::Deserialize, Default)]
struct BrowseQuery {
    q: Option<String>,
}

async fn browse(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<BrowseQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::BrowseRegions)?;
    let within = me.region.as_ref();
    let start = match within {
        None => store::children(&state.db, None, None, CHILDREN_SHOWN_MAX).await?,
        Some(code) => store::find(&state.db, code).await?.into_iter().collect(),
    };
    let text = query
        .q
        .unwrap_or_default()
        .trim()
        .chars()
        .take(80)
        .collect::<String>();
    let results = if text.chars().count() >= 2 {
        Some(store::search(&state.db, &text, within, None, SEARCH_RESULTS_MAX).await?)
    } else {
        None
    };
    let page = BrowsePage {
        ctx,
        query: text,
        start,
        results,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

#[derive(Template)]
#[template(path = "region.html")]
struct RegionPage {
    ctx: PageCtx,
    region: Region,
    lineage: Vec<Region>,
    children: Vec<Region>,
    accounts: i64,
    events: Option<i64>,
}

impl RegionPage {
    fn level_label(&self, region: &Region) -> &'static str {
        region.level().label(self.ctx.lang)
    }
}

/// Parses a region code from a path, naming the parameter on failure.
pub fn path_code(text: &str) -> Result<RegionCode, AppError> {
    RegionCode::parse(text)
        .map_err(|err| AppError::BadRequest(FieldError::localized("code", "format", &err)))
}

async fn region_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::BrowseRegions)?;
    let code = path_code(&code)?;
    let region = store::find(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    if !me.can_navigate(&code) {
        return Err(AppError::OutsideScope);
    }
    let lineage = store::lineage(&state.db, &code).await?;
    let mut children = store::children(&state.db, Some(&code), None, CHILDREN_SHOWN_MAX).await?;
    children.retain(|child| me.can_navigate(&child.code));
    let inside = me.covers(&code);
    let accounts = if inside {
        crate::regions::store::count_active_accounts(&state.db, Some(&code)).await?
    } else {
        0
    };
    let events = if inside && me.require(Permission::ReadEvents).is_ok() {
        Some(
            crate::events::store::count(&state.db, Some(&code), state.clock.now())
                .await?
                .0,
        )
    } else {
        None
    };
    let page = RegionPage {
        ctx,
        region,
        lineage,
        children,
        accounts,
        events,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}
