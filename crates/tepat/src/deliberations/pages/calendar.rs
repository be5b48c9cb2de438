//! The monthly calendar on a village's deliberation page: everyone reads the standing day
//! and place and when the next meeting is announced; the village's operator sets them
//! (`POST /musyawarah/jadwal`, no JavaScript; a refusal keeps what was typed).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::VillagePage;
use crate::auth::{Principal, Role, SignedIn};
use crate::deliberations::calendar::{self, Calendar};
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, AppState};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// The calendar's part of the village page.
pub(super) struct CalendarPart {
    pub calendar: Option<Calendar>,
    /// The form, for the village's own operator: the day and place typed (or set), and the
    /// errors of a refused try.
    pub form: Option<(String, String, FormErrors)>,
    /// The days a month always has, for the form's choice.
    pub days: Vec<i64>,
}

/// Whether `me` operates `village`.
fn operates(me: Option<&Principal>, village: &str) -> bool {
    me.is_some_and(|me| {
        me.role == Role::VillageOperator
            && me.region.as_ref().is_some_and(|r| r.as_str() == village)
    })
}

/// The part for `village` as `me` sees it; `typed` is a refused try.
pub(super) async fn part(
    state: &AppState,
    me: Option<&Principal>,
    village: &str,
    typed: Option<(String, String, FormErrors)>,
) -> Result<CalendarPart, AppError> {
    let calendar = if village.trim().is_empty() {
        None
    } else {
        calendar::find(&state.db, village.trim(), state.clock.now()).await?
    };
    let form = operates(me, village.trim()).then(|| {
        typed.unwrap_or_else(|| {
            let (day, place) = calendar
                .as_ref()
                .map(|c| (c.day.to_string(), c.place.clone()))
                .unwrap_or_default();
            (day, place, FormErrors::default())
        })
    });
    Ok(CalendarPart {
        calendar,
        form,
        days: (1..=calendar::DAY_MAX).collect(),
    })
}

#[derive(serde::Deserialize)]
pub(super) struct CalendarForm {
    #[serde(default)]
    desa: String,
    #[serde(default)]
    hari: String,
    #[serde(default)]
    tempat: String,
}

/// `POST /musyawarah/jadwal`: sets the village's calendar and goes back to its page.
pub(super) async fn set(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    CsrfForm(form): CsrfForm<CalendarForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let village = form.desa.trim().to_owned();
    match calendar::set(&state.db, &me, &village, &form.hari, &form.tempat, now).await {
        Ok(set) => {
            Ok(Redirect::to(&format!("/musyawarah?desa={}#jadwal", set.village)).into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let typed = (form.hari, form.tempat, errors);
            let page = VillagePage::open(&state, Some(&me), ctx, village, Some(typed)).await?;
            let html = page.render().map_err(anyhow::Error::from)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
