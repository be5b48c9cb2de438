//! The recipients' page (`/penyaluran-barang/nilai?kode=…`), linked from their message:
//! before the hand-out it shows the check-in code as a QR code for the desk to scan; after
//! it, a score and a comment, no sign-in, the code as the credential.

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
    /// The code as printed and its QR code, to show at the site's desk.
    shown: Option<(String, String)>,
}

/// The code of a message's link as the household shows it at the desk: in groups of four
/// and as a QR code the desk's camera reads. Nothing is looked up: it shows what the link
/// holds.
fn shown(code: &str) -> Option<(String, String)> {
    let code = crate::vouchers::code::parse(code)?;
    let qr = crate::web::qr::svg(&code, 200)?;
    Some((crate::vouchers::code::display(&code), qr))
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
        shown: shown(&query.kode),
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
        shown: None,
        done: errors.is_empty(),
        code: form.kode,
        score: form.score,
        comment: form.comment,
        errors,
    };
    let html = page.render().map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}
