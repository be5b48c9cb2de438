//! Public questions and answers (`/tanya-jawab`, `?program=CODE`): answered questions an
//! official published with words edited to hold nothing personal; and the publish form's
//! handler.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::auth::SignedIn;
use crate::complaints::error::ComplaintError;
use crate::complaints::model::PublicAnswer;
use crate::complaints::{service, store};
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, AppState};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// Answers one page shows.
const ANSWERS_MAX: u32 = 200;

#[derive(serde::Deserialize, Default)]
pub(super) struct AnswerQuery {
    program: Option<String>,
}

#[derive(Template)]
#[template(path = "public_answers.html")]
struct ListPage {
    ctx: PageCtx,
    program: String,
    programmes: Vec<(String, String)>,
    items: Vec<PublicAnswer>,
}

pub(super) async fn list_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<AnswerQuery>,
) -> Result<Html<String>, AppError> {
    let program: String = query
        .program
        .unwrap_or_default()
        .trim()
        .chars()
        .take(40)
        .collect();
    let items = store::answers(&state.db, &program, ANSWERS_MAX)
        .await
        .map_err(ComplaintError::from)?;
    let programmes = crate::programmes::store::list(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let html = ListPage {
        ctx,
        program,
        programmes,
        items,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(serde::Deserialize)]
pub(super) struct PublishForm {
    #[serde(default)]
    question: String,
    #[serde(default)]
    answer: String,
}

pub(super) async fn publish(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PublishForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    match service::publish(&state.db, &me, id, &form.question, &form.answer, now).await {
        Ok(_) => Ok(Redirect::to("/tanya-jawab").into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let c = service::find(&state.db, &me, id, now).await?;
            let html = super::render(ctx, &me, c, String::new(), errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
