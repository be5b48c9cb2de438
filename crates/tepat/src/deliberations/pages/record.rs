//! The village operator's forms: announcing a deliberation (`/musyawarah/baru`) and, once
//! it is held, recording it on its page (`POST /musyawarah/{id}/tetapkan`): chair,
//! attendance row by row, and a decision with its reasoning on every agenda item.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::{ATTENDEE_ROWS, render_minutes};
use crate::auth::{Permission, Principal, Role, SignedIn};
use crate::deliberations::model::Attendee;
use crate::deliberations::service::{self, ItemDecision, Minutes};
use crate::http::csrf::CsrfForm;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

fn operator(me: &Principal) -> Result<(), AppError> {
    me.require(Permission::DecideProposals)?;
    if me.role != Role::VillageOperator {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

#[derive(Template)]
#[template(path = "deliberation_new.html")]
struct NewPage {
    ctx: PageCtx,
    village: String,
    held_on: String,
    place: String,
    errors: FormErrors,
}

pub(super) async fn new_page(
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    operator(&me)?;
    let page = NewPage {
        village: me
            .region
            .as_ref()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        held_on: String::new(),
        place: String::new(),
        errors: FormErrors::default(),
        ctx,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

#[derive(serde::Deserialize)]
pub(super) struct AnnounceForm {
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    place: String,
}

pub(super) async fn announce(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    CsrfForm(form): CsrfForm<AnnounceForm>,
) -> Result<Response, AppError> {
    operator(&me)?;
    let village = me
        .region
        .as_ref()
        .map(|r| r.as_str().to_owned())
        .unwrap_or_default();
    let now = state.clock.now();
    match service::schedule(&state.db, &me, &village, &form.held_on, &form.place, now).await {
        Ok(d) => Ok(Redirect::to(&format!("/musyawarah/{}", d.id)).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let page = NewPage {
                village,
                held_on: form.held_on,
                place: form.place,
                errors,
                ctx,
            };
            let html = page.render().map_err(anyhow::Error::from)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

/// The minutes as the form sent them: filled attendee rows, the recorder when ticked, and
/// a decision for every `keputusan_{kind}_{id}` field.
fn minutes_of(me: &Principal, values: &HashMap<String, String>) -> Minutes {
    let get = |name: &str| values.get(name).map(String::as_str).unwrap_or_default();
    let mut attendees: Vec<Attendee> = (0..ATTENDEE_ROWS)
        .filter(|i| !get(&format!("nama_{i}")).trim().is_empty())
        .map(|i| Attendee {
            name: get(&format!("nama_{i}")).to_owned(),
            role: get(&format!("peran_{i}")).to_owned(),
            household_id: get(&format!("keluarga_{i}")).parse().ok(),
            account_id: None,
        })
        .collect();
    if get("hadir_saya") == "1" {
        attendees.push(Attendee {
            name: me.name.clone(),
            role: "village_operator".into(),
            household_id: None,
            account_id: me.actor.id,
        });
    }
    let mut decisions: Vec<ItemDecision> = values
        .iter()
        .filter_map(|(name, decision)| {
            let (kind, id) = name.strip_prefix("keputusan_")?.rsplit_once('_')?;
            Some(ItemDecision {
                kind: kind.to_owned(),
                id: id.parse().ok()?,
                decision: decision.clone(),
                reasoning: get(&format!("alasan_{kind}_{id}")).to_owned(),
            })
        })
        .collect();
    decisions.sort_by_key(|d| (d.kind.clone(), d.id));
    Minutes {
        chair: get("chair").to_owned(),
        attendees,
        decisions,
    }
}

pub(super) async fn finalise(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    headers: HeaderMap,
    Path(id): Path<i64>,
    CsrfForm(values): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let minutes = minutes_of(&me, &values);
    let now = state.clock.now();
    match service::finalise(&state.db, &me, id, &minutes, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/musyawarah/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let typed = Some((values, errors));
            let html = render_minutes(&state, Some(&me), ctx, &headers, id, typed).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
