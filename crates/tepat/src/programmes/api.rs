//! JSON API for programmes: the public list and one programme (no credentials), and the
//! dry run of a new eligibility rule over the households in the caller's scope.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{Programme, RuleVersion};
use super::service::{self, Preview};
use super::snapshot::snapshots;
use crate::auth::ApiCaller;
use crate::auth::Permission;
use crate::http::AppError;
use crate::http::AppState;
use crate::http::idempotency::IdempotentJson;
use crate::web::i18n::Lang;

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_programmes))
        .routes(routes!(get_programme))
        .routes(routes!(preview_rule))
}

/// Every programme.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ProgrammeList {
    items: Vec<Programme>,
}

/// Every social-assistance programme with its current eligibility rule (in words, in
/// Bahasa Indonesia and English), benefit, channel, quotas and exclusions. Public.
#[utoipa::path(get, path = "/api/v1/programmes", tag = "programmes",
    responses((status = 200, description = "Every programme", body = ProgrammeList)))]
async fn list_programmes(State(state): State<AppState>) -> Result<Json<ProgrammeList>, AppError> {
    let items = service::list(&state.db).await?;
    Ok(Json(ProgrammeList { items }))
}

/// A programme and every published version of its rule, newest first.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ProgrammeDetail {
    #[serde(flatten)]
    programme: Programme,
    versions: Vec<RuleVersion>,
}

/// One programme with every version of its eligibility rule. Public.
#[utoipa::path(get, path = "/api/v1/programmes/{code}", tag = "programmes",
    params(("code" = String, Path, description = "Programme code, e.g. PKH")),
    responses((status = 200, description = "The programme", body = ProgrammeDetail),
        (status = 404, description = "No such programme", body = Problem)))]
async fn get_programme(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProgrammeDetail>, AppError> {
    let (programme, versions) = service::find(&state.db, &code).await?;
    Ok(Json(ProgrammeDetail {
        programme,
        versions,
    }))
}

/// A rule to try.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RuleDraft {
    /// The rule's source text, at most 4,000 characters.
    rule: String,
}

/// Dry run of a rule: how many households in the caller's scope it finds eligible, how
/// many enter and leave against the programme's current rule, by region one level below
/// the scope (provinces for the ministry). Changes nothing. A rule that does not compile
/// answers 422 with every error at its `line` and `column`. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/programmes/{code}/rule/preview", tag = "programmes",
    request_body = RuleDraft,
    params(("code" = String, Path, description = "Programme code"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The figures", body = Preview),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such programme", body = Problem),
        (status = 422, description = "The rule does not compile", body = Problem)))]
async fn preview_rule(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(code): Path<String>,
    command: IdempotentJson<RuleDraft>,
) -> Result<Response, AppError> {
    caller.require(Permission::PreviewProgrammeRule)?;
    let now = state.clock.now();
    let run = async {
        let run = service::preview(
            &state.db,
            &snapshots(&state),
            &caller,
            &code,
            &command.body.rule,
            now,
            Lang::En,
        )
        .await?;
        Ok((StatusCode::OK, run.preview))
    };
    command
        .once(&state.db, &caller.actor, Some(&code), now, run)
        .await
}
