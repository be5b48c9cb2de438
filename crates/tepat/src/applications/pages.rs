//! The public pages of self-registration: the form (no login, no JavaScript, a fixed set
//! of member rows with a button for more), the confirmation with the tracking number, and
//! the status check with the tracking number and the head's birth date.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing;

use super::model::{Application, ApplicationInput, Document, PublicStatus};
use super::rules::{self, Status};
use super::service;
use crate::changes::store::{EVIDENCE_BYTES_MAX, EVIDENCE_FILES_MAX, EVIDENCE_LIMIT_TEXT};
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, upload};
use crate::registry::rules::PersonInput;
use crate::web::layout::PageCtx;

/// Documents per application and the size of each: the same limits as change-request
/// evidence, since they are the same kind of file (a photo of a KK, a letter).
pub const DOCUMENT_FILES_MAX: usize = EVIDENCE_FILES_MAX;
pub const DOCUMENT_BYTES_MAX: usize = EVIDENCE_BYTES_MAX;

/// The member fields of the form, with their text keys.
pub const MEMBER_FIELDS: [(&str, &str); 6] = [
    ("nik", "change.nik"),
    ("name", "registry.name"),
    ("birth_place", "change.birth_place"),
    ("birth_date", "registry.birth_date"),
    ("sex", "change.sex"),
    ("relationship", "change.relationship"),
];

pub fn routes() -> RouteBook {
    let limit = DOCUMENT_FILES_MAX * DOCUMENT_BYTES_MAX + 256 * 1024;
    RouteBook::new()
        .get("/daftar", form_page)
        .route(
            Method::POST,
            "/daftar",
            routing::post(submit_form).layer(DefaultBodyLimit::max(limit)),
        )
        .get("/daftar/terkirim/{form}", sent_page)
        .get("/daftar/status", status_page)
        .post("/daftar/status", status_check)
}

#[derive(Template)]
#[template(path = "applications_form.html")]
struct FormPage {
    ctx: PageCtx,
    form_id: String,
    rows: usize,
    values: HashMap<String, String>,
    errors: Vec<(String, String)>,
    files: usize,
    limit: &'static str,
}

impl FormPage {
    fn value(&self, name: &str) -> &str {
        self.values
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }

    fn error(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, m)| m.as_str())
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

    fn household_fields(&self) -> [(&'static str, &'static str, &'static str); 6] {
        [
            ("kk", "application.kk", "application.kk_hint"),
            (
                "village_code",
                "application.village",
                "application.village_hint",
            ),
            ("address", "registry.address", ""),
            ("rt", "change.rt", ""),
            ("rw", "change.rw", ""),
            ("phone", "change.phone", "application.phone_hint"),
        ]
    }
}

#[derive(serde::Deserialize, Default)]
struct FormQuery {
    /// A village code to fill in, so a village office can share a link for its village.
    desa: Option<String>,
}

async fn form_page(ctx: PageCtx, Query(query): Query<FormQuery>) -> Result<Html<String>, AppError> {
    let mut values = HashMap::new();
    if let Some(code) = query.desa {
        values.insert("village_code".to_owned(), code.chars().take(20).collect());
    }
    render_form(ctx, rules::FORM_ROWS_START, values, Vec::new())
}

fn render_form(
    ctx: PageCtx,
    rows: usize,
    values: HashMap<String, String>,
    errors: Vec<(String, String)>,
) -> Result<Html<String>, AppError> {
    let html = FormPage {
        ctx,
        form_id: crate::http::token::random_token(),
        rows,
        values,
        errors,
        files: DOCUMENT_FILES_MAX,
        limit: EVIDENCE_LIMIT_TEXT,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// Reads the form's rows into an application: blank member rows are left out, and the
/// row each listed member came from is kept so errors land beside the right row.
pub fn read_form(values: &HashMap<String, String>, rows: usize) -> (ApplicationInput, Vec<usize>) {
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let mut members = Vec::new();
    let mut row_of = Vec::new();
    for row in 0..rows {
        let cell = |field: &str| get(&format!("members[{row}].{field}"));
        if MEMBER_FIELDS
            .iter()
            .all(|(field, _)| cell(field).trim().is_empty())
        {
            continue;
        }
        members.push(PersonInput {
            nik: cell("nik"),
            name: cell("name"),
            birth_place: cell("birth_place"),
            birth_date: cell("birth_date"),
            sex: cell("sex"),
            relationship: cell("relationship"),
            ..PersonInput::default()
        });
        row_of.push(row);
    }
    let input = ApplicationInput {
        kk: get("kk"),
        village_code: get("village_code"),
        address: get("address"),
        rt: get("rt"),
        rw: get("rw"),
        phone: get("phone"),
        members,
        statement: get("statement"),
    };
    (input, row_of)
}

/// An error's field as the form names it: `members[1].nik` of the second listed member
/// becomes the field of the row it was typed in; a missing head is shown on the first row.
pub fn form_field(field: &str, row_of: &[usize]) -> String {
    let Some(rest) = field.strip_prefix("members[") else {
        return field.to_owned();
    };
    match rest.split_once(']') {
        Some((index, tail)) => {
            let row = index
                .parse::<usize>()
                .ok()
                .and_then(|i| row_of.get(i).copied())
                .unwrap_or(0);
            format!("members[{row}]{tail}")
        }
        None => field.to_owned(),
    }
}

async fn submit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    request_id: RequestId,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form = upload::receive_small_form(
        &headers,
        multipart,
        "dokumen",
        DOCUMENT_BYTES_MAX,
        DOCUMENT_FILES_MAX,
    )
    .await?;
    let documents: Vec<Document> = form
        .files
        .into_iter()
        .map(|(file_name, content)| Document { file_name, content })
        .collect();
    let values: HashMap<String, String> = form.fields.into_iter().collect();
    let rows_sent = values
        .get("baris")
        .and_then(|r| r.trim().parse().ok())
        .unwrap_or(rules::FORM_ROWS_START);
    let add = values.get("aksi").map(String::as_str) == Some("tambah");
    let rows = rules::form_rows(rows_sent, add);
    if add {
        return Ok(render_form(ctx, rows, values, Vec::new())?.into_response());
    }
    let form_id = values.get("formulir").cloned().unwrap_or_default();
    if !rules::is_form_id(&form_id) {
        return Err(AppError::Csrf);
    }
    let (input, row_of) = read_form(&values, rows);
    let now = state.clock.now();
    let sent = service::submit(
        &state.db,
        &input,
        &documents,
        Some(&form_id),
        request_id.0,
        now,
    );
    match sent.await {
        Ok(_) => Ok(Redirect::to(&format!("/daftar/terkirim/{form_id}")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let errors = fields
                .iter()
                .map(|f| {
                    (
                        form_field(&f.field, &row_of),
                        f.message_in(ctx.lang).to_owned(),
                    )
                })
                .collect();
            let page = render_form(ctx, rows, values, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other),
    }
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

#[derive(Template)]
#[template(path = "applications_status.html")]
struct StatusPage {
    ctx: PageCtx,
    tracking_number: String,
    birth_date: String,
    found: Option<PublicStatus>,
    message: Option<String>,
}

impl StatusPage {
    fn when(&self, stored: &str) -> String {
        crate::web::time::show_time(stored)
    }

    fn status_key(&self, code: &str) -> &'static str {
        Status::parse(code).unwrap_or(Status::Submitted).text_key()
    }
}

#[derive(serde::Deserialize, Default)]
struct StatusQuery {
    nomor: Option<String>,
}

async fn status_page(
    ctx: PageCtx,
    Query(query): Query<StatusQuery>,
) -> Result<Html<String>, AppError> {
    let html = StatusPage {
        ctx,
        tracking_number: query.nomor.unwrap_or_default().chars().take(20).collect(),
        birth_date: String::new(),
        found: None,
        message: None,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(serde::Deserialize)]
struct StatusForm {
    #[serde(default)]
    nomor: String,
    #[serde(default)]
    tanggal_lahir: String,
}

async fn status_check(
    State(state): State<AppState>,
    ctx: PageCtx,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let (status, found, message) =
        match service::status(&state.db, &form.nomor, &form.tanggal_lahir).await {
            Ok(found) => (StatusCode::OK, Some(found), None),
            Err(AppError::NotFound) => (
                StatusCode::NOT_FOUND,
                None,
                Some(ctx.tr.t("application.status_not_found").to_owned()),
            ),
            Err(AppError::Invalid(fields)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                fields.first().map(|f| f.message_in(ctx.lang).to_owned()),
            ),
            Err(other) => return Err(other),
        };
    let html = StatusPage {
        ctx,
        tracking_number: form.nomor.chars().take(20).collect(),
        birth_date: form.tanggal_lahir.chars().take(20).collect(),
        found,
        message,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_rows_are_left_out_and_errors_find_their_row() {
        let mut values = HashMap::new();
        values.insert("members[1].nik".to_owned(), "3175072105870001".to_owned());
        values.insert("members[1].relationship".to_owned(), "kepala".to_owned());
        values.insert("members[4].name".to_owned(), "Rizki".to_owned());
        values.insert("members[2].name".to_owned(), "   ".to_owned());
        let (input, row_of) = read_form(&values, 6);
        assert_eq!(input.members.len(), 2);
        assert_eq!(row_of, vec![1, 4]);
        assert_eq!(form_field("members[1].nik", &row_of), "members[4].nik");
        assert_eq!(
            form_field("members[0].relationship", &row_of),
            "members[1].relationship"
        );
        assert_eq!(form_field("kk", &row_of), "kk");
        assert_eq!(form_field("members", &row_of), "members");
    }
}
