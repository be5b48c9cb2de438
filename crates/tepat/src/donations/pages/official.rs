//! The officials' donation pages: posting a need with the household's consent, withdrawing
//! it, recording goods handed in, confirming receipt with a photo, the favouritism flags,
//! and the confirmation photo (for the officials of the village and the pledge's donor).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::matching::{self, Flag};
use super::super::rules::{ConsentInput, NeedInput};
use super::super::service::confirm::{self as confirming, Confirmation};
use super::super::service::pledge as pledging;
use super::super::service::{self, Acting};
use super::super::store::{self, pledges};
use super::super::{CATEGORIES, CONSENT_METHODS};
use crate::auth::{Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::upload::{FormSender, receive_small_form};
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

fn acting<'a>(me: &'a Principal, request_id: RequestId, state: &AppState) -> Acting<'a> {
    Acting {
        caller: me,
        request_id: request_id.0,
        now: state.clock.now(),
    }
}

#[derive(Template)]
#[template(path = "donation_new.html")]
struct NewPage {
    ctx: PageCtx,
    values: HashMap<String, String>,
    categories: Vec<(String, String)>,
    methods: Vec<(String, String)>,
    errors: FormErrors,
}

impl NewPage {
    fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }
}

fn render_new(
    ctx: PageCtx,
    values: HashMap<String, String>,
    errors: FormErrors,
) -> Result<String, AppError> {
    let lang = ctx.lang;
    let pairs = |table: &[(&str, &str, &str)]| {
        table
            .iter()
            .map(|(c, id, en)| ((*c).to_owned(), lang.pick(id, en)))
            .collect()
    };
    let page = NewPage {
        categories: pairs(&CATEGORIES),
        methods: pairs(&CONSENT_METHODS),
        ctx,
        values,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn new_page(
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::PostNeeds)?;
    Ok(Html(render_new(
        ctx,
        HashMap::new(),
        FormErrors::default(),
    )?))
}

fn need_input(values: &HashMap<String, String>) -> NeedInput {
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let number = |name: &str| {
        let digits: String = get(name)
            .chars()
            .filter(|c| !matches!(c, '.' | ' '))
            .collect();
        digits.parse::<i64>().ok()
    };
    let consented = values.contains_key("consent");
    NeedInput {
        household_id: number("household_id").unwrap_or_default(),
        kind: get("kind"),
        category: get("category"),
        description: get("description"),
        quantity: number("quantity"),
        unit: Some(get("unit")),
        amount_rupiah: number("amount_rupiah").unwrap_or_default(),
        deadline: get("deadline"),
        situation: get("situation"),
        consent: consented.then(|| ConsentInput {
            method: get("consent_method"),
            note: get("consent_note"),
        }),
    }
}

pub(super) async fn post_need(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(values): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require_write(Permission::PostNeeds)?;
    let input = need_input(&values);
    match service::post_need(&state.db, &acting(&me, request_id, &state), &input).await {
        Ok(need) => Ok(Redirect::to(&format!("/donasi/{}", need.id)).into_response()),
        Err(super::super::error::DonationError::NotFound) => {
            let errors = FormErrors::from_error(
                AppError::invalid(crate::http::FieldError::new(
                    "household_id",
                    "unknown",
                    "no household of your region has this number",
                    "tidak ada keluarga di wilayah Anda dengan nomor ini",
                )),
                ctx.lang,
            )?;
            let html = render_new(ctx, values, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_new(ctx, values, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub(super) struct WithdrawForm {
    #[serde(default)]
    consent_method: String,
    #[serde(default)]
    consent_note: String,
}

pub(super) async fn withdraw(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<WithdrawForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::PostNeeds)?;
    let input = ConsentInput {
        method: form.consent_method,
        note: form.consent_note,
    };
    service::withdraw(&state.db, &acting(&me, request_id, &state), id, &input).await?;
    Ok(Redirect::to("/donasi").into_response())
}

pub(super) async fn deliver(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require_write(Permission::PostNeeds)?;
    let pledge = pledging::deliver(&state.db, &acting(&me, request_id, &state), id).await?;
    Ok(Redirect::to(&format!("/donasi/{}", pledge.need_id)).into_response())
}

#[derive(Template)]
#[template(path = "donation_confirm.html")]
struct ConfirmPage {
    ctx: PageCtx,
    pledge_id: i64,
    need_id: i64,
    amount: String,
    note: String,
    errors: FormErrors,
}

async fn render_confirm(
    state: &AppState,
    ctx: PageCtx,
    me: &Principal,
    id: i64,
    note: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    let pledge = pledges::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let need = store::find(&state.db, pledge.need_id)
        .await?
        .ok_or(AppError::NotFound)?;
    me.require_in(Permission::ConfirmDonations, &need.region()?)?;
    let page = ConfirmPage {
        pledge_id: pledge.id,
        need_id: need.id,
        amount: crate::web::number::whole(pledge.amount_rupiah, ctx.lang),
        ctx,
        note,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn confirm_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ConfirmDonations)?;
    let html = render_confirm(&state, ctx, &me, id, String::new(), FormErrors::default()).await?;
    Ok(Html(html))
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    sender: FormSender,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    me.require_write(Permission::ConfirmDonations)?;
    let max = crate::complaints::photo::PHOTO_BYTES_MAX;
    let form = receive_small_form(&sender, multipart, "foto", max, 1).await?;
    let note = form
        .fields
        .iter()
        .find(|(name, _)| name == "note")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let photo = form.files.first().map(|(_, bytes)| bytes.as_slice());
    let confirmation = Confirmation { note: &note, photo };
    let acting = acting(&me, request_id, &state);
    match confirming::confirm(&state.db, &acting, id, &confirmation).await {
        Ok(pledge) => Ok(Redirect::to(&format!("/donasi/{}", pledge.need_id)).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_confirm(&state, ctx, &me, id, note, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

/// The confirmation photo: for the pledge's donor, and for officials of the village.
pub(super) async fn photo(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let pledge = pledges::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let need = store::find(&state.db, pledge.need_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let donor = Some(pledge.donor_account_id) == me.actor.id;
    let official =
        me.allows(Permission::ConfirmDonations, false).is_ok() && me.covers_code(&need.region_code);
    if !donor && !official {
        return Err(AppError::NotFound);
    }
    let (bytes, kind) = pledges::photo(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = if kind == "image/png" {
        "bukti.png"
    } else {
        "bukti.jpg"
    };
    Ok(crate::http::upload::attachment(name, kind, bytes))
}

#[derive(Template)]
#[template(path = "donation_flags.html")]
struct FlagsPage {
    ctx: PageCtx,
    flags: Vec<Flag>,
    window_days: i64,
}

pub(super) async fn flags_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadDonationFlags)?;
    let flags = matching::flags_for(&state.db, &me, state.clock.now()).await?;
    let html = FlagsPage {
        ctx,
        flags,
        window_days: matching::FLAG_WINDOW_DAYS,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}
