//! Correcting a returned request and sending it again: the proposer's village opens the
//! request, reads the district's note, finds the form it proposed with filled in with what
//! it proposed, corrects it and sends it back to the district's queue.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::error::ChangeError;
use super::super::evidence::{EVIDENCE_BYTES_MAX, EVIDENCE_FILES_MAX};
use super::super::model::{ChangeRequest, ChangeRequestId, ChangeStatus, Proposal};
use super::super::service::{self, Correction};
use super::propose::{FormState, ProposePage, person_fields, proposal_from, read_form};
use crate::auth::{Permission, Principal, SignedIn};
use crate::http::{AppError, AppState, RequestId, upload};
use crate::region_code::RegionCode;
use crate::web::layout::PageCtx;

/// Whether `me` may correct and resend `request`: it is returned, and `me` is a village
/// operator of its village.
pub(super) fn can_resend(me: &Principal, request: &ChangeRequest) -> bool {
    request.status == ChangeStatus::Returned
        && RegionCode::parse(&request.region_code)
            .is_ok_and(|region| me.require_in(Permission::ProposeChange, &region).is_ok())
}

/// The form's values as the request proposed them, so a correction changes only what the
/// district asked for.
fn values_of(request: &ChangeRequest) -> FormState {
    let mut form = FormState {
        kind: Some(request.kind),
        ..FormState::default()
    };
    let mut put = |name: &str, value: String| {
        form.values.insert(name.to_owned(), value);
    };
    put("alasan", request.reason.clone());
    match &request.proposal {
        Proposal::KoreksiKeluarga {
            address,
            rt,
            rw,
            phone,
        } => {
            for (name, value) in [
                ("address", address),
                ("rt", rt),
                ("rw", rw),
                ("phone", phone),
            ] {
                put(name, value.clone());
            }
        }
        Proposal::KoreksiAnggota { person_id, person } => {
            put("person_id", person_id.0.to_string());
            for (name, value) in person_fields(person) {
                put(name, value);
            }
        }
        Proposal::TambahAnggota { person } => {
            for (name, value) in person_fields(person) {
                put(name, value);
            }
        }
        Proposal::Kematian { person_id, date } | Proposal::Pindah { person_id, date } => {
            put("person_id", person_id.0.to_string());
            put("date", date.clone());
        }
        Proposal::PecahKk {
            new_kk,
            members,
            head,
        } => {
            put("new_kk", new_kk.clone());
            put("head", head.0.to_string());
            form.chosen = members.clone();
        }
        Proposal::GabungKk { other_kk } => put("other_kk", other_kk.clone()),
        Proposal::GantiKk { new_kk } => put("new_kk", new_kk.clone()),
        Proposal::TutupKk => {}
    }
    form
}

/// The returned request, when `me` may correct it; any other state is refused plainly.
async fn returned(
    state: &AppState,
    me: &Principal,
    id: ChangeRequestId,
) -> Result<ChangeRequest, AppError> {
    me.require(Permission::ProposeChange)?;
    let request = service::find(&state.db, me, id).await?;
    if !can_resend(me, &request) {
        let refusal = if request.status == ChangeStatus::Returned {
            ChangeError::Forbidden
        } else {
            super::super::rules::not_returned()
        };
        return Err(refusal.into());
    }
    Ok(request)
}

async fn render(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    request: ChangeRequest,
    form: FormState,
) -> Result<Html<String>, AppError> {
    let (household, members) = service::proposal_form(&state.db, me, request.household_id).await?;
    ProposePage::new(ctx, household, members, form)
        .correcting(request)
        .render_html()
}

pub(super) async fn correct_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let request = returned(&state, &me, ChangeRequestId(id)).await?;
    let form = values_of(&request);
    render(&state, &me, ctx, request, form).await
}

pub(super) async fn correct_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    sender: upload::FormSender,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (files_max, bytes_max) = (EVIDENCE_FILES_MAX, EVIDENCE_BYTES_MAX);
    let received =
        upload::receive_small_form(&sender, multipart, "bukti", bytes_max, files_max).await?;
    let (mut form, evidence) = read_form(received);
    let request = returned(&state, &me, ChangeRequestId(id)).await?;
    // The kind is the request's: a correction does not change what is asked for.
    form.kind = Some(request.kind);
    let sent = match proposal_from(form.kind, &form.values, &form.chosen) {
        Ok(proposal) => {
            let correction = Correction {
                proposal: &proposal,
                reason: form.values.get("alasan").map_or("", String::as_str),
                evidence: &evidence,
            };
            let now = state.clock.now();
            service::resend(&state.db, &me, request.id, correction, request_id.0, now).await
        }
        Err(err) => Err(err),
    };
    match sent {
        Ok(sent) => Ok(Redirect::to(&format!("/usulan/{}", sent.id)).into_response()),
        Err(err @ (ChangeError::Invalid(_) | ChangeError::Conflict(_))) => {
            form.refused(&err, ctx.lang);
            let page = render(&state, &me, ctx, request, form).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(err) => Err(err.into()),
    }
}
