//! JSON API for merchants: registering one, listing those the caller may see, suspending
//! one with a reason. Every POST carries an `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{Merchant, NewMerchant, Suspension};
use super::service;
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_merchants, register_merchant))
        .routes(routes!(suspend_merchant))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct MerchantList {
    items: Vec<Merchant>,
}

/// Merchants in the caller's region; a merchant's account sees its own shop only.
#[utoipa::path(get, path = "/api/v1/merchants", tag = "vouchers",
    security(("bearer" = [])),
    responses((status = 200, description = "Merchants", body = MerchantList),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_merchants(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<MerchantList>, AppError> {
    let items = service::list(&state.db, &caller).await?;
    Ok(Json(MerchantList { items }))
}

/// Register a merchant (e-warong) with the programmes and goods categories it may serve.
/// District officers, in their region. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/merchants", tag = "vouchers", request_body = NewMerchant,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The registered merchant", body = Merchant),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "Code or sign-in account already taken", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem)))]
async fn register_merchant(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NewMerchant>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageMerchants)?;
    let now = state.clock.now();
    let input = command.body.clone();
    let run = async {
        let merchant =
            service::register(&state.db, &caller, input, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, merchant))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

/// Suspend an active merchant, with the reason; it can no longer accept vouchers.
/// Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/merchants/{id}/suspend", tag = "vouchers",
    request_body = Suspension,
    params(("id" = i64, Path, description = "Merchant id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The suspended merchant", body = Merchant),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such merchant in the caller's region", body = Problem),
        (status = 409, description = "Already suspended", body = Problem),
        (status = 422, description = "Reason outside 5–500 characters", body = Problem)))]
async fn suspend_merchant(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<Suspension>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageMerchants)?;
    let now = state.clock.now();
    let reason = command.body.reason.clone();
    let run = async {
        let merchant =
            service::suspend(&state.db, &caller, id, &reason, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, merchant))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
