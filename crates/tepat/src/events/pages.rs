//! The event trail page, for officers and auditors, limited to their region scope.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use time::OffsetDateTime;

use super::Event;
use super::trail::ActorNames;
use crate::auth::Permission;
use crate::auth::SignedIn;
use crate::http::AppState;
use crate::http::routes::RouteBook;
use crate::http::{AppError, pagination};
use crate::web::changes::ChangeRow;
use crate::web::layout::PageCtx;
use crate::web::time::show_with_age;

pub fn routes() -> RouteBook {
    RouteBook::new().get("/jejak", trail)
}

#[derive(Template)]
#[template(path = "events.html")]
struct TrailPage {
    ctx: PageCtx,
    events: Vec<TrailRow>,
    next_cursor: Option<String>,
}

/// One event as people read it.
struct TrailRow {
    id: i64,
    when: String,
    actor: String,
    action: String,
    subject: String,
    region_code: Option<String>,
    changes: Vec<ChangeRow>,
    log_index: Option<i64>,
}

fn row(ctx: &PageCtx, names: &ActorNames, now: OffsetDateTime, event: Event) -> TrailRow {
    TrailRow {
        id: event.id,
        when: show_with_age(&event.occurred_at, now, ctx.zone, ctx.lang),
        actor: names.show(
            event.actor_kind,
            event.actor_id,
            &event.actor_role,
            ctx.lang,
        ),
        action: ctx.action(&event.action),
        subject: format!("{} {}", ctx.subject(&event.subject_type), event.subject_id),
        region_code: event.region_code,
        changes: ctx.change_rows(&event.changes),
        log_index: event.log_index,
    }
}

async fn trail(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(params): Query<pagination::PageParams>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadEvents)?;
    let page = params.validate()?;
    let before = page.after.as_deref().and_then(|a| a.parse().ok());
    let rows = super::trail::read(&state.db, &me, before, page.limit + 1).await?;
    let (events, next_cursor) = pagination::finish_page(rows, page.limit, |e| e.id.to_string());
    let names =
        ActorNames::of(&state.db, events.iter().map(|e| (e.actor_kind, e.actor_id))).await?;
    let now = state.clock.now();
    let events = events
        .into_iter()
        .map(|e| row(&ctx, &names, now, e))
        .collect();
    let html = TrailPage {
        ctx,
        events,
        next_cursor,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}
