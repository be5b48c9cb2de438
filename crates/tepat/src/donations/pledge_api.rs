//! JSON API for pledges: pledging to a need, the donor's own pledges with their proofs, the
//! bank's payment notice, goods delivered, the confirmation with a photo, and the flags of
//! possible favouritism.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine as _;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::api::acting;
use super::error::DonationError;
use super::matching::{self, Flag};
use super::service::confirm::{self, Confirmation};
use super::service::pledge::{self, PaymentNotice, PledgeInput};
use super::service::refund::{self as refunding, RefundInput};
use super::store::pledges::Proof;
use super::store::{Need, Pledge};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState, RequestId, pagination};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(pledge_to))
        .routes(routes!(my_pledges))
        .routes(routes!(my_pledge))
        .routes(routes!(payment))
        .routes(routes!(deliver))
        .routes(routes!(refund))
        .routes(routes!(confirm))
        .routes(routes!(favouritism))
}

/// Pledge to an open need (donors). The answer carries the payment reference to write in
/// the transfer's message. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/needs/{id}/pledges", tag = "donations",
    request_body = PledgeInput,
    params(("id" = i64, Path, description = "Need id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "The pledge", body = Pledge)))]
async fn pledge_to(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<PledgeInput>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::PledgeDonations)?;
    let acting = acting(&caller, &request_id, &state);
    let run = async {
        let pledge = pledge::pledge(&state.db, &acting, id, &command.body).await?;
        Ok((StatusCode::CREATED, pledge))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), acting.now, run)
        .await
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PledgeQuery {
    cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<u32>,
}

/// A page of the donor's pledges.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct PledgePage {
    items: Vec<Pledge>,
    next_cursor: Option<String>,
}

/// The caller's own pledges, newest first (donors).
#[utoipa::path(get, path = "/api/v1/pledges", tag = "donations", params(PledgeQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of pledges", body = PledgePage)))]
async fn my_pledges(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<PledgeQuery>,
) -> Result<Json<PledgePage>, AppError> {
    caller.require(Permission::PledgeDonations)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: query.limit,
    }
    .validate()?;
    let rows = pledge::mine(&state.db, &caller, page.before_id(), page.limit + 1).await?;
    let (items, next_cursor) = pagination::finish_page(rows, page.limit, |p| p.id.to_string());
    Ok(Json(PledgePage { items, next_cursor }))
}

/// One of the donor's pledges with the log entries that prove each step.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = DonationPledgeDetail)]
struct PledgeDetail {
    pledge: Pledge,
    need: Need,
    proofs: Vec<Proof>,
}

/// One of the caller's own pledges, with its proofs in the transparency log (donors).
#[utoipa::path(get, path = "/api/v1/pledges/{id}", tag = "donations",
    params(("id" = i64, Path, description = "Pledge id")), security(("bearer" = [])),
    responses((status = 200, description = "The pledge and its proofs", body = PledgeDetail)))]
async fn my_pledge(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<PledgeDetail>, AppError> {
    caller.require(Permission::PledgeDonations)?;
    let (pledge, need, proofs) = pledge::mine_one(&state.db, &caller, id).await?;
    Ok(Json(PledgeDetail {
        pledge,
        need,
        proofs,
    }))
}

/// The bank's notice of a transfer into a need's account, carrying the pledge's payment
/// reference (bank role). A reference matching no pledge is refused (`reference`,
/// `unknown`); so is an amount other than the pledge's. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/donations/payments", tag = "donations",
    request_body = PaymentNotice,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The pledge, paid", body = Pledge)))]
async fn payment(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<PaymentNotice>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ReportPayments)?;
    let acting = acting(&caller, &request_id, &state);
    let run = async {
        let pledge = pledge::pay(&state.db, &acting, &command.body).await?;
        Ok((StatusCode::OK, pledge))
    };
    command
        .once(&state.db, &caller.actor, None, acting.now, run)
        .await
}

/// Nothing to say: the path names the pledge.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DonationDelivery)]
struct Delivery {}

/// Record goods handed in at the village office or by the merchant for a pledge (village
/// operators and facilitators). Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/pledges/{id}/deliver", tag = "donations",
    request_body = Delivery,
    params(("id" = i64, Path, description = "Pledge id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The pledge, delivered", body = Pledge)))]
async fn deliver(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<Delivery>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::PostNeeds)?;
    let acting = acting(&caller, &request_id, &state);
    let run = async {
        let pledge = pledge::deliver(&state.db, &acting, id).await?;
        Ok((StatusCode::OK, pledge))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), acting.now, run)
        .await
}

/// Record that money paid to a withdrawn or expired need went back to its donor, with the
/// bank's reference of the return transfer (bank role and the money officials). A pledge
/// not paid, already confirmed, or of a need still open is refused (`pledge`,
/// `not-refundable`, 409). Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/pledges/{id}/refund", tag = "donations",
    request_body = RefundInput,
    params(("id" = i64, Path, description = "Pledge id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The pledge, refunded", body = Pledge)))]
async fn refund(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<RefundInput>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ReportPayments)?;
    let acting = acting(&caller, &request_id, &state);
    let run = async {
        let pledge = refunding::refund(&state.db, &acting, id, &command.body).await?;
        Ok((StatusCode::OK, pledge))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), acting.now, run)
        .await
}

/// The household's confirmation, sent by its facilitator.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DonationConfirmInput)]
struct ConfirmInput {
    /// A JPEG or PNG photo of what arrived, base64; at most 700 KB through the API (the
    /// page takes 5 MB).
    photo_base64: String,
    /// What arrived, in words.
    #[serde(default)]
    note: String,
}

/// Confirm that a paid or delivered pledge reached the household, with a photo
/// (facilitators of the need's village). Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/pledges/{id}/confirm", tag = "donations",
    request_body = ConfirmInput,
    params(("id" = i64, Path, description = "Pledge id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The pledge, confirmed", body = Pledge)))]
async fn confirm(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<ConfirmInput>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ConfirmDonations)?;
    let acting = acting(&caller, &request_id, &state);
    let run = async {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(command.body.photo_base64.trim())
            .map_err(|_| {
                DonationError::invalid(
                    "photo_base64",
                    "base64",
                    "must be the photo in base64",
                    "harus foto dalam base64",
                )
            })?;
        let confirmation = Confirmation {
            note: &command.body.note,
            photo: Some(&bytes),
        };
        let pledge = confirm::confirm(&state.db, &acting, id, &confirmation).await?;
        Ok((StatusCode::OK, pledge))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), acting.now, run)
        .await
}

/// Households of the caller's region whose needs were posted more than three times as
/// often as the median household of their village in the last 90 days (district officers).
#[utoipa::path(get, path = "/api/v1/donations/flags", tag = "donations",
    security(("bearer" = [])),
    responses((status = 200, description = "Flagged households", body = [Flag])))]
async fn favouritism(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<Flag>>, AppError> {
    caller.require(Permission::ReadDonationFlags)?;
    let now = state.clock.now();
    Ok(Json(matching::flags_for(&state.db, &caller, now).await?))
}
