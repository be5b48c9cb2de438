//! JSON API for the event trail.

use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Event;
use crate::auth::ApiCaller;
use crate::auth::Permission;
use crate::http::AppState;
use crate::http::json::ApiQuery;
use crate::http::{AppError, pagination};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_events))
}

/// A page of events, newest first.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct EventPage {
    items: Vec<Event>,
    next_cursor: Option<String>,
}

/// Events inside the caller's region scope, newest first; NIK and KK numbers, names and
/// addresses in their changes as the caller's role may see them.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(pagination::PageParams),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of events", body = EventPage),
        (status = 400, description = "Malformed cursor or limit", body = crate::http::Problem),
        (status = 401, description = "No credentials", body = crate::http::Problem),
        (status = 403, description = "Role or token scope not allowed", body = crate::http::Problem)))]
async fn list_events(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<pagination::PageParams>,
) -> Result<Json<EventPage>, AppError> {
    caller.require(Permission::ReadEvents)?;
    let page = params.validate()?;
    let before = page.after.as_deref().and_then(|a| a.parse().ok());
    let rows = super::trail::read(&state.db, &caller, before, page.limit + 1).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |e| e.id.to_string());
    Ok(Json(EventPage { items, next_cursor }))
}
