//! Information (`/informasi`): for citizens, in plain Bahasa Indonesia, their rights and
//! obligations, each programme's criteria and amounts, how to register, propose, object,
//! complain and check status, and what officials may never ask for; for officials, a guide
//! per role with exercises to practise on the demo's data in a training copy. Each page is
//! a template in the repository, printable on A4 for a village workshop (*sosialisasi*).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};
use crate::programmes::model::Programme;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/informasi", index)
        .get("/informasi/{topic}", topic)
}

/// Every page: (path segment, title, for whom).
pub const TOPICS: &[(&str, &str, Audience)] = &[
    (
        "hak-dan-kewajiban",
        "Hak dan kewajiban penerima bantuan",
        Audience::Citizen,
    ),
    (
        "program",
        "Program bantuan: syarat dan besarnya",
        Audience::Citizen,
    ),
    (
        "cara-daftar",
        "Cara mendaftar dan mengecek status",
        Audience::Citizen,
    ),
    (
        "usul-dan-sanggah",
        "Mengusulkan tetangga dan menyanggah penerima",
        Audience::Citizen,
    ),
    (
        "pengaduan",
        "Mengadu dan melaporkan pungli",
        Audience::Citizen,
    ),
    (
        "larangan",
        "Yang tidak boleh diminta petugas",
        Audience::Citizen,
    ),
    (
        "panduan-operator-desa",
        "Panduan operator desa/kelurahan",
        Audience::Official,
    ),
    (
        "panduan-pendamping",
        "Panduan pendamping",
        Audience::Official,
    ),
    (
        "panduan-dinsos",
        "Panduan petugas Dinsos kabupaten/kota",
        Audience::Official,
    ),
    (
        "latihan",
        "Ruang latihan: Tepat dengan data contoh",
        Audience::Official,
    ),
];

/// Who a page is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Citizen,
    Official,
}

#[derive(Template)]
#[template(path = "info_index.html")]
struct IndexPage {
    ctx: PageCtx,
    citizens: Vec<(&'static str, &'static str)>,
    officials: Vec<(&'static str, &'static str)>,
}

async fn index(ctx: PageCtx) -> Result<Html<String>, AppError> {
    let of = |who: Audience| {
        TOPICS
            .iter()
            .filter(|(_, _, a)| *a == who)
            .map(|(slug, title, _)| (*slug, *title))
            .collect()
    };
    let page = IndexPage {
        citizens: of(Audience::Citizen),
        officials: of(Audience::Official),
        ctx,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

#[derive(Template)]
#[template(path = "info_topic.html")]
struct TopicPage {
    ctx: PageCtx,
    slug: &'static str,
    title: &'static str,
    /// The programmes, for the page about them.
    programmes: Vec<Programme>,
}

async fn topic(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let Some((slug, title, _)) = TOPICS.iter().find(|(s, _, _)| *s == slug) else {
        return Err(AppError::NotFound);
    };
    let programmes = if *slug == "program" {
        crate::programmes::store::list(&state.db).await?
    } else {
        Vec::new()
    };
    let page = TopicPage {
        ctx,
        slug,
        title,
        programmes,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}
