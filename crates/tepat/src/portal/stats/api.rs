//! `GET /api/v1/public/statistics`: every statistics table of a region as JSON, no login —
//! the same figures as `/statistik` and its downloads.

use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::download;
use super::keeper::Keeper;
use super::tables;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState};
use crate::web::i18n::Lang;

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(statistics))
}

/// Which region.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatisticsQuery {
    /// A region code (`31`, `31.75`, `31.75.07`, `31.75.07.1003`); none: the whole country.
    pub region: Option<String>,
}

/// A region by code and name.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct StatisticsRegion {
    /// Empty for the whole country.
    pub code: String,
    pub name: String,
}

/// One table: its columns, and rows keyed by them.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct StatisticsTable {
    /// `rumah-tangga`, `penerima`, `perubahan`, `pembayaran`, `musyawarah` or `sanggahan`.
    pub name: String,
    pub title: String,
    /// Key columns first, then number columns.
    pub columns: Vec<String>,
    /// Each row an object keyed by column: a hidden number is `null` and its column is
    /// named in the row's `suppressed` list; `total` marks the row of totals.
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<serde_json::Value>,
}

/// Every table of a region.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct StatisticsReport {
    pub region: StatisticsRegion,
    pub tables: Vec<StatisticsTable>,
    /// Counts below this (but above 0) are hidden.
    pub suppressed_below: i64,
    /// The tree size of the transparency log's checkpoint the figures were computed at.
    pub checkpoint_tree_size: u64,
    pub checkpoint_url: String,
    /// When the figures were computed, RFC 3339.
    pub computed_at: String,
}

/// The statistics of a region (`region`, none for the whole country): households and
/// persons registered, recipients per programme and desil, additions and removals per WIB
/// month with reasons, money paid per programme and cycle, deliberations held and
/// objections with their outcomes. Counts from 1 to 4 are `null` (see each row's
/// `suppressed`), with a second figure hidden wherever a total would reveal one.
#[utoipa::path(get, path = "/api/v1/public/statistics", tag = "statistik",
    params(StatisticsQuery),
    responses((status = 200, description = "The region's tables", body = StatisticsReport),
        (status = 400, description = "`region` is not a region code", body = Problem),
        (status = 404, description = "No such region", body = Problem)))]
async fn statistics(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<StatisticsQuery>,
) -> Result<Json<StatisticsReport>, AppError> {
    let copy = Keeper::of(&state).get(&state.db, state.clock.now()).await?;
    let (region, name) = super::region(&state.db, &copy, query.region.as_deref(), "region").await?;
    let tables = tables::tables(&copy, (&region, &name), Lang::Id)
        .iter()
        .map(|t| StatisticsTable {
            name: t.name.to_owned(),
            title: t.title.0.to_owned(),
            columns: download::column_names(t),
            rows: download::rows(t),
        })
        .collect();
    Ok(Json(StatisticsReport {
        region: StatisticsRegion { name, code: region },
        tables,
        suppressed_below: super::protect::SMALL_MAX + 1,
        checkpoint_tree_size: copy.checkpoint,
        checkpoint_url: download::CHECKPOINT_URL.to_owned(),
        computed_at: download::computed_at(&copy),
    }))
}
