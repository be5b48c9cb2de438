//! The officials' pages of self-registration: the village queue, one application with its
//! members, statement and documents, and the forms that record the field visit and accept
//! or reject it.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::{Application, ApplicationId, Status, VerificationInput, VisitResult};
use super::review;
use super::rules::{self, Step};
use crate::auth::SignedIn;
use crate::auth::{Permission, Principal};
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, FieldError};
use crate::region_code::RegionCode;
use crate::registry::store::read::{Registered, registered_numbers};
use crate::registry::survey;
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

const PAGE_SIZE: i64 = 50;

/// The survey columns with the hint a number field shows (coded columns are offered as
/// choices from their code lists; labels come from the text table under `survey.<column>`).
const SURVEY_FIELDS: [(&str, &str); 17] = [
    ("floor_area_per_person_m2", "0–1.000 m²"),
    ("floor_material", ""),
    ("wall_material", ""),
    ("roof_material", ""),
    ("water_source", ""),
    ("sanitation", ""),
    ("electricity_va", "0, 450, 900, 1.300 … VA"),
    ("cooking_fuel", ""),
    ("owns_motorbike", ""),
    ("owns_land", ""),
    ("owns_livestock", ""),
    ("has_savings", ""),
    ("income_bracket", ""),
    ("school_age_children", "0–30"),
    ("elderly_members", "0–30"),
    ("pregnant_members", "0–30"),
    ("members_with_disability", "0–30"),
];

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/pendaftaran", queue_page)
        .get("/pendaftaran/{id}", application_page)
        .get("/pendaftaran/{id}/dokumen/{file}", document_download)
        .post("/pendaftaran/{id}/verifikasi", verify_form)
        .post("/pendaftaran/{id}/putuskan", decide_form)
}

#[derive(serde::Deserialize, Default)]
struct QueueQuery {
    status: Option<String>,
    sebelum: Option<i64>,
}

#[derive(Template)]
#[template(path = "applications_queue.html")]
struct QueuePage {
    ctx: PageCtx,
    status: String,
    applications: Vec<Application>,
    next: Option<ApplicationId>,
}

impl QueuePage {
    fn when(&self, stored: &str) -> String {
        self.ctx.when(stored)
    }

    fn statuses(&self) -> [Status; 4] {
        Status::ALL
    }
}

async fn queue_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<QueueQuery>,
) -> Result<Html<String>, AppError> {
    let status = query
        .status
        .as_deref()
        .and_then(Status::parse)
        .unwrap_or(Status::Submitted);
    let before = query.sebelum.map(ApplicationId);
    let mut applications =
        review::list(&state.db, &me, Some(status), before, PAGE_SIZE + 1).await?;
    let next = (applications.len() as i64 > PAGE_SIZE).then(|| {
        applications.truncate(PAGE_SIZE as usize);
        applications.last().map_or(ApplicationId(0), |a| a.id)
    });
    let html = QueuePage {
        ctx,
        status: status.as_str().to_owned(),
        applications,
        next,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(Template)]
#[template(path = "applications_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    application: Application,
    can_verify: bool,
    can_accept: bool,
    can_reject: bool,
    values: HashMap<String, String>,
    errors: FormErrors,
    /// Numbers of this application the registry already holds, with a link to the
    /// household when the viewer may open it: seen at the first look, not at the accept.
    registered: Vec<(Registered, Option<String>)>,
}

impl DetailPage {
    fn when(&self, stored: &str) -> String {
        self.ctx.when(stored)
    }

    fn visits(&self) -> [VisitResult; 3] {
        VisitResult::ALL
    }

    fn survey_fields(&self) -> [(&'static str, &'static str); 17] {
        SURVEY_FIELDS
    }

    fn survey_value(&self, column: &str) -> String {
        if let Some(value) = self.values.get(&format!("survey.{column}")) {
            return value.clone();
        }
        let Some(recorded) = &self.application.survey else {
            return String::new();
        };
        let cells = recorded.cells();
        survey::COLUMNS
            .iter()
            .position(|c| *c == column)
            .and_then(|i| cells.get(i).cloned())
            .unwrap_or_default()
    }

    /// The id of a survey field's error message, when it has one.
    fn survey_error_id(&self, column: &str) -> String {
        self.error(&format!("survey.{column}"))
            .map(|_| format!("survey-{column}-error"))
            .unwrap_or_default()
    }

    /// A typed birth date as people read it (`21 Mei 1987`); other text as it is.
    fn birth_date(&self, typed: &str) -> String {
        crate::registry::dates::parse(typed)
            .map(|d| crate::web::time::date(d, self.ctx.lang))
            .unwrap_or_else(|_| typed.to_owned())
    }

    fn survey_label(&self, column: &str) -> String {
        format!("survey.{column}")
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
}

/// Which steps the page offers: the role must allow them and the order of steps too.
fn steps(me: &Principal, application: &Application) -> (bool, bool, bool) {
    if !Permission::ReviewApplications.roles().contains(&me.role) {
        return (false, false, false);
    }
    let (status, visit) = (application.status, application.visit_result);
    let can = |step| rules::check_step(status, visit, step).is_ok();
    (can(Step::Verify), can(Step::Accept), can(Step::Reject))
}

/// The application's KK and NIKs already in the registry, while it is still undecided.
async fn already_registered(
    state: &AppState,
    me: &Principal,
    application: &Application,
) -> Result<Vec<(Registered, Option<String>)>, AppError> {
    if !matches!(application.status, Status::Submitted | Status::Verified) {
        return Ok(Vec::new());
    }
    let niks: Vec<&str> = application
        .input
        .members
        .iter()
        .map(|m| m.nik.as_str())
        .collect();
    let found = registered_numbers(&state.db, &application.input.kk, &niks).await?;
    Ok(found
        .into_iter()
        .map(|r| {
            let opens = RegionCode::parse(&r.region_code).is_ok_and(|code| me.covers(&code));
            let href = opens.then(|| format!("/keluarga/{}", r.household_id));
            (r, href)
        })
        .collect())
}

async fn render(
    state: &AppState,
    ctx: PageCtx,
    me: &Principal,
    application: Application,
    values: HashMap<String, String>,
    errors: FormErrors,
) -> Result<Html<String>, AppError> {
    let (can_verify, can_accept, can_reject) = steps(me, &application);
    let registered = already_registered(state, me, &application).await?;
    let html = DetailPage {
        registered,
        ctx,
        application,
        can_verify,
        can_accept,
        can_reject,
        values,
        errors,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

async fn application_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let now = state.clock.now();
    let application = review::get(&state.db, &me, ApplicationId(id), now).await?;
    render(
        &state,
        ctx,
        &me,
        application,
        HashMap::new(),
        FormErrors::default(),
    )
    .await
}

async fn document_download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (name, content_type, bytes) =
        review::document(&state.db, &me, ApplicationId(id), file, state.clock.now()).await?;
    Ok(crate::http::upload::attachment(&name, content_type, bytes))
}

/// Re-renders the page with a failed step's findings beside their fields; other errors
/// pass through.
async fn refused(
    state: &AppState,
    ctx: PageCtx,
    me: &Principal,
    id: ApplicationId,
    err: super::error::ApplicationError,
    values: HashMap<String, String>,
) -> Result<Response, AppError> {
    let err = AppError::from(err);
    let status = err.status();
    let errors = FormErrors::from_error(err, ctx.lang)?;
    let application = review::get(&state.db, me, id, state.clock.now()).await?;
    let page = render(state, ctx, me, application, values, errors).await?;
    Ok((status, page).into_response())
}

async fn verify_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(values): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id = ApplicationId(id);
    let input = VerificationInput {
        visit_result: values.get("visit_result").cloned().unwrap_or_default(),
        visit_note: values.get("visit_note").cloned().unwrap_or_default(),
        survey: values
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("survey.")?.to_owned(), v.clone())))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect(),
    };
    let now = state.clock.now();
    match review::verify(&state.db, &me, id, &input, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/pendaftaran/{id}")).into_response()),
        Err(err) => refused(&state, ctx, &me, id, err, values).await,
    }
}

#[derive(serde::Deserialize)]
struct DecisionForm {
    #[serde(default)]
    keputusan: String,
    #[serde(default)]
    alasan: String,
}

async fn decide_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let id = ApplicationId(id);
    let now = state.clock.now();
    let done = match form.keputusan.as_str() {
        "terima" => review::accept(&state.db, &me, id, request_id.0, now).await,
        "tolak" => review::reject(&state.db, &me, id, &form.alasan, request_id.0, now).await,
        _ => {
            return Err(AppError::BadRequest(FieldError::new(
                "keputusan",
                "one-of",
                "must be terima or tolak",
                "harus terima atau tolak",
            )));
        }
    };
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/pendaftaran/{id}")).into_response()),
        Err(err) => {
            let values = HashMap::from([("alasan".to_owned(), form.alasan)]);
            refused(&state, ctx, &me, id, err, values).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_offers_every_survey_column() {
        let listed: Vec<&str> = SURVEY_FIELDS.iter().map(|(c, _)| *c).collect();
        assert_eq!(listed, survey::COLUMNS);
        for lang in [crate::web::i18n::Lang::Id, crate::web::i18n::Lang::En] {
            let tr = crate::web::i18n::Tr::new(lang);
            for column in survey::COLUMNS {
                assert_ne!(tr.t(&format!("survey.{column}")), "??", "{column}");
            }
        }
    }
}
