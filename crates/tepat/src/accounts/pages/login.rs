//! The login and logout pages and the language switch.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::accounts::service::{self, LoginRefused};
use crate::http::AppError;
use crate::http::AppState;
use crate::http::cookies::{self, Lifetime};
use crate::http::csrf::CsrfForm;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    message: Option<String>,
    username: String,
    next: String,
}

#[derive(serde::Deserialize, Default)]
pub(super) struct LoginQuery {
    lanjut: Option<String>,
    alasan: Option<String>,
}

pub(super) async fn login_page(
    ctx: PageCtx,
    Query(query): Query<LoginQuery>,
) -> Result<Html<String>, AppError> {
    let message = (query.alasan.as_deref() == Some("sesi-berakhir"))
        .then(|| AppError::SessionExpired.detail(ctx.lang));
    let page = LoginPage {
        ctx,
        message,
        username: String::new(),
        next: query.lanjut.unwrap_or_default(),
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

#[derive(serde::Deserialize)]
pub(super) struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    lanjut: String,
}

/// Only local paths may be returned to after login (no open redirect).
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/beranda"
    }
}

pub(super) async fn login(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: crate::http::client::ClientAddress,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let key = client.key();
    let outcome = service::login(
        &state.db,
        &form.username,
        &form.password,
        key.as_deref(),
        now,
    )
    .await?;
    let refused = match outcome {
        Ok(token) => {
            let lifetime = Lifetime::Seconds(crate::accounts::session::SESSION_HOURS * 3600);
            let cookie = cookies::set(
                cookies::SESSION,
                &token,
                lifetime,
                state.config.cookie_secure,
            );
            let mut response = Redirect::to(safe_next(&form.lanjut)).into_response();
            let headers = response.headers_mut();
            headers.append(header::SET_COOKIE, cookie);
            let secure = state.config.cookie_secure;
            headers.append(
                header::SET_COOKIE,
                crate::http::csrf::rotated_cookie(secure),
            );
            return Ok(response);
        }
        Err(refused) => refused,
    };
    let (status, message) = refusal_message(&refused, ctx.lang);
    let page = LoginPage {
        ctx,
        message: Some(message),
        username: form.username,
        next: form.lanjut,
    };
    Ok((status, Html(page.render().map_err(anyhow::Error::from)?)).into_response())
}

fn refusal_message(refused: &LoginRefused, lang: Lang) -> (StatusCode, String) {
    let id = lang == Lang::Id;
    match refused {
        LoginRefused::BadCredentials => (
            StatusCode::UNAUTHORIZED,
            if id {
                "Nama pengguna atau kata sandi salah.".to_owned()
            } else {
                "Wrong username or password.".to_owned()
            },
        ),
        LoginRefused::Wait { seconds } => (
            StatusCode::TOO_MANY_REQUESTS,
            if id {
                format!("Terlalu banyak percobaan gagal. Tunggu {seconds} detik lalu coba lagi.")
            } else {
                format!("Too many failed attempts. Wait {seconds} seconds and try again.")
            },
        ),
        LoginRefused::AddressLocked { until } => {
            let at = crate::web::time::wib_clock(*until);
            (
                StatusCode::TOO_MANY_REQUESTS,
                if id {
                    format!(
                        "Terlalu banyak percobaan gagal dari perangkat ini. Coba lagi setelah pukul {at} WIB."
                    )
                } else {
                    format!("Too many failed attempts from this device. Try again after {at} WIB.")
                },
            )
        }
        LoginRefused::Locked { until } => {
            let at = crate::web::time::wib_clock(*until);
            (
                StatusCode::TOO_MANY_REQUESTS,
                if id {
                    format!(
                        "Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi setelah pukul {at} WIB."
                    )
                } else {
                    format!(
                        "The account is locked after too many failed attempts. Try again after {at} WIB."
                    )
                },
            )
        }
    }
}

pub(super) async fn logout(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    CsrfForm(_): CsrfForm<serde_json::Value>,
) -> Result<Response, AppError> {
    if let Some(token) = cookies::get(&headers, cookies::SESSION) {
        crate::accounts::session::delete(&state.db, token).await?;
    }
    let mut response = Redirect::to("/masuk").into_response();
    let cookie = cookies::set(
        cookies::SESSION,
        "",
        Lifetime::Expired,
        state.config.cookie_secure,
    );
    response.headers_mut().append(header::SET_COOKIE, cookie);
    let rotated = crate::http::csrf::rotated_cookie(state.config.cookie_secure);
    response.headers_mut().append(header::SET_COOKIE, rotated);
    Ok(response)
}

#[derive(serde::Deserialize)]
pub(super) struct LanguageQuery {
    ke: String,
    kembali: Option<String>,
}

/// Sets the language cookie and returns to the page; a preference, not a state change.
pub(super) async fn switch_language(
    State(state): State<AppState>,
    Query(query): Query<LanguageQuery>,
) -> Result<Response, AppError> {
    let lang = Lang::from_tag(&query.ke).ok_or_else(|| {
        AppError::BadRequest(crate::http::FieldError::new(
            "ke",
            "unknown",
            "language must be id or en",
            "bahasa harus id atau en",
        ))
    })?;
    let back = safe_next(query.kembali.as_deref().unwrap_or("/"));
    let mut response = Redirect::to(back).into_response();
    let cookie = cookies::set(
        cookies::LANG,
        lang.tag(),
        Lifetime::Seconds(365 * 24 * 3600),
        state.config.cookie_secure,
    );
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}
