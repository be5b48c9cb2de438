//! JSON API for targeting: a household's welfare score, desil and why.

use axum::Json;
use axum::extract::{Path, State};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::service::{self, Welfare};
use crate::auth::ApiCaller;
use crate::auth::Permission;
use crate::http::AppError;
use crate::http::AppState;
use crate::web::i18n::Lang;

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_welfare))
}

/// A household's welfare score (PMT) and desil with each attribute's contribution, largest
/// first. A household without a survey has status `not_surveyed` and no score.
#[utoipa::path(get, path = "/api/v1/households/{id}/welfare", tag = "targeting",
    params(("id" = i64, Path, description = "Household id")), security(("bearer" = [])),
    responses((status = 200, description = "The household's welfare score", body = Welfare),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "No such household, or outside scope", body = Problem)))]
async fn get_welfare(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Welfare>, AppError> {
    caller.require(Permission::ReadRegistry)?;
    Ok(Json(
        service::welfare(&state.db, &caller, id, Lang::En).await?,
    ))
}
