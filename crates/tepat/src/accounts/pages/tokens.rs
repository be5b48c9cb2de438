//! The API token page for administrators: the list, a new token for an account, revoking.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::accounts::model::AccountStatus;
use crate::accounts::service::{self, Acting, TokenInput};
use crate::accounts::tokens::{ApiToken, TokenId};
use crate::auth::Role;
use crate::auth::{ApiScope, Permission};
use crate::auth::{Principal, SignedIn};
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, pagination};
use crate::web::confirm::{ConfirmPage, Confirmation};
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

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

    fn scope_chosen(&self, scope: &str) -> bool {
        self.input.scope_list().iter().any(|s| s == scope)
    }

    fn scope_label(&self, scope: &str) -> &'static str {
        scope_label(scope, self.ctx.lang)
    }
}

/// What a scope lets a token do, in words.
fn scope_label(scope: &str, lang: Lang) -> &'static str {
    let (id, en) = match scope {
        "regions:read" => ("Membaca daftar wilayah", "Read the region list"),
        "events:read" => ("Membaca jejak perubahan", "Read the event trail"),
        "accounts:read" => ("Membaca akun", "Read accounts"),
        "accounts:write" => ("Membuat dan mengubah akun", "Create and change accounts"),
        "registry:read" => ("Membaca data keluarga", "Read the household registry"),
        "registry:write" => (
            "Mendaftarkan dan mengubah keluarga",
            "Register and change households",
        ),
        "civil:write" => ("Mengirim data kependudukan", "Send civil registry events"),
        "money:read" => (
            "Membaca anggaran dan pembayaran",
            "Read budgets and payments",
        ),
        "money:write" => (
            "Merencanakan dan menyetujui anggaran",
            "Plan and approve budgets",
        ),
        _ => ("Cakupan lain", "Other scope"),
    };
    if lang == Lang::Id { id } else { en }
}

#[derive(Debug, Clone, Default)]
pub(super) struct TokenForm {
    name: String,
    username: String,
    scopes: String,
}

impl TokenForm {
    /// The form from its fields; the scopes come as one checkbox field each (or as one
    /// field listing them, separated by spaces or commas).
    fn from_fields(fields: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        let mut scopes = Vec::new();
        for (name, value) in fields {
            match name.as_str() {
                "name" => form.name = value,
                "username" => form.username = value,
                "scopes" => scopes.push(value),
                _ => {}
            }
        }
        form.scopes = scopes.join(" ");
        form
    }

    fn scope_list(&self) -> Vec<String> {
        self.scopes
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn input(&self) -> TokenInput {
        TokenInput {
            name: self.name.clone(),
            username: self.username.clone(),
            scopes: self.scope_list(),
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
    let tokens = crate::accounts::tokens::store::list(
        &state.db,
        within,
        TokenId(0),
        pagination::PAGE_SIZE_MAX,
    )
    .await?;
    let usernames = crate::accounts::store::list(&state.db, within, 0, pagination::PAGE_SIZE_MAX)
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

pub(super) async fn tokens_page(
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

pub(super) async fn create_token(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    me.require(Permission::ManageTokens)?;
    let form = TokenForm::from_fields(fields);
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

pub(super) async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(confirmation): CsrfForm<Confirmation>,
) -> Result<Response, AppError> {
    me.require(Permission::ManageTokens)?;
    // Revoking asks once more: without the confirmation page's field, go there.
    if !confirmation.given() {
        return Ok(Redirect::to(&format!("/token/{id}/cabut")).into_response());
    }
    service::revoke_token(
        &state.db,
        Acting::Principal(&me, request_id.0),
        TokenId(id),
        state.clock.now(),
    )
    .await?;
    Ok(Redirect::to("/token").into_response())
}

/// The confirmation step before a token is revoked.
pub(super) async fn confirm_revoke(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ManageTokens)?;
    // Only tokens inside the administrator's scope are listed: another answers 404.
    let after = TokenId(id.saturating_sub(1));
    let token = crate::accounts::tokens::store::list(&state.db, me.region.as_ref(), after, 1)
        .await?
        .into_iter()
        .find(|t| t.id == TokenId(id))
        .ok_or(AppError::NotFound)?;
    let tr = ctx.tr;
    let page = ConfirmPage {
        question: "confirm.revoke_token",
        facts: vec![
            (tr.t("tokens.name").to_owned(), token.name),
            (tr.t("accounts.username").to_owned(), token.username),
            (
                tr.t("accounts.role").to_owned(),
                token.role.label(ctx.lang).to_owned(),
            ),
            (
                tr.t("tokens.prefix").to_owned(),
                format!("{}…", token.token_prefix),
            ),
        ],
        action: format!("/token/{id}/cabut"),
        fields: Vec::new(),
        yes: "confirm.revoke_yes",
        cancel: "/token",
        ctx,
    };
    page.html()
}
