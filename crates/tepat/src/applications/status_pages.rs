//! The public status check: a family types the tracking number and the head's birth date
//! and reads where the application stands.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::error::ApplicationError;
use super::model::PublicStatus;
use super::service;
use crate::http::AppError;
use crate::http::AppState;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::web::layout::PageCtx;

/// Characters of a typed tracking number or date shown back on the page.
const ECHO_CHARS_MAX: usize = 20;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/daftar/status", status_page)
        .post("/daftar/status", status_check)
}

#[derive(Template)]
#[template(path = "applications_status.html")]
struct StatusPage {
    ctx: PageCtx,
    tracking_number: String,
    birth_date: String,
    found: Option<PublicStatus>,
    message: Option<String>,
}

impl StatusPage {
    fn when(&self, stored: &str) -> String {
        self.ctx.when(stored)
    }
}

#[derive(serde::Deserialize, Default)]
struct StatusQuery {
    nomor: Option<String>,
}

async fn status_page(
    ctx: PageCtx,
    Query(query): Query<StatusQuery>,
) -> Result<Html<String>, AppError> {
    let html = StatusPage {
        ctx,
        tracking_number: echo(&query.nomor.unwrap_or_default()),
        birth_date: String::new(),
        found: None,
        message: None,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

fn echo(text: &str) -> String {
    text.chars().take(ECHO_CHARS_MAX).collect()
}

#[derive(serde::Deserialize)]
struct StatusForm {
    #[serde(default)]
    nomor: String,
    #[serde(default)]
    tanggal_lahir: String,
}

async fn status_check(
    State(state): State<AppState>,
    ctx: PageCtx,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let (status, found, message) =
        match service::status(&state.db, &form.nomor, &form.tanggal_lahir).await {
            Ok(found) => (StatusCode::OK, Some(found), None),
            Err(ApplicationError::NotFound) => (
                StatusCode::NOT_FOUND,
                None,
                Some(ctx.tr.t("application.status_not_found").to_owned()),
            ),
            Err(ApplicationError::Invalid(problems)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                problems
                    .first()
                    .map(|p| ctx.lang.pick(&p.message_id, &p.message_en)),
            ),
            Err(other) => return Err(other.into()),
        };
    let html = StatusPage {
        ctx,
        tracking_number: echo(&form.nomor),
        birth_date: echo(&form.tanggal_lahir),
        found,
        message,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}
