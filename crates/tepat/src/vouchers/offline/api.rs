//! JSON API for offline spending: a shop registers its phones, fetches what a phone keeps
//! to check vouchers offline, and syncs a phone's queue; district officers read the
//! proofs of double spend and decide them. Every POST carries an `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::bundle::{Bundle, bundle};
use super::model::{Device, DoubleSpend, NewDevice, SyncBatch, Synced};
use super::{devices, flags, sync};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, FieldError, RequestId};
use crate::region_code::RegionCode;
use crate::vouchers::api::keys;

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_device))
        .routes(routes!(offline_bundle))
        .routes(routes!(sync_redemptions))
        .routes(routes!(list_double_spends))
        .routes(routes!(double_spend))
        .routes(routes!(decide_double_spend))
}

/// Register a phone of the caller's shop by its Ed25519 public key (a merchant's token
/// with `money:write`); the same key again answers the same device. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/merchant-devices", tag = "vouchers",
    request_body = NewDevice,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The device", body = Device),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not a merchant's account with a shop", body = Problem),
        (status = 409, description = "The key is another shop's, or the shop is suspended", body = Problem),
        (status = 422, description = "Not an Ed25519 key, or a bad label", body = Problem)))]
async fn register_device(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NewDevice>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::RedeemVouchers)?;
    let now = state.clock.now();
    let input = command.body.clone();
    let run = async {
        let device =
            devices::register(&state.db, &caller, input, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, device))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

/// What the caller's shop's phones keep to check vouchers offline: the verifier key,
/// revoked vouchers, the shop's devices, goods and offline limits.
#[utoipa::path(get, path = "/api/v1/vouchers/offline", tag = "vouchers",
    security(("bearer" = [])),
    responses((status = 200, description = "The offline bundle", body = Bundle),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Not a merchant's account with a shop", body = Problem),
        (status = 409, description = "The shop is suspended", body = Problem)))]
async fn offline_bundle(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Bundle>, AppError> {
    caller.require(Permission::RedeemVouchers)?;
    let keys = keys(&state)?;
    Ok(Json(bundle(&state.db, &keys, &caller).await?))
}

/// Sync a phone's queue of purchases recorded offline (a merchant's token with
/// `money:write`). Each record is the JSON text the device signed and its signature;
/// records are spent in the order they were made. The answer says, per record, whether it
/// was accepted, replayed (synced before), refused (with the rule), or refused as a double
/// spend (kept as a proof for the district). Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/redemptions/sync", tag = "vouchers",
    request_body = SyncBatch,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "What was done with each record", body = Synced),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not a merchant's account with a shop", body = Problem),
        (status = 409, description = "The shop is suspended", body = Problem),
        (status = 422, description = "Unknown device, or no or too many records", body = Problem)))]
async fn sync_redemptions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<SyncBatch>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::RedeemVouchers)?;
    let now = state.clock.now();
    let keys = keys(&state)?;
    let batch = command.body.clone();
    let run = async {
        let done = sync::sync(&state.db, &keys, &caller, batch, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, done))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct DoubleSpendQuery {
    /// A region inside the caller's own.
    region: String,
    /// `open`, `upheld` or `dismissed`; all when absent.
    status: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct DoubleSpendList {
    items: Vec<DoubleSpend>,
}

fn bad(field: &str, rule: &str, message: &str) -> AppError {
    AppError::invalid(FieldError::new(field, rule, message, message))
}

/// Double spends caught in a region's shops, open ones first, with their proofs.
#[utoipa::path(get, path = "/api/v1/double-spends", tag = "vouchers", params(DoubleSpendQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Double spends", body = DoubleSpendList),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 422, description = "Region outside the caller's scope, or a bad status", body = Problem)))]
async fn list_double_spends(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Query(query): Query<DoubleSpendQuery>,
) -> Result<Json<DoubleSpendList>, AppError> {
    caller.require(Permission::ReadMerchants)?;
    let region = RegionCode::parse(&query.region)
        .ok()
        .filter(|r| caller.covers(r))
        .ok_or_else(|| bad("region", "in_scope", "must be a region inside your own"))?;
    let status = query.status.as_deref();
    if status.is_some_and(|s| !["open", "upheld", "dismissed"].contains(&s)) {
        return Err(bad("status", "one_of", "must be open, upheld or dismissed"));
    }
    let items = flags::list(&state.db, &caller, Some(&region), status).await?;
    Ok(Json(DoubleSpendList { items }))
}

/// One double spend with its proof: the refused record and its device signature, and
/// the purchases that spent the voucher first.
#[utoipa::path(get, path = "/api/v1/double-spends/{id}", tag = "vouchers",
    params(("id" = i64, Path, description = "Double spend id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The double spend", body = DoubleSpend),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 404, description = "None in the caller's region", body = Problem)))]
async fn double_spend(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<DoubleSpend>, AppError> {
    caller.require(Permission::ReadMerchants)?;
    Ok(Json(flags::one(&state.db, &caller, id).await?))
}

/// A district officer's decision on a double spend.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DoubleSpendDecision)]
#[serde(deny_unknown_fields)]
struct Decision {
    /// `upheld` (fraud) or `dismissed` (an honest mistake).
    outcome: String,
    /// 5 to 500 characters.
    note: String,
}

/// Decide an open double spend in the caller's region. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/double-spends/{id}/decide", tag = "vouchers",
    request_body = Decision,
    params(("id" = i64, Path, description = "Double spend id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The decided double spend", body = DoubleSpend),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "None in the caller's region", body = Problem),
        (status = 409, description = "Already decided", body = Problem),
        (status = 422, description = "A bad outcome or note", body = Problem)))]
async fn decide_double_spend(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<Decision>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageMerchants)?;
    let now = state.clock.now();
    let (outcome, note) = (command.body.outcome.clone(), command.body.note.clone());
    let run = async {
        let decided = flags::decide(
            &state.db,
            &caller,
            id,
            &outcome,
            &note,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::OK, decided))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
