//! Registering one household and its members by hand (`/keluarga/baru`), for village
//! operators and district officers: the same rules, checks and events as the import and
//! `POST /api/v1/households`, through `service::create`, with the survey answers read by
//! the import's own rules. The village is the operator's own; a district officer first
//! chooses one inside their region from the lists. Each form carries a key, so a second
//! tap on "save" leads to the household the first one registered.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::household::HouseholdInput;
use super::rules::PersonInput;
use super::service::{self, NewHousehold};
use super::survey::{self, Survey};
use crate::auth::{Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, FieldError, RequestId, idempotency};
use crate::region_code::{Level, RegionCode};
use crate::regions::Region;
use crate::regions::picker::{self, Picker};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

/// Member rows the form starts with, how many more one tap adds, and the most it shows.
const ROWS_START: usize = 4;
const ROWS_MORE: usize = 3;
const ROWS_MAX: usize = 30;

/// The member fields, in order, with their text keys; coded ones become choices.
const MEMBER_FIELDS: [(&str, &str); 10] = [
    ("nik", "registry.nik"),
    ("name", "registry.name"),
    ("sex", "change.sex"),
    ("birth_place", "change.birth_place"),
    ("birth_date", "registry.birth_date"),
    ("relationship", "change.relationship"),
    ("marital_status", "change.marital_status"),
    ("education", "change.education"),
    ("occupation", "change.occupation"),
    ("disability", "change.disability"),
];

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/keluarga/baru", form_page)
        .post("/keluarga/baru", submit)
}

#[derive(Template)]
#[template(path = "registry_new.html")]
struct NewPage {
    ctx: PageCtx,
    /// The chosen village with the places above it; `None` while choosing.
    village: Option<Vec<Region>>,
    picker: Option<Picker>,
    rows: usize,
    values: HashMap<String, String>,
    errors: FormErrors,
}

/// The hidden field that carries the form's key.
const FORM_KEY: &str = "kunci";
/// What the form's key stands for in the idempotency store: one household by hand.
const FORM_COMMAND: &str = "keluarga-baru";

impl NewPage {
    /// The survey's fields, each named `survey.<column>` on the form.
    fn survey_fields(&self) -> Vec<(String, String, &'static str)> {
        survey::COLUMNS
            .iter()
            .map(|column| {
                (
                    format!("survey.{column}"),
                    format!("survey-{column}"),
                    *column,
                )
            })
            .collect()
    }

    /// The key this form is sent with: kept when the form comes back with errors.
    fn form_key(&self) -> &str {
        self.value(FORM_KEY)
    }

    fn village_name(&self) -> String {
        self.village
            .as_deref()
            .map(picker::full_name)
            .unwrap_or_default()
    }

    fn village_code(&self) -> String {
        self.village
            .as_ref()
            .and_then(|lineage| lineage.last())
            .map(|region| region.code.as_str().to_owned())
            .unwrap_or_default()
    }

    fn member_fields(&self) -> [(&'static str, &'static str); 10] {
        MEMBER_FIELDS
    }

    fn member(&self, row: &usize, field: &str) -> String {
        format!("members[{row}].{field}")
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

    fn error_id(&self, name: &str) -> String {
        if self.error(name).is_some() {
            format!("{}-error", dom_id(name))
        } else {
            String::new()
        }
    }

    fn is(&self, name: &str, wanted: &str) -> bool {
        name == wanted
    }

    fn dom(&self, name: &str) -> String {
        dom_id(name)
    }
}

/// `members[0].nik` → `members-0-nik`, an id a label can point at.
fn dom_id(name: &str) -> String {
    name.replace(['[', '.'], "-").replace(']', "")
}

#[derive(serde::Deserialize, Default)]
struct NewQuery {
    desa: Option<String>,
    wilayah: Option<String>,
    cari: Option<String>,
}

/// The village this official registers in: their own for a village operator; the one
/// chosen (inside their region) for a district officer.
async fn chosen_village(
    state: &AppState,
    me: &Principal,
    asked: Option<&str>,
) -> Result<Option<Vec<Region>>, AppError> {
    let own = me
        .region
        .as_ref()
        .filter(|code| code.level() == Level::Village);
    let text = match own {
        Some(code) => code.as_str().to_owned(),
        None => asked.unwrap_or_default().trim().to_owned(),
    };
    let Some(lineage) = picker::village(&state.db, &text).await? else {
        return Ok(None);
    };
    let inside = RegionCode::parse(&text).is_ok_and(|code| me.covers(&code));
    Ok(inside.then_some(lineage))
}

async fn form_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<NewQuery>,
) -> Result<Html<String>, AppError> {
    me.require_write(Permission::WriteRegistry)?;
    let village = chosen_village(&state, &me, query.desa.as_deref()).await?;
    let picker = match village {
        Some(_) => None,
        None => {
            let start = me.region.as_ref().map(|code| code.as_str().to_owned());
            let at = query.wilayah.or(start);
            let lang = ctx.lang;
            let cari = query.cari.as_deref();
            Some(Picker::open(&state.db, "/keluarga/baru", at.as_deref(), cari, lang).await?)
        }
    };
    render(
        ctx,
        village,
        picker,
        ROWS_START,
        HashMap::new(),
        FormErrors::default(),
    )
}

fn render(
    ctx: PageCtx,
    village: Option<Vec<Region>>,
    picker: Option<Picker>,
    rows: usize,
    values: HashMap<String, String>,
    errors: FormErrors,
) -> Result<Html<String>, AppError> {
    let mut values = values;
    let key = values.get(FORM_KEY).filter(|k| !k.trim().is_empty());
    if key.is_none() {
        let bytes: [u8; 16] = rand::random();
        values.insert(FORM_KEY.to_owned(), hex::encode(bytes));
    }
    let page = NewPage {
        ctx,
        village,
        picker,
        rows,
        values,
        errors,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

/// The household as typed: every member row up to the last one with anything in it, so
/// that a finding's row number is the row on the form; the survey read by the import's
/// rules, with its findings named `survey.<column>`.
fn read(values: &HashMap<String, String>, rows: usize) -> (NewHousehold, Vec<FieldError>) {
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let member = |row: usize| {
        let field = |name: &str| get(&format!("members[{row}].{name}"));
        PersonInput {
            nik: field("nik"),
            name: field("name"),
            birth_place: field("birth_place"),
            birth_date: field("birth_date"),
            sex: field("sex"),
            relationship: field("relationship"),
            marital_status: field("marital_status"),
            occupation: field("occupation"),
            education: field("education"),
            disability: field("disability"),
            ..PersonInput::default()
        }
    };
    let filled = |row: &usize| {
        MEMBER_FIELDS
            .iter()
            .any(|(name, _)| !get(&format!("members[{row}].{name}")).trim().is_empty())
    };
    let last = (0..rows).rev().find(filled).map_or(0, |row| row + 1);
    let phone = get("phone");
    let (survey, found) = Survey::parse(|column| values.get(&format!("survey.{column}")).cloned());
    let found = found
        .iter()
        .map(|v| {
            let field = format!("survey.{}", v.field);
            FieldError::new(&field, v.rule, &v.message, &v.message_id)
        })
        .collect();
    let household = NewHousehold {
        household: HouseholdInput {
            kk: get("kk"),
            village_code: get("village_code"),
            address: get("address"),
            rt: get("rt"),
            rw: get("rw"),
            phone: (!phone.trim().is_empty()).then_some(phone),
            survey,
        },
        members: (0..last).map(member).collect(),
        confirm_warnings: false,
    };
    (household, found)
}

async fn submit(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    CsrfForm(values): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require_write(Permission::WriteRegistry)?;
    let asked = values.get("village_code").map(String::as_str);
    let Some(village) = chosen_village(&state, &me, asked).await? else {
        return Ok(Redirect::to("/keluarga/baru").into_response());
    };
    let shown: usize = values
        .get("baris")
        .and_then(|rows| rows.trim().parse().ok())
        .unwrap_or(ROWS_START)
        .clamp(1, ROWS_MAX);
    if values.get("aksi").map(String::as_str) == Some("tambah") {
        let rows = (shown + ROWS_MORE).min(ROWS_MAX);
        let page = render(
            ctx,
            Some(village),
            None,
            rows,
            values,
            FormErrors::default(),
        )?;
        return Ok(page.into_response());
    }
    let (mut input, survey_found) = read(&values, shown);
    if let Some(region) = village.last() {
        input.household.village_code = region.code.as_str().to_owned();
    }
    let created = if survey_found.is_empty() {
        register(&state, &me, request_id, &values, &input).await
    } else {
        Err(AppError::Invalid(survey_found))
    };
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/keluarga/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err, ctx.lang)?;
            let page = render(ctx, Some(village), None, shown, values, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// Registers the household once per form key: a second tap with the same form finds the
/// household the first one registered (a refusal is not kept, so a corrected form may be
/// sent with the same key). A form without a key registers as it is.
async fn register(
    state: &AppState,
    me: &Principal,
    request_id: RequestId,
    values: &HashMap<String, String>,
    input: &NewHousehold,
) -> Result<i64, AppError> {
    let after = super::hooks::after_register(state)?;
    let now = state.clock.now();
    let create = async {
        let id = service::create(&state.db, me, request_id.0, input, now, &*after).await?;
        Ok((
            StatusCode::CREATED,
            serde_json::json!({ "household_id": id }),
        ))
    };
    let key = values.get(FORM_KEY).map(|k| k.trim()).unwrap_or_default();
    if key.is_empty() {
        return household_of(&create.await?.1);
    }
    let caller = idempotency::caller_key(&me.actor);
    let answer = idempotency::run(&state.db, &caller, key, FORM_COMMAND, now, create).await?;
    let body = axum::body::to_bytes(answer.into_body(), FORM_ANSWER_BYTES_MAX)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored answer: {e}")))?;
    let body: serde_json::Value = serde_json::from_slice(&body).map_err(anyhow::Error::from)?;
    household_of(&body)
}

/// The stored answer of a registration is `{"household_id": …}`, a few bytes.
const FORM_ANSWER_BYTES_MAX: usize = 4 * 1024;

fn household_of(body: &serde_json::Value) -> Result<i64, AppError> {
    body["household_id"]
        .as_i64()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored answer without a household")))
}
