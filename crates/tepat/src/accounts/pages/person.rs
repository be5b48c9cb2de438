//! An official's own person record, linked by an administrator (`/akun/{id}/penduduk`): the
//! registry record of the official, by NIK, so that Tepat flags proposals for their family
//! (`proposals/conflict.rs`). An empty NIK unlinks it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::accounts::service::{self, Acting};
use crate::accounts::store::{self, Account};
use crate::auth::{AccountId, Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

#[derive(Template)]
#[template(path = "account_person.html")]
struct PersonPage {
    ctx: PageCtx,
    account: Account,
    /// (name, NIK) of the person linked now.
    linked: Option<(String, String)>,
    nik: String,
    errors: FormErrors,
}

async fn render(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    id: i64,
    nik: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    me.require(Permission::ManageAccounts)?;
    let account = store::find(&state.db, AccountId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    // An account outside the administrator's scope answers like a missing one.
    Acting::Principal(me, None)
        .check_covers(account.region_code.as_ref())
        .map_err(|_| AppError::NotFound)?;
    let linked = store::person_of(&state.db, AccountId(id))
        .await?
        .map(|(_, name, nik)| (name, nik));
    let page = PersonPage {
        ctx,
        account,
        linked,
        nik,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn person_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let html = render(&state, &me, ctx, id, String::new(), FormErrors::default()).await?;
    Ok(Html(html))
}

#[derive(serde::Deserialize)]
pub(super) struct PersonForm {
    #[serde(default)]
    nik: String,
}

pub(super) async fn link_person(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PersonForm>,
) -> Result<Response, AppError> {
    me.require(Permission::ManageAccounts)?;
    let acting = Acting::Principal(&me, request_id.0);
    let now = state.clock.now();
    match service::link_person(&state.db, acting, AccountId(id), &form.nik, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/akun/{id}/penduduk")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render(&state, &me, ctx, id, form.nik, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
