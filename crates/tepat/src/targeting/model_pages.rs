//! Welfare model pages for ministry officers: the published versions (name, who, when, R²
//! where known) and one version with its weights in words; the 403 page that says who may
//! use the targeting pages, and the pieces the calibration pages share.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::explain::{WeightLine, weight_lines};
use super::model::{Model, Weights};
use super::pages::show_number;
use super::store::models::{self, PublishedModel};
use crate::auth::{Permission, Principal, Role, SignedIn};
use crate::db::Db;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};
use crate::region_code::RegionCode;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/penargetan/model", models_page)
        .get("/penargetan/model/{version}", model_page)
}

/// A 403 page that says who may use these pages, instead of a bare refusal.
#[derive(Template)]
#[template(path = "targeting_denied.html")]
pub struct DeniedPage {
    pub ctx: PageCtx,
}

/// Nothing for ministry officers; for anyone else, the page saying why they may not.
pub fn ministry_only(me: &Principal, ctx: &PageCtx) -> Option<Response> {
    if me.allows(Permission::ManageWelfareModels, false).is_ok() {
        return None;
    }
    let page = DeniedPage { ctx: ctx.clone() }.render();
    Some(match page {
        Ok(html) => (StatusCode::FORBIDDEN, Html(html)).into_response(),
        Err(_) => AppError::Forbidden.into_response(),
    })
}

/// Weights in words with points as the reader writes numbers.
pub fn shown_weights(weights: &Weights, lang: Lang) -> Vec<(WeightLine, String)> {
    weight_lines(weights, lang)
        .into_iter()
        .map(|l| {
            let points = show_number(l.points, lang, true);
            (l, points)
        })
        .collect()
}

/// A published version in the list.
pub struct VersionRow {
    pub m: PublishedModel,
    pub r_squared: Option<String>,
    pub by: String,
}

/// The R² a calibrated model records in its `sources.fit`, if any.
fn r_squared_of(model: &str, lang: Lang) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(model).ok()?;
    let r2 = json.pointer("/sources/fit/r_squared")?.as_f64()?;
    Some(show_number(r2, lang, false))
}

#[derive(Template)]
#[template(path = "targeting_models.html")]
struct ModelsPage {
    ctx: PageCtx,
    versions: Vec<VersionRow>,
}

async fn models_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    if let Some(denied) = ministry_only(&me, &ctx) {
        return Ok(denied);
    }
    let versions = models::list(&state.db)
        .await?
        .into_iter()
        .map(|m| VersionRow {
            r_squared: r_squared_of(&m.model, ctx.lang),
            by: who(&m, ctx.lang),
            m,
        })
        .collect();
    let html = ModelsPage { ctx, versions }
        .render()
        .map_err(anyhow::Error::from)?;
    Ok(Html(html).into_response())
}

/// Province names for two-digit codes (the code itself if the region list lacks it).
pub async fn province_names(db: &Db, codes: &[String]) -> Result<Vec<String>, AppError> {
    let mut names = Vec::new();
    for code in codes {
        let found = match RegionCode::parse(code) {
            Ok(region) => crate::regions::store::find(db, &region).await?,
            Err(_) => None,
        };
        names.push(found.map_or_else(|| code.clone(), |r| r.name));
    }
    Ok(names)
}

/// A role in words.
pub fn role_words(role: &str, lang: Lang) -> String {
    Role::parse(role).map_or_else(|_| role.to_owned(), |r| r.label(lang).to_owned())
}

/// Who published a version: the account's name and role, or the command line.
fn who(m: &PublishedModel, lang: Lang) -> String {
    match &m.actor_name {
        Some(name) => format!("{name} ({})", role_words(&m.actor_role, lang)),
        None => lang.pick(
            "perintah tepat di server",
            "the tepat command on the server",
        ),
    }
}

#[derive(Template)]
#[template(path = "targeting_model.html")]
struct ModelPage {
    ctx: PageCtx,
    version: VersionRow,
    ranking: String,
    weights: Vec<(WeightLine, String)>,
    provinces: Vec<String>,
}

async fn model_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(version): Path<i64>,
) -> Result<Response, AppError> {
    if let Some(denied) = ministry_only(&me, &ctx) {
        return Ok(denied);
    }
    let published = models::find(&state.db, version)
        .await?
        .ok_or(AppError::NotFound)?;
    let model = Model::parse(&published.model).map_err(AppError::invalid)?;
    let ranking = match model.ranking.code() {
        "national" => ctx.lang.pick("nasional", "national"),
        "regency" => ctx.lang.pick("dalam kabupaten/kota", "within the regency"),
        _ => ctx.lang.pick("dalam provinsi", "within the province"),
    };
    let codes: Vec<String> = model.provinces.keys().cloned().collect();
    let provinces = province_names(&state.db, &codes).await?;
    let html = ModelPage {
        weights: shown_weights(&model.base, ctx.lang),
        version: VersionRow {
            r_squared: r_squared_of(&published.model, ctx.lang),
            by: who(&published, ctx.lang),
            m: published,
        },
        ctx,
        ranking,
        provinces,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html).into_response())
}
