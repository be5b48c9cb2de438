//! The public self-registration form (no login, no JavaScript, a fixed set of member rows
//! with a button for more; documents already uploaded stay attached when the form comes
//! back with a mistake) and the confirmation with the tracking number.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{Extensions, Method, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing;

use super::attachments;
use super::error::ApplicationError;
use super::form::{MEMBER_FIELDS, form_field, read_form};
use super::model::{Application, Document};
use super::rules;
use super::service::{self, Sender};
use super::store::form_files::KeptFile;
use crate::changes::store::{EVIDENCE_BYTES_MAX, EVIDENCE_FILES_MAX, EVIDENCE_LIMIT_TEXT};
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::routes::RouteBook;
use crate::http::{AppError, upload};
use crate::regions::Region;
use crate::regions::picker::{self, Picker};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// Documents per application and the size of each: the same limits as change-request
/// evidence, since they are the same kind of file (a photo of a KK, a letter).
pub const DOCUMENT_FILES_MAX: usize = EVIDENCE_FILES_MAX;
pub const DOCUMENT_BYTES_MAX: usize = EVIDENCE_BYTES_MAX;
/// Room in a form's body for its text fields, beside the documents.
const FORM_FIELDS_BYTES_MAX: usize = 256 * 1024;
/// Characters of a village code taken from a shared link.
const VILLAGE_CODE_CHARS_MAX: usize = 20;

pub fn routes() -> RouteBook {
    let limit = DOCUMENT_FILES_MAX * DOCUMENT_BYTES_MAX + FORM_FIELDS_BYTES_MAX;
    RouteBook::new()
        .get("/daftar", form_page)
        .route(
            Method::POST,
            "/daftar",
            routing::post(submit_form).layer(DefaultBodyLimit::max(limit)),
        )
        .get("/daftar/terkirim/{form}", sent_page)
}

#[derive(Template)]
#[template(path = "applications_form.html")]
struct FormPage {
    ctx: PageCtx,
    form_id: String,
    rows: usize,
    values: HashMap<String, String>,
    errors: FormErrors,
    /// Documents kept with this form from an earlier try.
    kept: Vec<KeptFile>,
    files: usize,
    limit: &'static str,
    /// The chosen village with the places above it, when `village_code` names one.
    village: Option<Vec<Region>>,
}

impl FormPage {
    /// What a kept document's line says, so the family knows not to upload it again.
    fn kept_note(&self) -> String {
        self.ctx.lang.pick(
            "sudah terlampir, tidak perlu diunggah lagi",
            "already attached; no need to upload it again",
        )
    }

    fn kept_size(&self, bytes: &i64) -> String {
        crate::http::upload::human_size(u64::try_from(*bytes).unwrap_or_default())
    }

    fn value(&self, name: &str) -> &str {
        self.values
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }

    fn error(&self, name: &str) -> Option<&str> {
        self.errors.get(name)
    }

    fn selected(&self, name: &str, code: &str) -> bool {
        self.value(name) == code
    }

    fn member(&self, row: &usize, field: &str) -> String {
        format!("members[{row}].{field}")
    }

    fn member_fields(&self) -> [(&'static str, &'static str); 6] {
        MEMBER_FIELDS
    }

    /// The chosen village as people read it, with the link that chooses another.
    fn village_line(&self) -> Option<(String, String)> {
        let lineage = self.village.as_ref()?;
        let district = lineage.iter().rev().nth(1)?;
        Some((
            picker::full_name(lineage),
            format!("/daftar?wilayah={}", district.code.as_str()),
        ))
    }

    fn household_fields(&self) -> [(&'static str, &'static str, &'static str); 5] {
        [
            ("kk", "application.kk", "application.kk_hint"),
            ("address", "registry.address", ""),
            ("rt", "change.rt", ""),
            ("rw", "change.rw", ""),
            ("phone", "change.phone", "application.phone_hint"),
        ]
    }
}

#[derive(serde::Deserialize, Default)]
struct FormQuery {
    /// The chosen village (a village office can also share a link for its village).
    desa: Option<String>,
    /// The region whose children are offered while choosing the village.
    wilayah: Option<String>,
    /// A village name to search while choosing.
    cari: Option<String>,
}

#[derive(Template)]
#[template(path = "applications_village.html")]
struct VillagePage {
    ctx: PageCtx,
    picker: Picker,
    /// The village code of a shared link that names no village in force.
    unknown: Option<String>,
}

/// First the village, chosen from lists or by name; then the form for that village.
async fn form_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<FormQuery>,
) -> Result<Response, AppError> {
    let chosen: Option<String> = query
        .desa
        .as_deref()
        .map(|code| code.trim().chars().take(VILLAGE_CODE_CHARS_MAX).collect());
    if let Some(code) = &chosen
        && picker::village(&state.db, code).await?.is_some()
    {
        let values = HashMap::from([("village_code".to_owned(), code.clone())]);
        let form = FormState {
            form_id: crate::http::token::random_token(),
            rows: rules::FORM_ROWS_START,
            values,
        };
        let page = render_form(&state, ctx, form, Vec::new(), FormErrors::default()).await?;
        return Ok(page.into_response());
    }
    let at = query.wilayah.as_deref().or(chosen.as_deref());
    let picker = Picker::open(&state.db, "/daftar", at, query.cari.as_deref(), ctx.lang).await?;
    let html = VillagePage {
        ctx,
        picker,
        unknown: chosen,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html).into_response())
}

/// What the family typed, to be shown again: the form's one-time id, its rows and values.
struct FormState {
    form_id: String,
    rows: usize,
    values: HashMap<String, String>,
}

async fn render_form(
    state: &AppState,
    ctx: PageCtx,
    form: FormState,
    kept: Vec<KeptFile>,
    errors: FormErrors,
) -> Result<Html<String>, AppError> {
    let code = form.values.get("village_code").map(String::as_str);
    let village = match code {
        Some(code) => picker::village(&state.db, code).await?,
        None => None,
    };
    let html = FormPage {
        village,
        ctx,
        form_id: form.form_id,
        rows: form.rows,
        values: form.values,
        errors,
        kept,
        files: DOCUMENT_FILES_MAX,
        limit: EVIDENCE_LIMIT_TEXT,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// The form as sent: its fields and files, the rows it showed, and whether the family
/// asked for more rows rather than sending it.
struct Sent {
    form: FormState,
    documents: Vec<Document>,
    add_rows: bool,
}

async fn receive(sender: &upload::FormSender, multipart: Multipart) -> Result<Sent, AppError> {
    let form = upload::receive_small_form(
        sender,
        multipart,
        "dokumen",
        DOCUMENT_BYTES_MAX,
        DOCUMENT_FILES_MAX,
    )
    .await?;
    let documents = form
        .files
        .into_iter()
        .map(|(file_name, content)| Document { file_name, content })
        .collect();
    let values: HashMap<String, String> = form.fields.into_iter().collect();
    let rows_sent = values
        .get("baris")
        .and_then(|r| r.trim().parse().ok())
        .unwrap_or(rules::FORM_ROWS_START);
    let add_rows = values.get("aksi").map(String::as_str) == Some("tambah");
    let form_id = values.get("formulir").cloned().unwrap_or_default();
    let form = FormState {
        form_id,
        rows: rules::form_rows(rows_sent, add_rows),
        values,
    };
    Ok(Sent {
        form,
        documents,
        add_rows,
    })
}

/// Keeps the documents just uploaded with a form whose id is well formed, and reads back
/// every document kept with it. Documents that fail their checks are passed on with the
/// kept ones, so the submission names them together with every other mistake.
async fn attach(
    state: &AppState,
    form_id: &str,
    client: Option<std::net::IpAddr>,
    uploaded: Vec<Document>,
) -> Result<Vec<Document>, AppError> {
    let now = state.clock.now();
    match attachments::keep(&state.db, form_id, client, &uploaded, now).await {
        Ok(()) => Ok(attachments::documents(&state.db, form_id).await?),
        Err(ApplicationError::Invalid(_)) => {
            let mut documents = attachments::documents(&state.db, form_id).await?;
            documents.extend(uploaded);
            Ok(documents)
        }
        Err(other) => Err(other.into()),
    }
}

/// The form shown again with what was typed, the documents kept with it and the errors.
async fn render_again(
    state: &AppState,
    ctx: PageCtx,
    form: FormState,
    errors: FormErrors,
) -> Result<Html<String>, AppError> {
    let kept = attachments::kept(&state.db, &form.form_id).await?;
    render_form(state, ctx, form, kept, errors).await
}

async fn submit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    request_id: RequestId,
    extensions: Extensions,
    sender: upload::FormSender,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let sent = receive(&sender, multipart).await?;
    let mut form = sent.form;
    let client = client_address(&extensions);
    if !rules::is_form_id(&form.form_id) {
        if sent.add_rows {
            form.form_id = crate::http::token::random_token();
            let page = render_form(&state, ctx, form, Vec::new(), FormErrors::default()).await?;
            return Ok(page.into_response());
        }
        return Err(AppError::Csrf);
    }
    let documents = attach(&state, &form.form_id, client, sent.documents).await?;
    if sent.add_rows {
        return Ok(render_again(&state, ctx, form, FormErrors::default())
            .await?
            .into_response());
    }
    let (input, row_of) = read_form(&form.values, form.rows);
    let sender = Sender {
        form_id: Some(&form.form_id),
        client_address: client,
        request_id: request_id.0,
    };
    let done = service::submit(&state.db, &input, &documents, &sender, state.clock.now());
    match done.await {
        Ok(_) => Ok(Redirect::to(&format!("/daftar/terkirim/{}", form.form_id)).into_response()),
        Err(err) => {
            let err = AppError::from(err.rename_fields(|f| form_field(f, &row_of)));
            let errors = FormErrors::from_error(err, ctx.lang)?;
            let page = render_again(&state, ctx, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// The peer address of the connection, when the server was started with it (router tests
/// without a socket have none, and are then counted only per village).
pub fn client_address(extensions: &Extensions) -> Option<std::net::IpAddr> {
    extensions
        .get::<crate::http::client::ClientAddress>()
        .and_then(|client| client.0)
}

#[derive(Template)]
#[template(path = "applications_sent.html")]
struct SentPage {
    ctx: PageCtx,
    application: Application,
}

async fn sent_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(form): Path<String>,
) -> Result<Html<String>, AppError> {
    let application = service::confirmation(&state.db, &form, state.clock.now()).await?;
    let html = SentPage { ctx, application }
        .render()
        .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}
