//! The public side of objections: the form at `/sanggah` (opened from a recipient in Cek
//! Bansos with `?peserta=ID`), the confirmation with the tracking code, and the status page
//! by tracking code. No login; the resident proves who they are with NIK and birth date.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::http::client::ClientAddress;
use crate::http::upload::{self, FormSender};
use crate::http::{AppError, AppState};
use crate::objections::model::{REASONS, masked_name, reason_label, status_label};
use crate::objections::service::{self, ObjectionInput};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// The photo's largest size.
const PHOTO_BYTES_MAX: usize = 5 * 1024 * 1024;
/// The largest form: the photo at its limit and the text fields (the server's default body
/// limit is far smaller than a phone's photo).
pub const FORM_BYTES_MAX: usize = PHOTO_BYTES_MAX + 256 * 1024;

/// The recipient as the public sees it.
pub struct Recipient {
    pub name: String,
    pub programme: String,
    pub village: String,
}

#[derive(Template)]
#[template(path = "objection_form.html")]
struct FormPage {
    ctx: PageCtx,
    peserta: String,
    recipient: Option<Recipient>,
    reasons: Vec<(String, String)>,
    values: HashMap<String, String>,
    errors: FormErrors,
}

impl FormPage {
    fn value(&self, name: &str) -> &str {
        self.values
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }
}

#[derive(serde::Deserialize, Default)]
pub(super) struct FormQuery {
    peserta: Option<String>,
}

async fn recipient(state: &AppState, peserta: &str) -> Result<Option<Recipient>, AppError> {
    let Ok(id) = peserta.trim().parse::<i64>() else {
        return Ok(None);
    };
    match service::target(&state.db, id).await {
        Ok(t) => Ok(Some(Recipient {
            name: masked_name(t.head.as_deref().unwrap_or_default()),
            programme: t.programme,
            village: t.village_name.unwrap_or(t.village),
        })),
        Err(crate::objections::error::ObjectionError::NotFound) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

async fn render(
    state: &AppState,
    ctx: PageCtx,
    values: HashMap<String, String>,
    errors: FormErrors,
) -> Result<String, AppError> {
    let peserta = values.get("peserta").cloned().unwrap_or_default();
    let lang = ctx.lang;
    let page = FormPage {
        recipient: recipient(state, &peserta).await?,
        peserta,
        reasons: REASONS
            .into_iter()
            .map(|r| (r.to_owned(), reason_label(r, lang)))
            .collect(),
        values,
        errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn form_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<FormQuery>,
) -> Result<Html<String>, AppError> {
    let mut values = HashMap::new();
    values.insert("peserta".to_owned(), query.peserta.unwrap_or_default());
    Ok(Html(
        render(&state, ctx, values, FormErrors::default()).await?,
    ))
}

#[derive(Template)]
#[template(path = "objection_sent.html")]
struct SentPage {
    ctx: PageCtx,
    code: String,
}

pub(super) async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    sender: FormSender,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form = upload::receive_small_form(&sender, multipart, "foto", PHOTO_BYTES_MAX, 1).await?;
    let values: HashMap<String, String> = form.fields.into_iter().collect();
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let input = ObjectionInput {
        enrolment_id: get("peserta").trim().parse().unwrap_or_default(),
        reason: get("reason"),
        description: get("description"),
        nik: get("nik"),
        birth_date: get("birth_date"),
        photo: form.files.into_iter().next().map(|(_, bytes)| bytes),
        latitude: get("latitude"),
        longitude: get("longitude"),
    };
    let key = client.key();
    match service::submit(&state.db, &input, key.as_deref(), state.clock.now()).await {
        Ok(code) => {
            let html = SentPage { ctx, code }
                .render()
                .map_err(anyhow::Error::from)?;
            Ok(Html(html).into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render(&state, ctx, values, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "objection_status.html")]
struct StatusPage {
    ctx: PageCtx,
    code: String,
    found: Option<crate::objections::model::ObjectionStatus>,
    status: String,
    searched: bool,
}

#[derive(serde::Deserialize, Default)]
pub(super) struct StatusQuery {
    kode: Option<String>,
}

pub(super) async fn status_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<StatusQuery>,
) -> Result<Response, AppError> {
    let code = query.kode.unwrap_or_default();
    let searched = !code.trim().is_empty();
    let found = if searched {
        service::status(&state.db, &code).await.ok()
    } else {
        None
    };
    let status = found
        .as_ref()
        .map(|f| status_label(&f.status, ctx.lang))
        .unwrap_or_default();
    let missing = searched && found.is_none();
    let html = StatusPage {
        ctx,
        code,
        found,
        status,
        searched,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    let code = if missing {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok((code, Html(html)).into_response())
}
