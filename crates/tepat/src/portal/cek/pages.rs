//! `/cek`: Cek Bansos for people, no login, no JavaScript. The village is chosen from lists
//! (province → regency/city → district → village, each a plain link) or found by name;
//! then a name is typed. Or a NIK with its birth date. Results show the masked name, the
//! village, the programmes with status and period, the desil and the day the data last
//! changed, a link to object to each programme and a link to propose a family.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::index::{FOUND_MAX, Found, Index};
use super::lookup::{self, Asked};
use crate::http::client::ClientAddress;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};
use crate::regions::picker::{self, Picker};
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new().get("/cek", cek_page)
}

/// What the page's links and forms carry.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CekQuery {
    /// A region chosen above the village (the picker's step).
    wilayah: Option<String>,
    /// The chosen village.
    desa: Option<String>,
    /// A search of villages by name (the picker's).
    cari: Option<String>,
    name: Option<String>,
    nik: Option<String>,
    birth_date: Option<String>,
}

/// One programme of a result, in words.
struct ShownProgramme {
    name: String,
    active: bool,
    period: String,
    enrolment_id: i64,
}

/// One result, in words.
struct Shown {
    masked_name: String,
    village: String,
    programmes: Vec<ShownProgramme>,
    desil: Option<u8>,
    updated: String,
}

#[derive(Template)]
#[template(path = "cek.html")]
struct CekPage {
    ctx: PageCtx,
    picker: Picker,
    /// The chosen village, with the places above it.
    village: Option<(String, String)>,
    name: String,
    nik: String,
    birth_date: String,
    errors: FormErrors,
    /// `None` before a search.
    results: Option<Vec<Shown>>,
}

impl CekPage {
    fn more(&self) -> bool {
        self.results.as_ref().is_some_and(|r| r.len() >= FOUND_MAX)
    }
}

fn shown(index: &Index, found: &Found, lang: Lang) -> Shown {
    let day = |d| crate::web::time::date(d, lang);
    let since = lang.pick("sejak", "since");
    Shown {
        masked_name: found.masked_name.clone(),
        village: found.village_name.clone(),
        programmes: found
            .held
            .iter()
            .map(|held| ShownProgramme {
                name: index
                    .programmes
                    .get(usize::from(held.programme))
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                active: held.active,
                period: match held.until {
                    Some(until) => format!("{} – {}", day(held.since), day(until)),
                    None => format!("{since} {}", day(held.since)),
                },
                enrolment_id: held.enrolment_id,
            })
            .collect(),
        desil: found.desil,
        updated: day(found.updated),
    }
}

/// Whether the query asks for a lookup at all (rather than only choosing a village).
fn asks(query: &CekQuery) -> bool {
    [&query.name, &query.nik, &query.birth_date]
        .iter()
        .any(|v| v.is_some())
}

/// Cek Bansos: choose a village and type a name, or give a NIK and birth date.
async fn cek_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    client: ClientAddress,
    Query(query): Query<CekQuery>,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let village = match query.desa.as_deref() {
        Some(code) => picker::village(&state.db, code).await?,
        None => None,
    };
    let at = query.wilayah.as_deref().or(query.desa.as_deref());
    let picker = Picker::open(&state.db, "/cek", at, query.cari.as_deref(), lang).await?;
    let mut errors = FormErrors::default();
    let mut results = None;
    if asks(&query) {
        let asked = Asked {
            region: query.desa.clone(),
            name: query.name.clone(),
            nik: query.nik.clone(),
            birth_date: query.birth_date.clone(),
        };
        match lookup::run(&state, &super::asker(&client), &asked).await {
            Ok((copy, found)) => {
                results = Some(found.iter().map(|f| shown(&copy.value, f, lang)).collect());
            }
            Err(err) => errors = FormErrors::from_error(err, lang)?,
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = CekPage {
        ctx,
        picker,
        village: village.map(|lineage| {
            let code = lineage
                .last()
                .map(|r| r.code.as_str().to_owned())
                .unwrap_or_default();
            (code, picker::full_name(&lineage))
        }),
        name: query.name.unwrap_or_default(),
        nik: query.nik.unwrap_or_default(),
        birth_date: query.birth_date.unwrap_or_default(),
        errors,
        results,
    };
    let html = page.render().map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}
