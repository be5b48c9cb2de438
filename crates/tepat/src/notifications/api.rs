//! JSON API for notifications: the outbox in the caller's region scope, and sending a
//! dead letter again.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::service;
use super::store::Notification;
use crate::auth::{ApiCaller, Permission};
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState, RequestId, pagination};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(retry_notification))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct NotificationQuery {
    /// `pending`, `sent` or `failed` (dead letters); all when absent.
    #[param(pattern = "^\\s*(pending|sent|failed)?\\s*$")]
    status: Option<String>,
    /// A region inside the caller's own (Kemendagri code); the caller's whole scope when
    /// absent.
    region: Option<String>,
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of notifications.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = NotificationPage)]
struct NotificationPage {
    items: Vec<Notification>,
    next_cursor: Option<String>,
}

/// Notifications to households inside the caller's region scope, newest first; addresses
/// masked.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications",
    params(NotificationQuery), security(("bearer" = [])),
    responses((status = 200, description = "A page of notifications", body = NotificationPage),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role, token scope or region not allowed", body = Problem)))]
async fn list_notifications(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<NotificationQuery>,
) -> Result<Json<NotificationPage>, AppError> {
    caller.require(Permission::ReadNotifications)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let status = service::status_filter(query.status.as_deref())?;
    let region = service::region_filter(&caller, query.region.as_deref())?;
    let before = page.before_id();
    let rows = service::list(
        &state.db,
        &caller,
        region.as_ref(),
        &status,
        before,
        page.limit + 1,
    )
    .await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |n| n.id.to_string());
    Ok(Json(NotificationPage { items, next_cursor }))
}

/// Send a failed notification (a dead letter) again: it is queued, due now, with its
/// attempts counted afresh; who did it is recorded. Any other status answers 409.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/retry", tag = "notifications",
    params(("id" = i64, Path, description = "Notification id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The notification, queued again", body = Notification),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "No such notification in the caller's region", body = Problem),
        (status = 409, description = "Not a dead letter", body = Problem)))]
async fn retry_notification(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageNotifications)?;
    let now = state.clock.now();
    let notification = service::retry(&state.db, &caller, id, request_id.0, now).await?;
    Ok((StatusCode::OK, Json(notification)).into_response())
}
