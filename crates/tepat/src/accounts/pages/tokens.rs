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
use crate::web::form::FormErrors;
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
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub(super) struct TokenForm {
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

pub(super) async fn revoke_token(
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
