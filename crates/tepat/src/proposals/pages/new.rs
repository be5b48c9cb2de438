//! The form that proposes a household for a programme, or its removal, from the
//! household's page, with up to three evidence files (a photo of the house, a letter).

use askama::Template;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::auth::{Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::upload::{self, FormSender};
use crate::http::{AppError, AppState, RequestId};
use crate::proposals::evidence::{BYTES_MAX, EvidenceFile, FILES_MAX};
use crate::proposals::model::{Kind, REMOVAL_REASONS, reason_label};
use crate::proposals::service::{self, ProposalInput};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

#[derive(Template)]
#[template(path = "proposal_new.html")]
struct NewPage {
    ctx: PageCtx,
    household: i64,
    kinds: Vec<(String, String)>,
    programmes: Vec<(String, String)>,
    reasons: Vec<(String, String)>,
    form: ProposalForm,
    errors: FormErrors,
}

#[derive(serde::Deserialize, Default, Clone)]
pub(super) struct ProposalForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    programme: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

async fn render(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    household: i64,
    form: ProposalForm,
    errors: FormErrors,
) -> Result<String, AppError> {
    me.require(Permission::MakeProposals)?;
    // The household must be one the proposer may see.
    crate::registry::service::household(&state.db, me, household).await?;
    let lang = ctx.lang;
    let programmes = crate::programmes::service::list(&state.db)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.code.clone(),
                format!("{} ({})", lang.pick(&p.name, &p.name_en), p.code),
            )
        })
        .collect();
    let page = NewPage {
        household,
        kinds: Kind::ALL
            .into_iter()
            .map(|k| (k.as_str().to_owned(), k.label(lang)))
            .collect(),
        programmes,
        reasons: REMOVAL_REASONS
            .into_iter()
            .map(|r| (r.to_owned(), reason_label(r, lang)))
            .collect(),
        form,
        errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn form_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let form = ProposalForm {
        kind: "enrol".into(),
        ..Default::default()
    };
    let html = render(&state, &me, ctx, id, form, FormErrors::default()).await?;
    Ok(Html(html))
}

/// The largest form: every evidence file at its limit and the text fields.
pub(super) const FORM_BYTES_MAX: usize = FILES_MAX * BYTES_MAX + 256 * 1024;

/// The form as sent: URL-encoded without files, or multipart with its evidence (`bukti`).
async fn read(
    state: &AppState,
    request: Request,
) -> Result<(ProposalForm, Vec<EvidenceFile>), AppError> {
    let multipart = (request.headers().get(header::CONTENT_TYPE))
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let CsrfForm(form) = CsrfForm::<ProposalForm>::from_request(request, state).await?;
        return Ok((form, Vec::new()));
    }
    let (mut parts, body) = request.into_parts();
    let sender = FormSender::from_request_parts(&mut parts, state).await?;
    let multipart = Multipart::from_request(Request::from_parts(parts, body), state)
        .await
        .map_err(|_| AppError::UnsupportedMediaType("multipart/form-data"))?;
    let sent =
        upload::receive_small_form(&sender, multipart, "bukti", BYTES_MAX, FILES_MAX).await?;
    let mut form = ProposalForm::default();
    for (name, value) in sent.fields {
        match name.as_str() {
            "kind" => form.kind = value,
            "programme" => form.programme = value,
            "reason" => form.reason = value,
            "note" => form.note = value,
            _ => {}
        }
    }
    let files = (sent.files.into_iter())
        .map(|(file_name, content)| EvidenceFile { file_name, content })
        .collect();
    Ok((form, files))
}

pub(super) async fn submit(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Response, AppError> {
    let (form, files) = read(&state, request).await?;
    let now = state.clock.now();
    let input = ProposalInput {
        kind: form.kind.clone(),
        household_id: id,
        programme: form.programme.clone(),
        reason: form.reason.clone(),
        note: form.note.clone(),
    };
    let proposed =
        service::propose_with_evidence(&state.db, &me, &input, &files, request_id.0, now).await;
    match proposed {
        Ok(p) => Ok(Redirect::to(&format!("/usulan-bansos/{}", p.id)).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render(&state, &me, ctx, id, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
