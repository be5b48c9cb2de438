//! Pages: login and logout, the language switch, and account and token management for
//! administrators.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::AccountStatus;
use super::service::{self, AccountInput, Acting, LoginRefused, TokenInput};
use super::store::Account;
use super::tokens::{ApiToken, TokenId};
use crate::auth::{AccountId, Role};
use crate::auth::{ApiScope, Permission};
use crate::auth::{MaybeSignedIn, Principal, SignedIn};
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::cookies::{self, Lifetime};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, pagination};
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get(
            "/",
            |MaybeSignedInRedirect(to): MaybeSignedInRedirect| async move { Redirect::to(to) },
        )
        .get("/masuk", login_page)
        .post("/masuk", login)
        .post("/keluar", logout)
        .get("/bahasa", switch_language)
        .get("/akun", accounts_page)
        .get("/akun/baru", new_account_page)
        .post("/akun/baru", create_account)
        .post("/akun/{id}/status", change_status)
        .get("/token", tokens_page)
        .post("/token", create_token)
        .post("/token/{id}/cabut", revoke_token)
}

/// `/` goes to the dashboard for officials and to the login page for everyone else.
struct MaybeSignedInRedirect(&'static str);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for MaybeSignedInRedirect {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let signed = MaybeSignedIn::from_request_parts(parts, state).await?;
        Ok(Self(if signed.0.is_some() {
            "/beranda"
        } else {
            "/masuk"
        }))
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    message: Option<String>,
    username: String,
    next: String,
}

#[derive(serde::Deserialize, Default)]
struct LoginQuery {
    lanjut: Option<String>,
    alasan: Option<String>,
}

async fn login_page(
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
struct LoginForm {
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

async fn login(
    State(state): State<AppState>,
    ctx: PageCtx,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let outcome = service::login(&state.db, &form.username, &form.password, now).await?;
    let refused = match outcome {
        Ok(token) => {
            let lifetime = Lifetime::Seconds(super::session::SESSION_HOURS * 3600);
            let cookie = cookies::set(
                cookies::SESSION,
                &token,
                lifetime,
                state.config.cookie_secure,
            );
            let mut response = Redirect::to(safe_next(&form.lanjut)).into_response();
            response.headers_mut().append(header::SET_COOKIE, cookie);
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

async fn logout(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    CsrfForm(_): CsrfForm<serde_json::Value>,
) -> Result<Response, AppError> {
    if let Some(token) = cookies::get(&headers, cookies::SESSION) {
        super::session::delete(&state.db, token).await?;
    }
    let mut response = Redirect::to("/masuk").into_response();
    let cookie = cookies::set(
        cookies::SESSION,
        "",
        Lifetime::Expired,
        state.config.cookie_secure,
    );
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

#[derive(serde::Deserialize)]
struct LanguageQuery {
    ke: String,
    kembali: Option<String>,
}

/// Sets the language cookie and returns to the page; a preference, not a state change.
async fn switch_language(
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

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    ctx: PageCtx,
    accounts: Vec<Account>,
    next_cursor: Option<String>,
}

impl AccountsPage {
    fn role_label(&self, role: &Role) -> &'static str {
        role.label(self.ctx.lang)
    }
}

async fn accounts_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(params): Query<pagination::PageParams>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ManageAccounts)?;
    let page = params.validate()?;
    let after: i64 = page
        .after
        .as_deref()
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let rows = super::store::list(&state.db, me.region.as_ref(), after, page.limit + 1).await?;
    let (accounts, next_cursor) = pagination::finish_page(rows, page.limit, |a| a.id.to_string());
    let html = AccountsPage {
        ctx,
        accounts,
        next_cursor,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(Template)]
#[template(path = "account_new.html")]
struct NewAccountPage {
    ctx: PageCtx,
    input: AccountInput,
    errors: FormErrors,
    roles: Vec<(&'static str, &'static str)>,
}

fn role_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .iter()
        .map(|r| (r.as_str(), r.label(lang)))
        .collect()
}

async fn new_account_page(SignedIn(me): SignedIn, ctx: PageCtx) -> Result<Html<String>, AppError> {
    me.require(Permission::ManageAccounts)?;
    let input = AccountInput {
        region_code: me.region.as_ref().map(|r| r.to_string()),
        ..Default::default()
    };
    let roles = role_options(ctx.lang);
    let html = NewAccountPage {
        ctx,
        input,
        errors: FormErrors::default(),
        roles,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

async fn create_account(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(input): CsrfForm<AccountInput>,
) -> Result<Response, AppError> {
    me.require(Permission::ManageAccounts)?;
    let acting = Acting::Principal(&me, request_id.0);
    match service::create_account(&state.db, acting, &input, state.clock.now()).await {
        Ok(_) => Ok(Redirect::to("/akun?dibuat=1").into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let roles = role_options(ctx.lang);
            let input = AccountInput {
                password: String::new(),
                ..input
            };
            let html = NewAccountPage {
                ctx,
                input,
                errors,
                roles,
            }
            .render()
            .map_err(anyhow::Error::from)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(serde::Deserialize)]
struct StatusForm {
    status: String,
}

async fn change_status(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    me.require(Permission::ManageAccounts)?;
    let status = match form.status.as_str() {
        "active" => AccountStatus::Active,
        "disabled" => AccountStatus::Disabled,
        _ => {
            return Err(AppError::invalid(crate::http::FieldError::new(
                "status",
                "unknown",
                "status must be active or disabled",
                "status harus active atau disabled",
            )));
        }
    };
    if me.actor.id == Some(id) && status == AccountStatus::Disabled {
        return Err(AppError::invalid(crate::http::FieldError::new(
            "status",
            "self",
            "you cannot disable your own account",
            "Anda tidak dapat menonaktifkan akun sendiri",
        )));
    }
    let acting = Acting::Principal(&me, request_id.0);
    service::set_status(&state.db, acting, AccountId(id), status, state.clock.now()).await?;
    Ok(Redirect::to("/akun").into_response())
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    ctx: PageCtx,
    tokens: Vec<ApiToken>,
    created: Option<String>,
    input: TokenForm,
    errors: FormErrors,
    /// Usernames of the active accounts in scope, offered as the token's account.
    usernames: Vec<String>,
    scopes: Vec<&'static str>,
}

impl TokensPage {
    fn role_label(&self, role: &Role) -> &'static str {
        role.label(self.ctx.lang)
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
struct TokenForm {
    name: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    scopes: String,
}

impl TokenForm {
    fn input(&self) -> TokenInput {
        TokenInput {
            name: self.name.clone(),
            username: self.username.clone(),
            scopes: self
                .scopes
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            all_scopes: false,
        }
    }
}

async fn render_tokens(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    created: Option<String>,
    input: TokenForm,
    errors: FormErrors,
) -> Result<Html<String>, AppError> {
    let within = me.region.as_ref();
    let tokens =
        super::tokens::store::list(&state.db, within, TokenId(0), pagination::PAGE_SIZE_MAX)
            .await?;
    let usernames = super::store::list(&state.db, within, 0, pagination::PAGE_SIZE_MAX)
        .await?
        .into_iter()
        .filter(|a| a.status == AccountStatus::Active)
        .map(|a| a.username)
        .collect();
    let scopes = ApiScope::ALL.iter().map(|s| s.as_str()).collect();
    let page = TokensPage {
        ctx,
        tokens,
        created,
        input,
        errors,
        usernames,
        scopes,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

async fn tokens_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ManageTokens)?;
    render_tokens(
        &state,
        &me,
        ctx,
        None,
        TokenForm::default(),
        FormErrors::default(),
    )
    .await
}

async fn create_token(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<Response, AppError> {
    me.require(Permission::ManageTokens)?;
    let acting = Acting::Principal(&me, request_id.0);
    match service::create_token(&state.db, acting, &form.input(), state.clock.now()).await {
        Ok(created) => {
            let html = render_tokens(
                &state,
                &me,
                ctx,
                Some(created.secret),
                TokenForm::default(),
                FormErrors::default(),
            )
            .await?;
            Ok(([(header::CACHE_CONTROL, "no-store")], html).into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_tokens(&state, &me, ctx, None, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<serde_json::Value>,
) -> Result<Response, AppError> {
    me.require(Permission::ManageTokens)?;
    service::revoke_token(
        &state.db,
        Acting::Principal(&me, request_id.0),
        TokenId(id),
        state.clock.now(),
    )
    .await?;
    Ok(Redirect::to("/token").into_response())
}
