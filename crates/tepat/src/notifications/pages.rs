//! The notification page for officials (`/notifikasi`): the messages to households of
//! their region with their delivery status, filtered by status, and a button that sends a
//! dead letter again.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::service;
use super::store::Notification;
use super::{FAILED, channel_label, kind_label, status_label};
use crate::auth::{Permission, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId, pagination};
use crate::web::layout::PageCtx;
use crate::web::time::{Zone, show_in};

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/notifikasi", notifications_page)
        .post("/notifikasi/{id}/kirim-ulang", retry)
}

/// A message as the page shows it: codes in words, times in the village's zone.
pub struct NotificationView {
    pub n: Notification,
    pub kind: String,
    pub status: String,
    pub channel: String,
    pub village: String,
    pub created_at: String,
    pub next_attempt_at: String,
    pub sent_at: String,
}

impl NotificationView {
    fn new(n: Notification, ctx: &PageCtx) -> Self {
        let zone = Zone::of_region(Some(&n.region_code));
        let shown = |stored: &str| show_in(stored, zone, ctx.lang);
        Self {
            kind: kind_label(&n.kind, ctx.lang),
            status: status_label(&n.status, ctx.lang),
            channel: channel_label(&n.channel, ctx.lang),
            village: n
                .region_name
                .clone()
                .unwrap_or_else(|| n.region_code.clone()),
            created_at: shown(&n.created_at),
            next_attempt_at: shown(&n.next_attempt_at),
            sent_at: n.sent_at.as_deref().map(shown).unwrap_or_default(),
            n,
        }
    }

    pub fn is_failed(&self) -> bool {
        self.n.status == FAILED
    }

    pub fn is_pending(&self) -> bool {
        self.n.status == super::PENDING
    }
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    ctx: PageCtx,
    status: String,
    rows: Vec<NotificationView>,
    can_retry: bool,
    next_cursor: Option<String>,
}

async fn notifications_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadNotifications)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: None,
    }
    .validate()?;
    let status = service::status_filter(query.status.as_deref())?;
    let region = me.region.clone();
    let before = page.before_id();
    let found = service::list(
        &state.db,
        &me,
        region.as_ref(),
        &status,
        before,
        page.limit + 1,
    );
    let (found, next_cursor) =
        pagination::finish_page(found.await?, page.limit, |n| n.id.to_string());
    let rows = found
        .into_iter()
        .map(|n| NotificationView::new(n, &ctx))
        .collect();
    let html = NotificationsPage {
        ctx,
        status,
        rows,
        can_retry: Permission::ManageNotifications.roles().contains(&me.role),
        next_cursor,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(serde::Deserialize)]
struct RetryForm {}

async fn retry(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(_form): CsrfForm<RetryForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    service::retry(&state.db, &me, id, request_id.0, now).await?;
    Ok(Redirect::to("/notifikasi?status=pending").into_response())
}
