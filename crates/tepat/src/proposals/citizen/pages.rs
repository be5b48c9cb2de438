//! The public side of citizen proposals: the form at `/usul` (works without JavaScript;
//! what was typed comes back with the errors), the confirmation with the tracking code,
//! and the status page by tracking code. No login; the resident proves who they are with
//! NIK and birth date.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::CitizenInput;
use crate::http::client::ClientAddress;
use crate::http::routes::RouteBook;
use crate::http::upload::{self, FormSender};
use crate::http::{AppError, AppState};
use crate::proposals::evidence::{BYTES_MAX, EvidenceFile, FILES_MAX};
use crate::proposals::model::{Kind, Level, REMOVAL_REASONS, reason_label, status_label};
use crate::proposals::store::CitizenStatus;
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// The largest form: every evidence file at its limit and the text fields (the server's
/// default body limit is far smaller than a phone's photo).
const FORM_BYTES_MAX: usize = FILES_MAX * BYTES_MAX + 256 * 1024;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/usul", form_page)
        .route(
            axum::http::Method::POST,
            "/usul",
            axum::routing::post(submit).layer(axum::extract::DefaultBodyLimit::max(FORM_BYTES_MAX)),
        )
        .get("/usul/status", status_page)
}

#[derive(Template)]
#[template(path = "usul_form.html")]
struct FormPage {
    ctx: PageCtx,
    kinds: Vec<(String, String)>,
    programmes: Vec<(String, String)>,
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

async fn render(
    state: &AppState,
    ctx: PageCtx,
    values: HashMap<String, String>,
    errors: FormErrors,
) -> Result<String, AppError> {
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
    let page = FormPage {
        kinds: Kind::ALL
            .into_iter()
            .map(|k| (k.as_str().to_owned(), k.label(lang)))
            .collect(),
        programmes,
        reasons: REMOVAL_REASONS
            .into_iter()
            .map(|r| (r.to_owned(), reason_label(r, lang)))
            .collect(),
        values,
        errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn form_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Html<String>, AppError> {
    let mut values = HashMap::new();
    values.insert("kind".to_owned(), "enrol".to_owned());
    Ok(Html(
        render(&state, ctx, values, FormErrors::default()).await?,
    ))
}

#[derive(Template)]
#[template(path = "usul_sent.html")]
struct SentPage {
    ctx: PageCtx,
    code: String,
}

async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    sender: FormSender,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let form =
        upload::receive_small_form(&sender, multipart, "bukti", BYTES_MAX, FILES_MAX).await?;
    let values: HashMap<String, String> = form.fields.into_iter().collect();
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let input = CitizenInput {
        kind: get("kind"),
        household: get("household"),
        programme: get("programme"),
        reason: get("reason"),
        note: get("note"),
        nik: get("nik"),
        birth_date: get("birth_date"),
        evidence: form
            .files
            .into_iter()
            .map(|(file_name, content)| EvidenceFile { file_name, content })
            .collect(),
    };
    let key = client.key();
    match super::submit(&state.db, &input, key.as_deref(), state.clock.now()).await {
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
#[template(path = "usul_status.html")]
struct StatusPage {
    ctx: PageCtx,
    code: String,
    found: Option<CitizenStatus>,
    kind: String,
    status: String,
    step: String,
    searched: bool,
}

#[derive(serde::Deserialize, Default)]
struct StatusQuery {
    kode: Option<String>,
}

async fn status_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<StatusQuery>,
) -> Result<Response, AppError> {
    let code = query.kode.unwrap_or_default();
    let searched = !code.trim().is_empty();
    let found = if searched {
        super::status(&state.db, &code).await.ok()
    } else {
        None
    };
    let lang = ctx.lang;
    let (kind, status, step) = found
        .as_ref()
        .map(|f| {
            (
                Kind::parse(&f.kind)
                    .map(|k| k.label(lang))
                    .unwrap_or_default(),
                status_label(&f.status, lang),
                Level::parse(&f.step)
                    .map(|l| l.label(lang))
                    .unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    let missing = searched && found.is_none();
    let html = StatusPage {
        ctx,
        code,
        found,
        kind,
        status,
        step,
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
