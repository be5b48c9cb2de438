//! The calibration pages for ministry officers: upload a survey sample with a name and a
//! desil cut-off, read the fit (rows, R², inclusion and exclusion errors, the provinces
//! fitted separately, the weights in words) and publish exactly that fit.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing;

use super::calibrate::{Calibration, ROWS_MIN};
use super::draft::{self, CUTOFF_DEFAULT};
use super::error::TargetingError;
use super::explain::WeightLine;
use super::model::Model;
use super::model_pages::{ministry_only, province_names, shown_weights};
use super::pages::show_number;
use crate::auth::{Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::upload::{self, FormSender};
use crate::http::{AppError, AppState};
use crate::import::jobs::{UPLOAD_BYTES_MAX, UPLOAD_LIMIT_TEXT};
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

/// Room for the multipart envelope around the file.
const ENVELOPE_BYTES: usize = 64 * 1024;
/// The calibration upload, which may stream longer than the request time limit.
pub const UPLOAD_PATH: &str = "/penargetan/model/kalibrasi";

pub fn routes() -> RouteBook {
    let limit = usize::try_from(UPLOAD_BYTES_MAX).unwrap_or(usize::MAX) + ENVELOPE_BYTES;
    RouteBook::new()
        .get(UPLOAD_PATH, calibrate_page)
        .route(
            Method::POST,
            UPLOAD_PATH,
            routing::post(calibrate_form).layer(DefaultBodyLimit::max(limit)),
        )
        .get("/penargetan/model/draf/{id}", draft_page)
        .post("/penargetan/model/draf/{id}/terbitkan", publish_form)
}

/// Errors beside the fields of the calibration form.
#[derive(Default)]
struct FormErrors {
    file: Option<String>,
    name: Option<String>,
    cutoff: Option<String>,
}

impl FormErrors {
    fn any(&self) -> bool {
        self.file.is_some() || self.name.is_some() || self.cutoff.is_some()
    }
}

#[derive(Template)]
#[template(path = "targeting_calibrate.html")]
struct CalibratePage {
    ctx: PageCtx,
    name: String,
    cutoff: String,
    limit: &'static str,
    rows_min: usize,
    errors: FormErrors,
}

fn render_calibrate(
    ctx: PageCtx,
    name: String,
    cutoff: String,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = CalibratePage {
        ctx,
        name,
        cutoff,
        limit: UPLOAD_LIMIT_TEXT,
        rows_min: ROWS_MIN,
        errors,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}

async fn calibrate_page(SignedIn(me): SignedIn, ctx: PageCtx) -> Result<Response, AppError> {
    if let Some(denied) = ministry_only(&me, &ctx) {
        return Ok(denied);
    }
    let name = ctx.lang.pick("PMT dikalibrasi", "Calibrated PMT");
    render_calibrate(ctx, name, CUTOFF_DEFAULT.to_string(), FormErrors::default())
}

/// A refusal as the line beside its field: the field's name, then the rule broken.
fn place_error(err: TargetingError, lang: Lang) -> Result<FormErrors, AppError> {
    let TargetingError::Invalid(field) = err else {
        return Err(err.into());
    };
    let message = field.message_in(lang).to_owned();
    let mut errors = FormErrors::default();
    match field.field.as_str() {
        "name" => errors.name = Some(lang.pick("Nama model: ", "Model name: ") + &message),
        "cutoff" => errors.cutoff = Some(lang.pick("Batas desil: ", "Desil cut-off: ") + &message),
        "file" => errors.file = Some(lang.pick("Berkas sampel: ", "Sample file: ") + &message),
        column => {
            let head = lang.pick(
                &format!("Berkas sampel, kolom {column}: "),
                &format!("Sample file, column {column}: "),
            );
            errors.file = Some(head + &message);
        }
    }
    Ok(errors)
}

async fn calibrate_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    sender: FormSender,
    multipart: Multipart,
) -> Result<Response, AppError> {
    if let Some(denied) = ministry_only(&me, &ctx) {
        return Ok(denied);
    }
    let form = upload::receive_form(&sender, multipart, "berkas", UPLOAD_BYTES_MAX).await?;
    let text = |key: &str| form.fields.get(key).cloned().unwrap_or_default();
    let (name, cutoff_text) = (text("name"), text("cutoff"));
    let lang = ctx.lang;
    let checked = draft::parse_name(&name).and_then(|_| draft::parse_cutoff(&cutoff_text));
    let cutoff = match checked {
        Ok(cutoff) => cutoff,
        Err(err) => return render_calibrate(ctx, name, cutoff_text, place_error(err, lang)?),
    };
    let Some(file) = form.file.filter(|f| f.bytes > 0) else {
        let errors = FormErrors {
            file: Some(lang.pick(
                "Berkas sampel: pilih berkas CSV atau XLSX yang berisi data (wajib diisi).",
                "Sample file: choose a CSV or XLSX file with data (required).",
            )),
            ..FormErrors::default()
        };
        return render_calibrate(ctx, name, cutoff_text, errors);
    };
    let now = state.clock.now();
    let path = file.path().to_path_buf();
    // The received file is removed when `file` drops, after the fit has read it.
    let fitted = draft::preview(&state.db, &me, path, &name, cutoff, now).await;
    drop(file);
    match fitted {
        Ok(draft) => {
            Ok(Redirect::to(&format!("/penargetan/model/draf/{}", draft.id)).into_response())
        }
        Err(err) => render_calibrate(ctx, name, cutoff_text, place_error(err, lang)?),
    }
}

/// A fit's report as pages show it.
pub struct FitView {
    pub rows: String,
    pub r_squared: String,
    pub cutoff: u8,
    pub inclusion: String,
    pub exclusion: String,
    pub provinces: String,
}

impl FitView {
    pub fn new(fit: &Calibration, provinces: &[String], ctx: &PageCtx) -> Self {
        let provinces = if provinces.is_empty() {
            ctx.lang.pick(
                "tidak ada (semua provinsi memakai bobot nasional)",
                "none (every province uses the national weights)",
            )
        } else {
            provinces.join(", ")
        };
        Self {
            rows: ctx.num(&i64::try_from(fit.rows).unwrap_or(i64::MAX)),
            r_squared: show_number(fit.r_squared, ctx.lang, false),
            cutoff: fit.cutoff_decile,
            inclusion: ctx.pct(&fit.inclusion_error),
            exclusion: ctx.pct(&fit.exclusion_error),
            provinces,
        }
    }
}

#[derive(Template)]
#[template(path = "targeting_draft.html")]
struct DraftPage {
    ctx: PageCtx,
    id: i64,
    name: String,
    fit: FitView,
    weights: Vec<(WeightLine, String)>,
    published: Option<i64>,
    error: Option<String>,
}

async fn render_draft(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    id: i64,
    error: Option<String>,
) -> Result<Response, AppError> {
    let draft = draft::find(&state.db, me, id).await?;
    let model = Model::from_json(draft.calibration.model.clone()).map_err(AppError::invalid)?;
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let provinces = province_names(&state.db, &draft.calibration.provinces).await?;
    let html = DraftPage {
        fit: FitView::new(&draft.calibration, &provinces, &ctx),
        weights: shown_weights(&model.base, ctx.lang),
        ctx,
        id,
        name: draft.stored.name,
        published: draft.stored.published_version,
        error,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}

async fn draft_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    if let Some(denied) = ministry_only(&me, &ctx) {
        return Ok(denied);
    }
    render_draft(&state, &me, ctx, id, None).await
}

#[derive(serde::Deserialize)]
struct PublishForm {}

async fn publish_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<PublishForm>,
) -> Result<Response, AppError> {
    if let Some(denied) = ministry_only(&me, &ctx) {
        return Ok(denied);
    }
    match draft::publish(&state.db, &me, id, state.clock.now()).await {
        Ok(version) => Ok(Redirect::to(&format!("/penargetan/model/{version}")).into_response()),
        Err(TargetingError::Invalid(field)) => {
            let message = field.message_in(ctx.lang).to_owned();
            render_draft(&state, &me, ctx, id, Some(message)).await
        }
        Err(err) => Err(err.into()),
    }
}
