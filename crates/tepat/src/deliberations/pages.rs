//! Public deliberation pages: a village's deliberations (announced and held) at
//! `/musyawarah?desa=CODE`, and one deliberation's minutes (*berita acara*) at
//! `/musyawarah/{id}`, printable, with a QR code of its entry in the transparency log.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Html;

use super::model::{Deliberation, decision_label, role_label};
use super::service;
use crate::auth::MaybeSignedIn;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/musyawarah", village_page)
        .get("/musyawarah/{id}", minutes_page)
}

#[derive(serde::Deserialize, Default)]
struct VillageQuery {
    desa: Option<String>,
}

#[derive(Template)]
#[template(path = "deliberations.html")]
struct VillagePage {
    ctx: PageCtx,
    village: String,
    rows: Vec<(i64, String, String, String)>,
}

async fn village_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<VillageQuery>,
) -> Result<Html<String>, AppError> {
    let village = query.desa.unwrap_or_default();
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
    let html = VillagePage { ctx, village, rows }
        .render()
        .map_err(anyhow::Error::from)?;
    Ok(Html(html))
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
}

/// A QR code (SVG) of `text`.
fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(160, 160)
        .build();
    // Inline in HTML: the SVG element without its XML declaration.
    svg.find("<svg").map(|at| svg[at..].to_owned())
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
    let d = service::find(&state.db, me.as_ref(), id).await?;
    let lang = ctx.lang;
    let attendees = d
        .attendees
        .iter()
        .map(|a| (a.name.clone(), role_label(&a.role, lang)))
        .collect();
    let items = d
        .items
        .iter()
        .map(|i| {
            (
                format!(
                    "{} #{}",
                    if i.kind == "proposal" {
                        lang.pick("Usulan", "Proposal")
                    } else {
                        lang.pick("Sanggahan", "Objection")
                    },
                    i.id
                ),
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
        .collect();
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
    let html = MinutesPage {
        ctx,
        d,
        attendees,
        items,
        qr,
        log_url,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}
