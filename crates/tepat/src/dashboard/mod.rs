//! The dashboard: the work waiting for the signed-in official first (`waiting.rs`), then
//! real counts for their scope and a chart of recent changes.

mod waiting;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use time::Duration;

use crate::auth::SignedIn;
use crate::auth::{Permission, Role};
use crate::events::{self, Event};
use crate::http::AppError;
use crate::http::AppState;
use crate::http::routes::RouteBook;
use crate::region_code::Level;
use crate::regions::{self, Region};
use crate::web::layout::PageCtx;

/// Days shown in the changes chart.
const CHART_DAYS: i64 = 14;

/// The dashboard page.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new().pages(routes())
}

fn routes() -> RouteBook {
    RouteBook::new().get("/beranda", dashboard)
}

/// One bar of the chart, with its geometry precomputed for the SVG.
pub struct Bar {
    pub day: String,
    pub count: i64,
    pub x: i64,
    pub y: i64,
    pub height: i64,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    scope: Option<Region>,
    counts: Vec<(&'static str, i64)>,
    recent: Vec<Event>,
    bars: Vec<Bar>,
    can_read_events: bool,
    waiting: Vec<waiting::Waiting>,
    /// Citizens, banks, merchants and donors: no region statistics, their own links.
    partner: Option<Role>,
}

async fn dashboard(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ViewDashboard)?;
    let db = &state.db;
    let within = me.region.as_ref();
    let now = state.clock.now();
    let scope = match within {
        Some(code) => regions::store::find(db, code).await?,
        None => None,
    };
    let today = now.replace_time(time::Time::MIDNIGHT);
    let mut waiting = waiting::for_principal(db, &me).await?;
    waiting.extend(waiting::proposals_at_my_step(db, &me, now).await?);
    let partner = matches!(
        me.role,
        Role::Citizen | Role::Bank | Role::Merchant | Role::Donor
    )
    .then_some(me.role);
    let (events_total, events_today) = events::store::count(db, within, today).await?;
    let mut counts = Vec::new();
    if within.is_none_or(|c| c.level() < Level::Village) {
        if within.is_none_or(|c| c.level() < Level::District) {
            counts.push((
                "dashboard.districts",
                regions::store::count_at_level(db, Level::District, within).await?,
            ));
        }
        counts.push((
            "dashboard.villages",
            regions::store::count_at_level(db, Level::Village, within).await?,
        ));
    }
    counts.push((
        "dashboard.accounts",
        crate::regions::store::count_active_accounts(db, within).await?,
    ));
    counts.push(("dashboard.events", events_total));
    counts.push(("dashboard.events_today", events_today));
    let can_read_events = me.require(Permission::ReadEvents).is_ok();
    let recent = if can_read_events {
        events::store::list(db, within, None, 5).await?
    } else {
        Vec::new()
    };
    let since = today - Duration::days(CHART_DAYS - 1);
    let per_day = events::store::per_day(db, within, since).await?;
    let bars = chart_bars(&per_day, since, ctx.lang);
    let page = DashboardPage {
        ctx,
        scope,
        counts,
        recent,
        bars,
        can_read_events,
        waiting,
        partner,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

/// Chart height in SVG units; bars scale to the busiest day.
const CHART_HEIGHT: i64 = 100;
const BAR_WIDTH: i64 = 20;

/// One bar per day from `since`, zero where nothing happened.
fn chart_bars(
    per_day: &[(String, i64)],
    since: time::OffsetDateTime,
    lang: crate::web::i18n::Lang,
) -> Vec<Bar> {
    let days: Vec<String> = (0..CHART_DAYS)
        .map(|i| {
            let date = (since + Duration::days(i)).date();
            format!(
                "{:04}-{:02}-{:02}",
                date.year(),
                u8::from(date.month()),
                date.day()
            )
        })
        .collect();
    let count_of = |day: &str| {
        per_day
            .iter()
            .find(|(d, _)| d == day)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let max = days.iter().map(|d| count_of(d)).max().unwrap_or(0).max(1);
    days.iter()
        .enumerate()
        .map(|(i, day)| {
            let count = count_of(day);
            let height = count * CHART_HEIGHT / max;
            Bar {
                day: short_day(day, lang),
                count,
                x: i as i64 * (BAR_WIDTH + 4),
                y: CHART_HEIGHT - height,
                height,
            }
        })
        .collect()
}

/// `25 Nov`: a chart label, the year left to the heading.
fn short_day(stored: &str, lang: crate::web::i18n::Lang) -> String {
    match crate::web::time::parse_date(stored) {
        Some(day) => {
            let full = crate::web::time::date(day, lang);
            full.rsplit_once(' ')
                .map(|(day_month, _)| day_month.to_owned())
                .unwrap_or(full)
        }
        None => stored.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn bars_cover_every_day_and_scale_to_the_busiest() {
        let since = datetime!(2026-11-12 00:00 UTC);
        let bars = chart_bars(
            &[("2026-11-13".into(), 4), ("2026-11-25".into(), 2)],
            since,
            crate::web::i18n::Lang::Id,
        );
        assert_eq!(bars.len(), CHART_DAYS as usize);
        assert_eq!(bars[0].count, 0);
        assert_eq!(bars[1].height, CHART_HEIGHT);
        assert_eq!(bars[13].height, CHART_HEIGHT / 2);
        assert_eq!(bars[13].day, "25 Nov");
    }
}
