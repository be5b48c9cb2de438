//! Account management pages for administrators: the list, a new account, enable and
//! disable.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::accounts::model::AccountStatus;
use crate::accounts::service::{self, AccountInput, Acting};
use crate::accounts::store::Account;
use crate::auth::Permission;
use crate::auth::SignedIn;
use crate::auth::{AccountId, Role};
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, pagination};
use crate::web::confirm::{ConfirmPage, Confirmation};
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    ctx: PageCtx,
    accounts: Vec<Account>,
    next_cursor: Option<String>,
    /// The confirmation after a create or a status change (a message key).
    notice: Option<&'static str>,
    /// The administrator's own account, which the list offers no way to disable.
    own: Option<i64>,
}

/// The accounts list's query: a page, and what was just done (set by the redirect).
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct AccountsQuery {
    cursor: Option<String>,
    limit: Option<u32>,
    dibuat: Option<String>,
    diubah: Option<String>,
}

impl AccountsQuery {
    fn notice(&self) -> Option<&'static str> {
        match (&self.dibuat, &self.diubah) {
            (Some(_), _) => Some("accounts.created"),
            (None, Some(_)) => Some("accounts.status_changed"),
            (None, None) => None,
        }
    }
}

impl AccountsPage {
    fn is_own(&self, account: &Account) -> bool {
        self.own == Some(account.id)
    }

    fn role_label(&self, role: &Role) -> &'static str {
        role.label(self.ctx.lang)
    }
}

pub(super) async fn accounts_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<AccountsQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ManageAccounts)?;
    let notice = query.notice();
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let after: i64 = page
        .after
        .as_deref()
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let rows =
        crate::accounts::store::list(&state.db, me.region.as_ref(), after, page.limit + 1).await?;
    let (accounts, next_cursor) = pagination::finish_page(rows, page.limit, |a| a.id.to_string());
    let html = AccountsPage {
        ctx,
        accounts,
        next_cursor,
        notice,
        own: me.actor.id,
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

pub(super) async fn new_account_page(
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
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

pub(super) async fn create_account(
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
pub(super) struct StatusForm {
    status: String,
    /// The confirmation page's field (`web::confirm`).
    #[serde(default)]
    konfirmasi: String,
}

/// An administrator keeps their own account: disabling it would lock them out, and
/// another administrator can do it if it must be done.
fn refuse_own(me: &crate::auth::Principal, id: i64) -> Result<(), AppError> {
    if me.actor.id != Some(id) {
        return Ok(());
    }
    Err(AppError::invalid(crate::http::FieldError::new(
        "status",
        "self",
        "you cannot disable your own account; ask another administrator",
        "Anda tidak dapat menonaktifkan akun sendiri; minta administrator lain",
    )))
}

pub(super) async fn change_status(
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
    if status == AccountStatus::Disabled {
        refuse_own(&me, id)?;
        // Disabling asks once more: without the confirmation page's field, go there.
        let confirmation = Confirmation {
            konfirmasi: form.konfirmasi,
        };
        if !confirmation.given() {
            return Ok(Redirect::to(&format!("/akun/{id}/nonaktifkan")).into_response());
        }
    }
    let acting = Acting::Principal(&me, request_id.0);
    service::set_status(&state.db, acting, AccountId(id), status, state.clock.now()).await?;
    Ok(Redirect::to("/akun?diubah=1").into_response())
}

/// The confirmation step before an account is disabled.
pub(super) async fn confirm_disable(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ManageAccounts)?;
    refuse_own(&me, id)?;
    let account = crate::accounts::store::find(&state.db, AccountId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    // An account outside the administrator's scope answers like a missing one.
    Acting::Principal(&me, None)
        .check_covers(account.region_code.as_ref())
        .map_err(|_| AppError::NotFound)?;
    let tr = ctx.tr;
    let region = account.region_code.as_ref().map_or_else(
        || tr.t("dashboard.national").to_owned(),
        ToString::to_string,
    );
    let page = ConfirmPage {
        question: "confirm.disable_account",
        facts: vec![
            (tr.t("accounts.username").to_owned(), account.username),
            (
                tr.t("accounts.display_name").to_owned(),
                account.display_name,
            ),
            (
                tr.t("accounts.role").to_owned(),
                account.role.label(ctx.lang).to_owned(),
            ),
            (tr.t("accounts.region").to_owned(), region),
        ],
        action: format!("/akun/{id}/status"),
        fields: vec![("status", "disabled".to_owned())],
        yes: "confirm.disable_yes",
        cancel: "/akun",
        ctx,
    };
    page.html()
}
