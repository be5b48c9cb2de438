//! The event trail page, for officers and auditors, limited to their region scope.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;

use super::Event;
use crate::auth::Permission;
use crate::auth::SignedIn;
use crate::http::AppState;
use crate::http::routes::RouteBook;
use crate::http::{AppError, pagination};
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new().get("/jejak", trail)
}

#[derive(Template)]
#[template(path = "events.html")]
struct TrailPage {
    ctx: PageCtx,
    events: Vec<Event>,
    next_cursor: Option<String>,
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
    let html = TrailPage {
        ctx,
        events,
        next_cursor,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}
