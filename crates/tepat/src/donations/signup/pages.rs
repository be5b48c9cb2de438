//! The sign-up pages: the form, then the code sent to the contact (with a new code on
//! request), then the way to sign in.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::{SignupInput, register, resend, verify};
use crate::http::client::ClientAddress;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/donasi/daftar", signup_page)
        .post("/donasi/daftar", signup)
        .get("/donasi/daftar/verifikasi", code_page)
        .post("/donasi/daftar/verifikasi", code)
}

#[derive(Template)]
#[template(path = "donation_signup.html")]
struct SignupPage {
    ctx: PageCtx,
    form: SignupInput,
    errors: FormErrors,
}

fn render_signup(ctx: PageCtx, form: SignupInput, errors: FormErrors) -> Result<String, AppError> {
    let page = SignupPage { ctx, form, errors };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn signup_page(ctx: PageCtx) -> Result<Html<String>, AppError> {
    Ok(Html(render_signup(
        ctx,
        SignupInput::default(),
        FormErrors::default(),
    )?))
}

async fn signup(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    request_id: RequestId,
    CsrfForm(mut form): CsrfForm<SignupInput>,
) -> Result<Response, AppError> {
    let limiter = crate::complaints::limiter(&state)?;
    let key = client.key();
    let now = state.clock.now();
    match register(&state.db, limiter, &form, key.as_deref(), request_id.0, now).await {
        Ok(username) => {
            let name: String = form_urlencoded::byte_serialize(username.as_bytes()).collect();
            Ok(Redirect::to(&format!("/donasi/daftar/verifikasi?nama={name}")).into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            form.password.clear();
            form.password_again.clear();
            let html = render_signup(ctx, form, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "donation_signup_code.html")]
struct CodePage {
    ctx: PageCtx,
    username: String,
    /// `sent` after a new code went out, `done` once the contact is proven.
    outcome: &'static str,
    errors: FormErrors,
}

fn render_code(
    ctx: PageCtx,
    username: String,
    outcome: &'static str,
    errors: FormErrors,
) -> Result<String, AppError> {
    let page = CodePage {
        ctx,
        username,
        outcome,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn code_page(
    ctx: PageCtx,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let username = query.get("nama").cloned().unwrap_or_default();
    Ok(Html(render_code(ctx, username, "", FormErrors::default())?))
}

async fn code(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let limiter = crate::complaints::limiter(&state)?;
    let key = client.key();
    let now = state.clock.now();
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let username = field("username");
    let asked_again = field("action") == "resend";
    let done = if asked_again {
        resend(&state.db, limiter, &username, key.as_deref(), now).await
    } else {
        verify(
            &state.db,
            limiter,
            &username,
            &field("code"),
            key.as_deref(),
            now,
        )
        .await
    };
    let (status, outcome, errors) = match done {
        Ok(()) if asked_again => (StatusCode::OK, "sent", FormErrors::default()),
        Ok(()) => (StatusCode::OK, "done", FormErrors::default()),
        Err(err) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
            FormErrors::from_error(err.into(), ctx.lang)?,
        ),
    };
    Ok((status, Html(render_code(ctx, username, outcome, errors)?)).into_response())
}
