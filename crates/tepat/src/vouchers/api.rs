//! JSON API for vouchers: issuing a cycle's vouchers, listing them for printing cards,
//! the verifier key merchants' phones keep, and redemptions by a merchant's token. Every
//! POST carries an `Idempotency-Key`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::VoucherError;
use super::group::Redemptions;
use super::keys::{KeyRing, verifier_text};
use super::model::{ACTIVE, Issued, NewRedemption, REVOKED, Redeemed, VoucherListed};
use super::{issue, store};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::{IdempotentJson, Inline};
use crate::http::{AppError, AppState, FieldError, RequestId};
use crate::region_code::RegionCode;

type Problem = crate::http::Problem;

/// Most vouchers in one page of the list.
const LIST_LIMIT_MAX: i64 = 1_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(issue_vouchers))
        .routes(routes!(list_vouchers))
        .routes(routes!(verifier_key))
        .routes(routes!(redeem_voucher))
        .routes(routes!(revoke_voucher))
}

/// The server's voucher keys (made on first use).
pub fn keys(state: &AppState) -> Result<Arc<KeyRing>, AppError> {
    state
        .part::<Arc<KeyRing>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("voucher keys not configured")))
}

/// Where a cycle's vouchers are issued.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct VoucherRegion {
    /// A region of the cycle, inside the caller's own.
    region: String,
}

/// Issue vouchers for every computed entitlement of an approved cycle of a programme
/// spent at merchants (SEMBAKO, KJP_PLUS), in a region. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/cycles/{id}/vouchers", tag = "vouchers",
    request_body = VoucherRegion,
    params(("id" = i64, Path, description = "Cycle id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Vouchers issued", body = Issued),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such cycle in the caller's scope", body = Problem),
        (status = 409, description = "Not approved, not a voucher programme, or nothing left", body = Problem),
        (status = 422, description = "Region outside the cycle or the caller's scope", body = Problem)))]
async fn issue_vouchers(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<VoucherRegion>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let keys = keys(&state)?;
    let region = command.body.region.clone();
    let run = async {
        let issued = issue::issue(
            &state.db,
            &keys,
            &caller,
            id,
            &region,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::CREATED, issued))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// A region inside the caller's own.
    region: String,
    /// `active` (default) or `revoked`.
    status: Option<String>,
    /// 1 to 1000; 200 by default.
    limit: Option<i64>,
    /// Only vouchers with a larger id: the last id of the previous page.
    after: Option<i64>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct VoucherList {
    items: Vec<VoucherListed>,
}

/// Vouchers of a region with their typed codes, for printing cards, by id.
#[utoipa::path(get, path = "/api/v1/vouchers", tag = "vouchers", params(ListQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Vouchers", body = VoucherList),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 422, description = "Region outside the caller's scope, or a bad status or limit", body = Problem)))]
async fn list_vouchers(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Query(query): Query<ListQuery>,
) -> Result<Json<VoucherList>, AppError> {
    caller.require(Permission::ReadVouchers)?;
    let region = RegionCode::parse(&query.region)
        .ok()
        .filter(|r| caller.covers(r))
        .ok_or_else(|| bad("region", "in_scope", "must be a region inside your own"))?;
    let status = query.status.unwrap_or_else(|| ACTIVE.to_owned());
    if ![ACTIVE, REVOKED].contains(&status.as_str()) {
        return Err(bad("status", "one_of", "must be active or revoked"));
    }
    let limit = query.limit.unwrap_or(200);
    if !(1..=LIST_LIMIT_MAX).contains(&limit) {
        return Err(bad("limit", "range", "must be 1 to 1000"));
    }
    let after = query.after.unwrap_or(0).max(0);
    let items = store::list(&state.db, region.as_str(), &status, after, limit)
        .await
        .map_err(VoucherError::from)?;
    Ok(Json(VoucherList { items }))
}

fn bad(field: &str, rule: &str, message: &str) -> AppError {
    AppError::invalid(FieldError::new(field, rule, message, message))
}

/// The key vouchers are signed with, for merchants' phones to check them offline.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct VerifierKey {
    /// `Ed25519`.
    algorithm: String,
    /// The 32-byte public key, base64url without padding.
    key: String,
}

/// The voucher verifier key (public).
#[utoipa::path(get, path = "/api/v1/vouchers/key", tag = "vouchers",
    responses((status = 200, description = "The verifier key", body = VerifierKey)))]
async fn verifier_key(State(state): State<AppState>) -> Result<Json<VerifierKey>, AppError> {
    let key = keys(&state)?.verifier().map_err(VoucherError::from)?;
    Ok(Json(VerifierKey {
        algorithm: "Ed25519".to_owned(),
        key: verifier_text(&key),
    }))
}

/// Spend a voucher at the caller's shop (a merchant's token with `money:write`):
/// `voucher` is the typed code or the QR text; each item names a goods category of the
/// programme that the shop may sell. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/redemptions", tag = "vouchers", request_body = NewRedemption,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Redeemed", body = Redeemed),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not a merchant's account with a shop", body = Problem),
        (status = 409, description = "Over the balance, revoked, expired, or the shop suspended", body = Problem),
        (status = 422, description = "Forged, altered or unknown voucher, or goods not allowed", body = Problem)))]
async fn redeem_voucher(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NewRedemption>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::RedeemVouchers)?;
    let now = state.clock.now();
    let keys = keys(&state)?;
    // The purchase and its answer commit in one transaction, shared with the purchases
    // queued beside it (see `group/`).
    let inline = Inline::new(&command, &caller.actor);
    let input = command.body.clone();
    redemptions(&state)?
        .redeem(&keys, &caller, input, inline, request_id.0, now)
        .await
}

/// The server's redemption writer.
fn redemptions(state: &AppState) -> Result<&Arc<Redemptions>, AppError> {
    state
        .part::<Arc<Redemptions>>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("redemption writer not configured")))
}

/// Why a voucher is revoked.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = VoucherRevocation)]
#[serde(deny_unknown_fields)]
struct Revocation {
    /// 5 to 500 characters.
    reason: String,
}

/// A voucher's state after a command.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct VoucherState {
    id: i64,
    /// `active`, `revoked` or `closed`.
    status: String,
    remaining: i64,
}

/// Revoke an active voucher in the caller's region, with the reason: it can no longer be
/// spent, and what it holds returns to the treasury when its cycle closes. Requires an
/// `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/vouchers/{id}/revoke", tag = "vouchers",
    request_body = Revocation,
    params(("id" = i64, Path, description = "Voucher id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The revoked voucher", body = VoucherState),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such voucher in the caller's region", body = Problem),
        (status = 409, description = "Not active", body = Problem),
        (status = 422, description = "Reason outside 5–500 characters", body = Problem)))]
async fn revoke_voucher(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<Revocation>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let reason = command.body.reason.clone();
    let run = async {
        let voucher =
            super::revoke::revoke(&state.db, &caller, id, &reason, request_id.0.clone(), now)
                .await?;
        let answer = VoucherState {
            id: voucher.id,
            status: voucher.status,
            remaining: voucher.remaining,
        };
        Ok((StatusCode::OK, answer))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
