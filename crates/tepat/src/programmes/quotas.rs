//! Changing a programme's quotas: ministry officers, checked as the seed is (never below
//! zero, a real region), written with a `programme.quotas_changed` event in one transaction;
//! the API (`PUT /api/v1/programmes/{code}/quotas`) and the page (`/program/{code}/kuota`).

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use sqlx::Row;
use time::OffsetDateTime;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ProgrammeError;
use super::model::{Programme, Quota};
use crate::auth::{ApiCaller, Permission, Principal, SignedIn};
use crate::db::{Db, ResultExt, StoreError, Tx};
use crate::events::{self, Action, Changes, NewEvent};
use crate::field::FieldError;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

pub const QUOTAS_CHANGED: Action = Action("programme.quotas_changed");

type Problem = crate::http::Problem;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(put_quotas))
}

pub fn pages() -> RouteBook {
    RouteBook::new()
        .get("/program/{code}/kuota", quota_page)
        .post("/program/{code}/kuota", save_quotas)
}

async fn write(tx: &mut Tx, code: &str, quotas: &[Quota]) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT quotas FROM programmes WHERE code = $1")
        .bind(code.to_owned())
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let old: String = row.try_get(0).store()?;
    let new = serde_json::to_string(quotas)
        .map_err(|e| StoreError::Other(sqlx::Error::Decode(Box::new(e))))?;
    sqlx::query("UPDATE programmes SET quotas = $1 WHERE code = $2")
        .bind(new)
        .bind(code.to_owned())
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(Some(old))
}

/// Replaces programme `code`'s quotas; refused whole, naming each field, when a count is
/// below zero or a region is not a code. One transaction with its event.
pub async fn set(
    db: &Db,
    caller: &Principal,
    code: &str,
    quotas: &[Quota],
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Programme, ProgrammeError> {
    caller.allows(Permission::PublishProgrammeRule, true)?;
    let errors = super::seed::check_quotas("quotas", quotas);
    if !errors.is_empty() {
        return Err(ProgrammeError::Invalid(errors));
    }
    let mut tx = db.begin_write().await?;
    let old = write(&mut tx, code, quotas)
        .await?
        .ok_or(ProgrammeError::NotFound)?;
    let old: serde_json::Value = serde_json::from_str(&old).unwrap_or_default();
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: QUOTAS_CHANGED,
        subject_type: "programme",
        subject_id: code.to_owned(),
        region: None,
        changes: Changes::new().change(
            "quotas",
            old,
            serde_json::to_value(quotas).unwrap_or_default(),
        ),
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(super::service::find(db, code).await?.0)
}

/// The quotas to set.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct QuotaList {
    quotas: Vec<Quota>,
}

/// Replace a programme's quotas (ministry officers). A count below zero or a region that is
/// not a Kemendagri code is refused with 422 naming `quotas[i].count` or `quotas[i].region`;
/// nothing changes. Signed in on the page, or a ministry token with `registry:write`.
#[utoipa::path(put, path = "/api/v1/programmes/{code}/quotas", tag = "programmes",
    request_body = QuotaList,
    params(("code" = String, Path, description = "Programme code")),
    security(("bearer" = [])),
    responses((status = 200, description = "The programme with its new quotas", body = Programme),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such programme", body = Problem),
        (status = 422, description = "A quota breaks a rule", body = Problem)))]
async fn put_quotas(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(code): Path<String>,
    Json(body): Json<QuotaList>,
) -> Result<Json<Programme>, AppError> {
    let now = state.clock.now();
    Ok(Json(
        set(&state.db, &caller, &code, &body.quotas, request_id.0, now).await?,
    ))
}

/// One quota row of the form.
pub struct QuotaRow {
    pub region: String,
    pub count: String,
    pub unit: String,
    pub year: String,
    pub source: String,
}

#[derive(Template)]
#[template(path = "programme_quotas.html")]
struct QuotaPage {
    ctx: PageCtx,
    code: String,
    name: String,
    rows: Vec<QuotaRow>,
    provinces: Vec<(String, String)>,
    errors: FormErrors,
}

impl QuotaPage {
    fn is_province(&self, region: &str) -> bool {
        self.provinces.iter().any(|(c, _)| c == region)
    }
}

/// Rows shown: the quotas, then two blank ones to add.
const BLANK_ROWS: usize = 2;

async fn render(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    code: &str,
    mut rows: Vec<QuotaRow>,
    errors: FormErrors,
) -> Result<String, AppError> {
    me.require(Permission::PublishProgrammeRule)?;
    let (programme, _) = super::service::find(&state.db, code).await?;
    for _ in 0..BLANK_ROWS {
        rows.push(QuotaRow {
            region: String::new(),
            count: String::new(),
            unit: "keluarga".into(),
            year: String::new(),
            source: String::new(),
        });
    }
    let provinces = super::store::child_region_names(&state.db, None).await?;
    let page = QuotaPage {
        code: code.to_owned(),
        name: programme.name,
        rows,
        provinces,
        errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn quota_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::PublishProgrammeRule)?;
    let (programme, _) = super::service::find(&state.db, &code).await?;
    let rows = programme
        .quotas
        .into_iter()
        .map(|q| QuotaRow {
            region: q.region,
            count: q.count.to_string(),
            unit: q.unit,
            year: q.year.to_string(),
            source: q.source,
        })
        .collect();
    let html = render(&state, &me, ctx, &code, rows, FormErrors::default()).await?;
    Ok(Html(html))
}

/// The form: `region_0`, `count_0`, `unit_0`, `year_0`, `source_0`, then `…_1`, ….
type QuotaForm = std::collections::HashMap<String, String>;

/// At most this many rows are read from a form.
const ROWS_MAX: usize = 200;

fn number_error(field: String, what: &str) -> FieldError {
    FieldError::new(
        &field,
        "number",
        &format!("the {what} must be a whole number"),
        &format!(
            "{} harus bilangan bulat",
            if what == "year" { "tahun" } else { "kuota" }
        ),
    )
}

/// The filled rows as quotas; a row with an empty count is dropped (how a row is removed).
fn parse(form: &QuotaForm) -> (Vec<QuotaRow>, Result<Vec<Quota>, Vec<FieldError>>) {
    let cell = |name: &str, i: usize| {
        form.get(&format!("{name}_{i}"))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    let mut quotas = Vec::new();
    let mut errors = Vec::new();
    for i in (0..ROWS_MAX).take_while(|i| form.contains_key(&format!("count_{i}"))) {
        let row = QuotaRow {
            region: cell("region", i),
            count: cell("count", i),
            unit: cell("unit", i),
            year: cell("year", i),
            source: cell("source", i),
        };
        if row.count.is_empty() {
            continue;
        }
        let at = quotas.len() + errors.len();
        let count = row.count.replace('.', "").parse::<i64>();
        let year = row.year.parse::<i32>();
        match (count, year) {
            (Ok(count), Ok(year)) => quotas.push(Quota {
                region: row.region.clone(),
                count,
                unit: if row.unit.is_empty() {
                    "keluarga".into()
                } else {
                    row.unit.clone()
                },
                year,
                source: row.source.clone(),
            }),
            (Err(_), _) => errors.push(number_error(format!("quotas[{at}].count"), "count")),
            (_, Err(_)) => errors.push(number_error(format!("quotas[{at}].year"), "year")),
        }
        rows.push(row);
    }
    let result = if errors.is_empty() {
        Ok(quotas)
    } else {
        Err(errors)
    };
    (rows, result)
}

async fn save_quotas(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<QuotaForm>,
) -> Result<Response, AppError> {
    let (rows, parsed) = parse(&form);
    let result = match parsed {
        Ok(quotas) => set(
            &state.db,
            &me,
            &code,
            &quotas,
            request_id.0,
            state.clock.now(),
        )
        .await
        .map_err(AppError::from),
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/program/{code}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err, ctx.lang)?;
            let html = render(&state, &me, ctx, &code, rows, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
