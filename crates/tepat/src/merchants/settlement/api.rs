//! JSON API and page routes for settlements: settling a region's shops, listing the
//! settlements, and downloading a settlement's pain.001 file for its bank.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Settlement, file, settle, store};
use crate::auth::{ApiCaller, Permission, Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::idempotency::IdempotentJson;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, FieldError, RequestId};
use crate::region_code::RegionCode;
use crate::vouchers::error::VoucherError;

type Problem = crate::http::Problem;

/// Settlements in one list.
const LIST_MAX: i64 = 100;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_settlements, settle_region))
        .routes(routes!(settlement_file))
}

pub fn pages() -> RouteBook {
    RouteBook::new()
        .post("/pedagang/pelunasan", settle_form)
        .get("/pedagang/pelunasan/{id}/pain001", file_page)
}

/// Where shops are settled.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = SettlementRegion)]
#[serde(deny_unknown_fields)]
struct SettleRegion {
    /// A region inside the caller's own.
    region: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct SettlementList {
    items: Vec<Settlement>,
}

/// Pay every shop of a region for its redemptions not yet paid: one settlement (a
/// pain.001 file) per bank, one line per shop. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/merchant-settlements", tag = "vouchers",
    request_body = SettleRegion,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The settlements written", body = SettlementList),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "Nothing to pay", body = Problem),
        (status = 422, description = "Region outside the caller's scope", body = Problem)))]
async fn settle_region(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<SettleRegion>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageMerchants)?;
    let now = state.clock.now();
    let region = command.body.region.clone();
    let run = async {
        let items = settle(&state.db, &caller, &region, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, SettlementList { items }))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// A region inside the caller's own.
    region: String,
}

/// Settlements of a region's shops, newest first (at most 100).
#[utoipa::path(get, path = "/api/v1/merchant-settlements", tag = "vouchers", params(ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Settlements", body = SettlementList),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 422, description = "Region outside the caller's scope", body = Problem)))]
async fn list_settlements(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Query(query): Query<ListQuery>,
) -> Result<Json<SettlementList>, AppError> {
    caller.require(Permission::ReadMerchants)?;
    let region = RegionCode::parse(&query.region)
        .ok()
        .filter(|r| caller.covers(r))
        .ok_or_else(|| {
            let rule = "must be a region inside your own";
            AppError::invalid(FieldError::new("region", "in_scope", rule, rule))
        })?;
    let items = store::list(&state.db, region.as_str(), LIST_MAX)
        .await
        .map_err(VoucherError::from)?;
    Ok(Json(SettlementList { items }))
}

/// A settlement in the caller's region, as its pain.001 file.
async fn download(state: &AppState, caller: &Principal, id: i64) -> Result<Response, AppError> {
    let settlement = store::one(&state.db, id)
        .await
        .map_err(VoucherError::from)?
        .filter(|s| caller.covers_code(&s.region))
        .ok_or(AppError::NotFound)?;
    let bytes = file::pain001(&state.db, &settlement)
        .await
        .map_err(VoucherError::from)?;
    let disposition = format!("attachment; filename=\"{}\"", file::name(&settlement));
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// A settlement's pain.001.001.09 file for its bank.
#[utoipa::path(get, path = "/api/v1/merchant-settlements/{id}/pain001", tag = "vouchers",
    params(("id" = i64, Path, description = "Settlement id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The pain.001 file", content_type = "application/xml", body = String),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "None in the caller's region", body = Problem)))]
async fn settlement_file(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    caller.require(Permission::ReadMerchants)?;
    download(&state, &caller, id).await
}

async fn file_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    me.require(Permission::ReadMerchants)?;
    download(&state, &me, id).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct SettleForm {
    #[serde(default)]
    region: String,
}

async fn settle_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    CsrfForm(form): CsrfForm<SettleForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageMerchants)?;
    let now = state.clock.now();
    let done = settle(&state.db, &me, form.region.trim(), request_id.0, now).await;
    let target = match done {
        Ok(_) => "/pedagang?pelunasan=ok#pelunasan",
        Err(VoucherError::Conflict(_)) => "/pedagang?pelunasan=kosong#pelunasan",
        Err(VoucherError::Invalid(_)) => "/pedagang?pelunasan=wilayah#pelunasan",
        Err(err) => return Err(err.into()),
    };
    Ok(Redirect::to(target).into_response())
}
