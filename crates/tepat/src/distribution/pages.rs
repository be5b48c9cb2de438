//! The officials' pages of hand-outs (`/penyaluran-barang`): the list of the region with the
//! form a district officer schedules one with, and one hand-out's schedule by slot, its
//! check-in desk, no-shows, close button and rating. No JavaScript: forms post, redirect,
//! and show errors by their fields.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::service::{self, NewDistribution};
use super::store::{self, Event, Invitation};
use crate::auth::{Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/penyaluran-barang", list_page)
        .post("/penyaluran-barang", schedule)
        .get("/penyaluran-barang/{id}", event_page)
        .post("/penyaluran-barang/{id}/hadir", check_in)
        .post("/penyaluran-barang/{id}/tutup", close)
        .get("/penyaluran-barang/nilai", super::rating_page::rating_page)
        .post("/penyaluran-barang/nilai", super::rating_page::rate)
}

type Fields = HashMap<String, String>;

/// Words for a hand-out's day, window and states, shared by both pages.
pub trait Words {
    fn ctx(&self) -> &PageCtx;

    /// `7 Des 2026`.
    fn day(&self, event: &Event) -> String {
        super::model::parse_day(&event.day)
            .map(|d| crate::web::time::date(d, self.ctx().lang))
            .unwrap_or_default()
    }

    /// `08:00–09:00 WIB`.
    fn window(&self, event: &Event) -> String {
        let zone = crate::web::time::Zone::of_region(Some(&event.region));
        format!("{}–{} {}", event.starts, event.ends, zone.name())
    }

    fn status(&self, status: &str) -> String {
        self.ctx()
            .tr
            .t(&format!("handout.status_{status}"))
            .to_string()
    }

    /// `4,5 / 5 (2 penilaian)`.
    fn rating(&self, event: &Event) -> String {
        match event.rating_average {
            Some(average) => format!(
                "{} / 5 ({} {})",
                format!("{average:.1}").replace('.', ","),
                event.ratings,
                self.ctx().tr.t("handout.ratings")
            ),
            None => self.ctx().tr.t("handout.no_rating").to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "distributions.html")]
struct ListPage {
    ctx: PageCtx,
    events: Vec<Event>,
    can_manage: bool,
    programmes: Vec<String>,
    form: Fields,
    errors: FormErrors,
}

impl Words for ListPage {
    fn ctx(&self) -> &PageCtx {
        &self.ctx
    }
}

impl ListPage {
    fn field(&self, name: &str) -> String {
        self.form.get(name).cloned().unwrap_or_default()
    }
}

async fn render_list(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    form: Fields,
    errors: FormErrors,
) -> Result<String, AppError> {
    let region = me.region.as_ref().map(|r| r.as_str().to_owned());
    let events = store::events_in(&state.db, region.as_deref().unwrap_or(""), 200)
        .await
        .map_err(super::error::DistributionError::from)?;
    let page = ListPage {
        ctx,
        events,
        can_manage: me.allows(Permission::ManageDistributions, true).is_ok(),
        programmes: ["BENCANA", "SEMBAKO", "PKH", "BLT_DD", "PIP", "KJP_PLUS"]
            .map(str::to_owned)
            .to_vec(),
        form,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn list_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadDistributions)?;
    let mut form = Fields::new();
    form.insert("slot_minutes".into(), "30".into());
    form.insert("slot_capacity".into(), "20".into());
    Ok(Html(
        render_list(&state, &me, ctx, form, FormErrors::default()).await?,
    ))
}

fn number(fields: &Fields, name: &str) -> i64 {
    fields
        .get(name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

async fn schedule(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(fields): CsrfForm<Fields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageDistributions)?;
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let input = NewDistribution {
        programme: get("programme"),
        region: get("region").trim().to_owned(),
        name: get("name"),
        place: get("place"),
        latitude: None,
        longitude: None,
        day: get("day"),
        starts: get("starts"),
        ends: get("ends"),
        slot_minutes: number(&fields, "slot_minutes"),
        slot_capacity: number(&fields, "slot_capacity"),
        goods: get("goods"),
        households: None,
    };
    let now = state.clock.now();
    match service::create(&state.db, &me, &input, request_id.0, now).await {
        Ok(id) => Ok(Redirect::to(&format!("/penyaluran-barang/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_list(&state, &me, ctx, fields, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "distribution.html")]
struct EventPage {
    ctx: PageCtx,
    event: Event,
    /// (slot, its invitations).
    slots: Vec<(String, Vec<Invitation>)>,
    no_shows: Vec<Invitation>,
    can_check_in: bool,
    can_manage: bool,
    checked_in: Option<String>,
    errors: FormErrors,
    stock: super::stock::pages::StockView,
}

impl Words for EventPage {
    fn ctx(&self) -> &PageCtx {
        &self.ctx
    }
}

/// One hand-out's page, with the errors of a form posted from it.
pub(crate) async fn render_event(
    state: &AppState,
    me: &Principal,
    (ctx, id): (PageCtx, i64),
    checked_in: Option<String>,
    errors: FormErrors,
) -> Result<String, AppError> {
    let event = service::event_in_scope(&state.db, me, id).await?;
    let invitations = store::invitations(&state.db, id)
        .await
        .map_err(super::error::DistributionError::from)?;
    let mut slots: Vec<(String, Vec<Invitation>)> = Vec::new();
    for invitation in &invitations {
        match slots.last_mut() {
            Some((slot, list)) if *slot == invitation.slot => list.push(invitation.clone()),
            _ => slots.push((invitation.slot.clone(), vec![invitation.clone()])),
        }
    }
    let stock = super::stock::pages::view(state, me, &event).await?;
    let page = EventPage {
        ctx,
        stock,
        no_shows: invitations
            .into_iter()
            .filter(|i| i.status == super::model::NO_SHOW)
            .collect(),
        can_check_in: me.allows(Permission::CheckInRecipients, true).is_ok()
            && event.status == super::model::SCHEDULED,
        can_manage: me.allows(Permission::ManageDistributions, true).is_ok(),
        event,
        slots,
        checked_in,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn event_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadDistributions)?;
    Ok(Html(
        render_event(&state, &me, (ctx, id), None, FormErrors::default()).await?,
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn check_in(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::CheckInRecipients)?;
    let now = state.clock.now();
    let (status, done, errors) =
        match super::site::check_in(&state.db, &me, id, &form.code, request_id.0, now).await {
            Ok(invitation) => (StatusCode::OK, Some(invitation), FormErrors::default()),
            Err(super::error::DistributionError::NotFound) => return Err(AppError::NotFound),
            Err(err) => {
                let errors = FormErrors::from_error(err.into(), ctx.lang)?;
                (StatusCode::UNPROCESSABLE_ENTITY, None, errors)
            }
        };
    let checked_in = done.map(|i| format!("{} · {}", i.name, i.slot));
    let html = render_event(&state, &me, (ctx, id), checked_in, errors).await?;
    Ok((status, Html(html)).into_response())
}

/// The units counted as left, from the close form's `sisa_{item}` fields.
fn counts(
    form: &HashMap<String, String>,
) -> Result<std::collections::BTreeMap<String, i64>, super::error::DistributionError> {
    let mut counts = std::collections::BTreeMap::new();
    for (name, value) in form {
        let Some(item) = name.strip_prefix("sisa_") else {
            continue;
        };
        let units = value.trim().parse::<i64>().map_err(|_| {
            super::error::DistributionError::invalid(
                "remaining",
                "number",
                "each count must be a whole number",
                "setiap jumlah sisa harus bilangan bulat",
            )
        })?;
        counts.insert(item.to_owned(), units);
    }
    Ok(counts)
}

async fn close(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageDistributions)?;
    let now = state.clock.now();
    let closed = match counts(&form) {
        Ok(counts) => super::site::close(&state.db, &me, id, &counts, request_id.0, now).await,
        Err(err) => Err(err),
    };
    match closed {
        Ok(_) => Ok(Redirect::to(&format!("/penyaluran-barang/{id}")).into_response()),
        Err(super::error::DistributionError::NotFound) => Err(AppError::NotFound),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_event(&state, &me, (ctx, id), None, errors).await?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
    }
}
