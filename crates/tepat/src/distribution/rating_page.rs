//! The recipients' rating page (`/penyaluran-barang/nilai?kode=…`), linked from their
//! message: a score and a comment, no sign-in, the code as the credential.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::site::{self, NewRating};
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, AppState};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

#[derive(Template)]
#[template(path = "distribution_rating.html")]
struct RatingPage {
    ctx: PageCtx,
    code: String,
    score: String,
    comment: String,
    done: bool,
    errors: FormErrors,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    kode: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct RatingForm {
    #[serde(default)]
    kode: String,
    #[serde(default)]
    score: String,
    #[serde(default)]
    comment: String,
}

pub async fn rating_page(
    ctx: PageCtx,
    Query(query): Query<CodeQuery>,
) -> Result<Html<String>, AppError> {
    let page = RatingPage {
        ctx,
        code: query.kode.chars().take(40).collect(),
        score: String::new(),
        comment: String::new(),
        done: false,
        errors: FormErrors::default(),
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

pub async fn rate(
    State(state): State<AppState>,
    ctx: PageCtx,
    CsrfForm(form): CsrfForm<RatingForm>,
) -> Result<Response, AppError> {
    let input = NewRating {
        code: form.kode.clone(),
        score: form.score.trim().parse().unwrap_or(0),
        comment: form.comment.clone(),
    };
    let (status, errors) = match site::rate(&state.db, &input, state.clock.now()).await {
        Ok(()) => (StatusCode::OK, FormErrors::default()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            (StatusCode::UNPROCESSABLE_ENTITY, errors)
        }
    };
    let page = RatingPage {
        ctx,
        done: errors.is_empty(),
        code: form.kode,
        score: form.score,
        comment: form.comment,
        errors,
    };
    let html = page.render().map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}
