//! Atom feeds per village (`/statistik/desa/{code}/feed.atom`, no login): the hand-outs
//! scheduled in the village, programme criteria published, and the village's deliberations
//! whose minutes are published — each entry with a tag URI, its time in RFC 3339 and a link
//! to the page it concerns. Nothing personal: no name of a family, no NIK, no address
//! beyond the public place of a hand-out or a meeting. See `../README.md`.

pub mod atom;
mod store;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, FieldError};
use crate::region_code::RegionCode;
use crate::web::i18n::Lang;
use crate::web::share::absolute;
use atom::{Entry, Feed, tag};

pub fn routes() -> RouteBook {
    RouteBook::new().get("/statistik/desa/{code}/feed.atom", feed)
}

/// A stored time; `None` when it is not RFC 3339.
fn stored(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// `7 Des 2026` for a stored day.
fn day_words(text: &str) -> String {
    crate::registry::dates::parse(text.get(..10).unwrap_or(text))
        .map(|d| crate::web::time::date(d, Lang::Id))
        .unwrap_or_else(|_| text.to_owned())
}

async fn entries(state: &AppState, village: &str) -> Result<Vec<Entry>, AppError> {
    let site = &state.config.notify.public_url;
    let zone = crate::web::time::Zone::of_region(Some(village)).name();
    let page = absolute(site, &format!("/statistik?wilayah={village}"));
    let mut out = Vec::new();
    for h in store::handouts(&state.db, village).await? {
        let Some(updated) = stored(&h.created_at) else {
            continue;
        };
        let done = if h.closed { " (selesai)" } else { "" };
        out.push(Entry {
            id: tag(site, &format!("penyaluran/{}", h.id)),
            title: format!("Jadwal penyaluran {}: {}{done}", h.programme, h.name),
            summary: format!(
                "{}, {}–{} {zone}, di {}. Barang: {}.",
                day_words(&h.day),
                h.starts,
                h.ends,
                h.place,
                h.goods
            ),
            link: page.clone(),
            category: ("penyaluran", "Jadwal penyaluran"),
            updated,
        });
    }
    for c in store::criteria(&state.db).await? {
        let Some(updated) = stored(&c.published_at) else {
            continue;
        };
        out.push(Entry {
            id: tag(site, &format!("program/{}/aturan/{}", c.code, c.version)),
            title: format!("Kriteria {} versi {} berlaku", c.programme, c.version),
            summary: format!(
                "Aturan penetapan penerima {} diterbitkan sebagai versi {} pada {}.",
                c.programme,
                c.version,
                day_words(&c.published_at)
            ),
            link: absolute(site, &format!("/program/{}", c.code)),
            category: ("kriteria", "Perubahan kriteria program"),
            updated,
        });
    }
    for d in store::deliberations(&state.db, village).await? {
        let Some(updated) = stored(&d.finalised_at) else {
            continue;
        };
        out.push(Entry {
            id: tag(site, &format!("musyawarah/{}", d.id)),
            title: format!("Berita acara musyawarah {}", day_words(&d.held_on)),
            summary: format!(
                "Musyawarah desa/kelurahan di {} pada {}: berita acara dan keputusannya terbit.",
                d.place,
                day_words(&d.held_on)
            ),
            link: absolute(site, &format!("/musyawarah/{}", d.id)),
            category: ("musyawarah", "Musyawarah"),
            updated,
        });
    }
    out.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// The village's feed; a malformed code is refused (400), a code that is no village in
/// force is not found (404).
async fn feed(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    if RegionCode::parse(code.trim()).is_err() {
        return Err(AppError::BadRequest(FieldError::new(
            "code",
            "region_code",
            "must be a village code such as 31.75.07.1003",
            "harus kode desa/kelurahan seperti 31.75.07.1003",
        )));
    }
    let lineage = crate::regions::picker::village(&state.db, code.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let name = lineage.last().map(|r| r.name.clone()).unwrap_or_default();
    let village = code.trim();
    let site = &state.config.notify.public_url;
    let feed = Feed {
        id: tag(site, &format!("statistik/desa/{village}")),
        title: format!("Kabar bansos {name}"),
        subtitle: format!(
            "Jadwal penyaluran, perubahan kriteria program dan musyawarah di {}",
            crate::regions::picker::full_name(&lineage)
        ),
        self_link: absolute(site, &format!("/statistik/desa/{village}/feed.atom")),
        page_link: absolute(site, &format!("/statistik?wilayah={village}")),
        now: state.clock.now(),
        entries: entries(&state, village).await?,
    };
    let headers = [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")];
    Ok((headers, atom::render(&feed)).into_response())
}
