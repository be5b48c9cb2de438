//! The check-in desk page (`/penyaluran-barang/{id}/meja`): a code typed into its form is
//! checked in at once when there is a connection and no JavaScript; with its script the
//! page keeps the hand-out's list on the phone, checks codes against it without a
//! connection, queues them and syncs the queue with the page's session when it can. A
//! service worker keeps the page and its script so it opens without a signal.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse};

use super::model::{DeskList, Queue, Synced};
use super::service;
use crate::auth::{Permission, SignedIn};
use crate::distribution::pages::Words;
use crate::distribution::store::Event;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, FieldError, RequestId};
use crate::web::layout::PageCtx;

const SCRIPT: &str = include_str!("../../../assets/desk-offline.js");
const WORKER: &str = include_str!("../../../assets/desk-sw.js");

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/penyaluran-barang/meja.js", script)
        .get("/penyaluran-barang/meja-sw.js", worker)
        .get("/penyaluran-barang/{id}/meja", desk_page)
        .get("/penyaluran-barang/{id}/meja.json", desk_json)
        .post("/penyaluran-barang/{id}/meja/sinkron", sync_form)
}

fn javascript(body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
}

async fn script() -> impl IntoResponse {
    javascript(SCRIPT)
}

async fn worker() -> impl IntoResponse {
    javascript(WORKER)
}

#[derive(Template)]
#[template(path = "distribution_desk.html")]
struct DeskPage {
    ctx: PageCtx,
    event: Event,
}

impl Words for DeskPage {
    fn ctx(&self) -> &PageCtx {
        &self.ctx
    }
}

async fn desk_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::CheckInRecipients)?;
    let event = crate::distribution::service::event_in_scope(&state.db, &me, id).await?;
    let page = DeskPage { ctx, event };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

async fn desk_json(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i64>,
) -> Result<Json<DeskList>, AppError> {
    me.require(Permission::CheckInRecipients)?;
    Ok(Json(
        service::list(&state.db, &me, id, state.clock.now()).await?,
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
struct SyncForm {
    #[serde(default)]
    queue: String,
}

async fn sync_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<SyncForm>,
) -> Result<Json<Synced>, AppError> {
    me.require_write(Permission::CheckInRecipients)?;
    let queue: Queue = serde_json::from_str(&form.queue).map_err(|_| {
        AppError::invalid(FieldError::new(
            "queue",
            "format",
            "is not a desk's queue",
            "bukan antrean kehadiran perangkat",
        ))
    })?;
    let now = state.clock.now();
    Ok(Json(
        service::sync(&state.db, &me, id, &queue, request_id.0, now).await?,
    ))
}
