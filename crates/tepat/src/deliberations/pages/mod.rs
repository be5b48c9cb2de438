//! Deliberation pages: a village's deliberations (announced and held) at
//! `/musyawarah?desa=CODE`, and one deliberation's minutes (*berita acara*) at
//! `/musyawarah/{id}`, printable, with a QR code of its entry in the transparency log —
//! public; for the village's operator, the announcement form and, on a held deliberation's
//! page, the form that records it (`record.rs`).

mod calendar;
mod pdf;
mod record;
mod signed;

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Html;

use super::model::{Deliberation, decision_label, role_label};
use super::service;
use crate::auth::{MaybeSignedIn, Principal, Role};
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/musyawarah", village_page)
        .get("/musyawarah/baru", record::new_page)
        .post("/musyawarah/jadwal", calendar::set)
        .post("/musyawarah/baru", record::announce)
        .get("/musyawarah/{id}", minutes_page)
        .post("/musyawarah/{id}/tetapkan", record::finalise)
        .get("/musyawarah/{id}/berita-acara", signed::download)
        .get("/musyawarah/{id}/kartu.png", card_picture)
        .get("/musyawarah/{id}/berita-acara.pdf", pdf::download)
        .route(
            axum::http::Method::POST,
            "/musyawarah/{id}/berita-acara",
            axum::routing::post(signed::upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::deliberations::scan::SCAN_BYTES_MAX + 256 * 1024,
            )),
        )
}

#[derive(serde::Deserialize, Default)]
struct VillageQuery {
    desa: Option<String>,
}

#[derive(Template)]
#[template(path = "deliberations.html")]
struct VillagePage {
    ctx: PageCtx,
    can_announce: bool,
    village: String,
    rows: Vec<(i64, String, String, String)>,
    calendar: calendar::CalendarPart,
}

async fn village_page(
    State(state): State<AppState>,
    MaybeSignedIn(me): MaybeSignedIn,
    ctx: PageCtx,
    Query(query): Query<VillageQuery>,
) -> Result<Html<String>, AppError> {
    let village = query.desa.unwrap_or_default();
    let page = VillagePage::open(&state, me.as_ref(), ctx, village, None).await?;
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

impl VillagePage {
    /// The page of `village` as `me` sees it; `typed` is a refused calendar form.
    async fn open(
        state: &AppState,
        me: Option<&Principal>,
        ctx: PageCtx,
        village: String,
        typed: Option<(String, String, FormErrors)>,
    ) -> Result<Self, AppError> {
        let rows = if village.trim().is_empty() {
            Vec::new()
        } else {
            service::of_village(&state.db, &village).await?
        };
        let lang = ctx.lang;
        let rows = rows
            .into_iter()
            .map(|(id, on, place, status)| {
                let status = if status == "finalised" {
                    lang.pick(
                        "Sudah dilaksanakan, berita acara terbit",
                        "Held, minutes published",
                    )
                } else {
                    lang.pick("Dijadwalkan", "Scheduled")
                };
                (id, on, place, status)
            })
            .collect();
        let calendar = calendar::part(state, me, &village, typed).await?;
        let can_announce = me.is_some_and(|me| me.role == Role::VillageOperator);
        Ok(Self {
            ctx,
            can_announce,
            village,
            rows,
            calendar,
        })
    }
}

#[derive(Template)]
#[template(path = "deliberation.html")]
struct MinutesPage {
    ctx: PageCtx,
    d: Deliberation,
    attendees: Vec<(String, String)>,
    items: Vec<(String, String, String, String)>,
    qr: Option<String>,
    log_url: Option<String>,
    /// The recording form, for the village's operator once the day has come.
    form: Option<RecordForm>,
    /// The signed minutes: whether uploaded, and what the viewer may do with them.
    scan: signed::ScanPart,
    og: crate::web::share::OpenGraph,
}

/// What the recording form shows: attendee rows, the families on the agenda, one line per
/// agenda item (key, label, whether it is a proposal), what was typed and the errors.
pub struct RecordForm {
    pub rows: Vec<usize>,
    pub families: Vec<(i64, String)>,
    pub items: Vec<(String, String, bool)>,
    pub roles: Vec<(String, String)>,
    pub values: HashMap<String, String>,
    pub errors: FormErrors,
}

impl RecordForm {
    pub fn value(&self, name: &str) -> &str {
        self.values
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }

    pub fn row_value(&self, field: &str, row: &usize) -> &str {
        self.value(&format!("{field}_{row}"))
    }

    pub fn is(&self, name: &str, value: &str) -> bool {
        self.value(name) == value
    }
}

/// Attendee rows on the recording form (a phone without JavaScript cannot add rows).
pub const ATTENDEE_ROWS: usize = 14;

fn may_record(me: Option<&Principal>, d: &Deliberation, today: &str) -> bool {
    me.is_some_and(|me| {
        me.role == Role::VillageOperator
            && d.status == "scheduled"
            && d.held_on.as_str() <= today
            && crate::region_code::RegionCode::parse(&d.village).is_ok_and(|v| me.covers(&v))
    })
}

/// A QR code (SVG) of `text`.
fn qr_svg(text: &str) -> Option<String> {
    crate::web::qr::svg(text, 160)
}

/// An agenda line's summary (`enrol PKH`, `not_poor PKH`) in words.
fn summary_words(kind: &str, summary: &str, lang: crate::web::i18n::Lang) -> String {
    let (code, programme) = summary.split_once(' ').unwrap_or((summary, ""));
    let words = if kind == "proposal" {
        crate::proposals::model::Kind::parse(code)
            .map_or_else(|| code.to_owned(), |k| k.label(lang))
    } else {
        crate::proposals::model::reason_label(code, lang)
    };
    format!("{words} {programme}")
}

async fn minutes_page(
    State(state): State<AppState>,
    MaybeSignedIn(me): MaybeSignedIn,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let html = render_minutes(&state, me.as_ref(), ctx, &headers, id, None).await?;
    Ok(Html(html))
}

/// The minutes page; with `typed` (what was sent and the errors) when the recording form
/// comes back.
pub(super) async fn render_minutes(
    state: &AppState,
    me: Option<&Principal>,
    ctx: PageCtx,
    headers: &HeaderMap,
    id: i64,
    typed: Option<(HashMap<String, String>, FormErrors)>,
) -> Result<String, AppError> {
    let d = service::find(&state.db, me, id).await?;
    let scan = signed::part(state, me, &d, FormErrors::default(), ctx.lang, ctx.zone).await?;
    render_found(state, me, ctx, headers, d, typed, scan)
}

/// The minutes page of a deliberation already read, with its signed scan's part.
pub(super) fn render_found(
    state: &AppState,
    me: Option<&Principal>,
    ctx: PageCtx,
    headers: &HeaderMap,
    d: Deliberation,
    typed: Option<(HashMap<String, String>, FormErrors)>,
    scan: signed::ScanPart,
) -> Result<String, AppError> {
    let lang = ctx.lang;
    let today = crate::clock::today(state.clock.now()).to_string();
    let form = may_record(me, &d, &today).then(|| record_form(&d, lang, typed));
    let attendees = d
        .attendees
        .iter()
        .map(|a| (a.name.clone(), role_label(&a.role, lang)))
        .collect();
    let items = item_rows(&d, lang);
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        })
        .unwrap_or("localhost");
    let log_url = d
        .log_index
        .map(|index| format!("http://{host}/api/v1/log/entries/{index}"));
    let qr = log_url.as_deref().and_then(qr_svg);
    let og = share_card(state, &d);
    let page = MinutesPage {
        og,
        scan,
        ctx,
        d,
        attendees,
        items,
        qr,
        log_url,
        form,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

/// The village's name and the day in words.
fn village_and_day(d: &Deliberation) -> (String, String) {
    let village = d.village_name.clone().unwrap_or_else(|| d.village.clone());
    let day = crate::registry::dates::parse(&d.held_on)
        .map(|day| crate::web::time::date(day, crate::web::i18n::Lang::Id))
        .unwrap_or_default();
    (village, day)
}

/// `/musyawarah/{id}/kartu.png`: the share card's picture — the village and day, who
/// came, and the items by decision (as public as the minutes page itself).
async fn card_picture(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, AppError> {
    let d = service::find(&state.db, None, id).await?;
    let (village, day) = village_and_day(&d);
    let decided = |code: &str| {
        (d.items.iter())
            .filter(|i| i.decision.as_deref() == Some(code))
            .count()
    };
    let count = |n: usize| crate::web::number::whole(n as i64, crate::web::i18n::Lang::Id);
    let bars = [
        ("approve", "Disetujui"),
        ("return", "Dikembalikan"),
        ("noted", "Dicatat"),
    ]
    .into_iter()
    .map(|(code, words)| {
        let n = decided(code);
        (words.to_owned(), count(n), n as f64)
    })
    .filter(|(_, _, n)| *n > 0.0)
    .collect();
    let status = if d.status == "finalised" {
        "Terbit"
    } else {
        "Dijadwalkan"
    };
    let card = crate::web::card::Card {
        kind: "Musyawarah desa".into(),
        title: format!("{village}, {day}"),
        figures: vec![
            (count(d.attendees.len()), "peserta hadir".into()),
            (count(d.items.len()), "butir agenda".into()),
            (status.into(), "berita acara".into()),
        ],
        bars,
        site: crate::web::share::site(&state.config.notify.public_url),
    };
    crate::web::card::response(&card).await
}

/// The minutes' share card: the village, the day and whether the minutes are published.
fn share_card(state: &AppState, d: &Deliberation) -> crate::web::share::OpenGraph {
    let (village, day) = village_and_day(d);
    let what = if d.status == "finalised" {
        "berita acara dan keputusannya terbit"
    } else {
        "dijadwalkan"
    };
    crate::web::share::OpenGraph::new(
        &state.config.notify.public_url,
        &format!("/musyawarah/{}", d.id),
        format!("Musyawarah {village}, {day}"),
        format!(
            "Musyawarah desa/kelurahan {village} di {} pada {day}: {what}.",
            d.place
        ),
    )
    .with_image(
        &state.config.notify.public_url,
        &format!("/musyawarah/{}/kartu.png", d.id),
    )
}

/// The recording form for a held deliberation, with what was typed and the errors.
fn record_form(
    d: &Deliberation,
    lang: crate::web::i18n::Lang,
    typed: Option<(HashMap<String, String>, FormErrors)>,
) -> RecordForm {
    let (values, errors) = typed.unwrap_or_default();
    RecordForm {
        rows: (0..ATTENDEE_ROWS).collect(),
        families: d
            .items
            .iter()
            .filter(|i| i.kind == "proposal")
            .map(|i| (i.household_id, i.household_head.clone().unwrap_or_default()))
            .collect(),
        items: d
            .items
            .iter()
            .map(|i| {
                let label = format!(
                    "{} · {}",
                    i.household_head.clone().unwrap_or_default(),
                    summary_words(&i.kind, &i.summary, lang)
                );
                (format!("{}_{}", i.kind, i.id), label, i.kind == "proposal")
            })
            .collect(),
        roles: super::model::ROLES
            .into_iter()
            .map(|r| (r.to_owned(), role_label(r, lang)))
            .collect(),
        values,
        errors,
    }
}

/// The agenda as rows of the minutes: (item, household and what it asks, decision,
/// reasoning).
fn item_rows(
    d: &Deliberation,
    lang: crate::web::i18n::Lang,
) -> Vec<(String, String, String, String)> {
    d.items
        .iter()
        .map(|i| {
            let what = if i.kind == "proposal" {
                lang.pick("Usulan", "Proposal")
            } else {
                lang.pick("Sanggahan", "Objection")
            };
            (
                format!("{what} #{}", i.id),
                format!(
                    "{} · {}",
                    i.household_head.clone().unwrap_or_default(),
                    summary_words(&i.kind, &i.summary, lang)
                ),
                i.decision
                    .as_deref()
                    .map(|c| decision_label(c, lang))
                    .unwrap_or_default(),
                i.reasoning.clone().unwrap_or_default(),
            )
        })
        .collect()
}
