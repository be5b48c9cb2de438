//! JSON API for goods bought for hand-outs: suppliers, a hand-out's goods list, purchases
//! with their pain.001 file, delivery notes with their photo, the stock, and decisions on
//! shortfalls. Every POST carries an `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::{NewGoods, NewSupplier};
use super::moves::{Delivery, Shortfall};
use super::receive::{self, DeliveryInput};
use super::service::{self, PurchaseInput};
use super::site::{self, Decision, Stock};
use super::store::{self, Purchase, Supplier};
use crate::auth::{ApiCaller, Permission};
use crate::distribution::error::DistributionError;
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_supplier, list_suppliers))
        .routes(routes!(set_goods))
        .routes(routes!(get_stock))
        .routes(routes!(purchase_goods))
        .routes(routes!(purchase_file))
        .routes(routes!(receive_goods))
        .routes(routes!(delivery_photo))
        .routes(routes!(decide_shortfall))
}

/// Suppliers.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = SupplierList)]
struct Suppliers {
    items: Vec<Supplier>,
}

/// Register a supplier of goods for hand-outs in a regency or city of the officer's
/// region (district officers); its ledger account is opened with it. Requires an
/// `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/suppliers", tag = "distributions",
    request_body = NewSupplier,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Registered", body = Supplier),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "A supplier of this name is registered there", body = Problem),
        (status = 422, description = "A field is wrong", body = Problem)))]
async fn register_supplier(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<NewSupplier>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageDistributions)?;
    let now = state.clock.now();
    let input = command.body.clone();
    let run = async {
        let done = service::register_supplier(&state.db, &caller, input, request_id.0.clone(), now)
            .await?;
        Ok((StatusCode::CREATED, done))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}

/// Suppliers registered in, around or inside the caller's region, by name.
#[utoipa::path(get, path = "/api/v1/suppliers", tag = "distributions",
    security(("bearer" = [])),
    responses((status = 200, description = "The suppliers", body = Suppliers),
        (status = 403, description = "Not allowed", body = Problem)))]
async fn list_suppliers(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Suppliers>, AppError> {
    caller.require(Permission::ReadDistributions)?;
    let region = caller.region.as_ref().map(|r| r.as_str().to_owned());
    let items = store::suppliers(&state.db, region.as_deref().unwrap_or(""))
        .await
        .map_err(DistributionError::from)?;
    Ok(Json(Suppliers { items }))
}

/// Set what each household of a hand-out receives, item by item with the agreed price;
/// refused once goods have been bought for it.
#[utoipa::path(put, path = "/api/v1/distributions/{id}/goods", tag = "distributions",
    request_body = NewGoods,
    params(("id" = i64, Path, description = "Hand-out id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The stock with its new goods list", body = Stock),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such hand-out in the caller's region", body = Problem),
        (status = 409, description = "Closed, or goods bought already", body = Problem),
        (status = 422, description = "An item is wrong", body = Problem)))]
async fn set_goods(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    Json(goods): Json<NewGoods>,
) -> Result<Json<Stock>, AppError> {
    caller.require_write(Permission::ManageDistributions)?;
    let now = state.clock.now();
    service::set_goods(&state.db, &caller, id, goods, request_id.0, now).await?;
    Ok(Json(site::stock(&state.db, &caller, id).await?))
}

/// A hand-out's goods: each item's units ordered, received, handed out, short and left,
/// the purchases, delivery notes and shortfalls, and the stock's value beside its ledger
/// balance.
#[utoipa::path(get, path = "/api/v1/distributions/{id}/stock", tag = "distributions",
    params(("id" = i64, Path, description = "Hand-out id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The stock", body = Stock),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such hand-out in the caller's region", body = Problem)))]
async fn get_stock(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Stock>, AppError> {
    caller.require(Permission::ReadDistributions)?;
    Ok(Json(site::stock(&state.db, &caller, id).await?))
}

/// Buy goods on a hand-out's list from a supplier, paid from an approved cycle's envelope
/// of its programme: one ledger transfer envelope → supplier. Requires an
/// `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/distributions/{id}/purchases", tag = "distributions",
    request_body = PurchaseInput,
    params(("id" = i64, Path, description = "Hand-out id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Bought", body = Purchase),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such hand-out in the caller's region", body = Problem),
        (status = 409, description = "Closed, cycle not approved, or its envelope short", body = Problem),
        (status = 422, description = "Unknown item, supplier or cycle, or a bad quantity", body = Problem)))]
async fn purchase_goods(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<PurchaseInput>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageDistributions)?;
    let now = state.clock.now();
    let input = command.body.clone();
    let run = async {
        let done =
            service::purchase(&state.db, &caller, id, &input, request_id.0.clone(), now).await?;
        Ok((StatusCode::CREATED, done))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// A purchase's pain.001.001.09 file for the bank: one credit transfer to the supplier.
#[utoipa::path(get, path = "/api/v1/distributions/purchases/{id}/pain001", tag = "distributions",
    params(("id" = i64, Path, description = "Purchase id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The pain.001 file", content_type = "application/xml", body = String),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "None in the caller's region", body = Problem)))]
async fn purchase_file(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    caller.require(Permission::ReadDistributions)?;
    file_response(&state, &caller, id).await
}

/// A purchase's pain.001 file as a download, for readers of its hand-out's region.
pub async fn file_response(
    state: &AppState,
    caller: &crate::auth::Principal,
    id: i64,
) -> Result<Response, AppError> {
    let (name, bytes) = super::file::pain001(&state.db, caller, id).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// A delivery note as sent through the API, its photo in base64.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DistributionDeliveryCommand)]
#[serde(deny_unknown_fields)]
struct DeliveryCommand {
    note_number: String,
    quantity: i64,
    /// A JPEG or PNG photo of the goods with the note, base64.
    photo_base64: String,
}

/// Receive goods of a purchase into its hand-out's stock against the supplier's delivery
/// note, with a photo: the units into the stock, their value supplier → stock in the
/// ledger (village operators and district officers). Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/distributions/purchases/{id}/deliveries", tag = "distributions",
    request_body = DeliveryCommand,
    params(("id" = i64, Path, description = "Purchase id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 201, description = "Received", body = Delivery),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such purchase in the caller's region", body = Problem),
        (status = 409, description = "Closed, more than ordered, or the note received already", body = Problem),
        (status = 422, description = "A field or the photo is wrong", body = Problem)))]
async fn receive_goods(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<DeliveryCommand>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::CheckInRecipients)?;
    let now = state.clock.now();
    let body = command.body.clone();
    let run = async {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(body.photo_base64.trim())
            .map_err(|_| {
                DistributionError::invalid(
                    "photo_base64",
                    "base64",
                    "must be the photo in base64",
                    "harus foto dalam base64",
                )
            })?;
        let input = DeliveryInput {
            note_number: body.note_number.clone(),
            quantity: body.quantity,
        };
        let done = receive::deliver(
            &state.db,
            &caller,
            id,
            (&input, &bytes),
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((StatusCode::CREATED, done))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// A delivery note's photo, for readers of its hand-out's region.
pub async fn photo_response(
    state: &AppState,
    caller: &crate::auth::Principal,
    id: i64,
) -> Result<Response, AppError> {
    let (bytes, kind, event) = super::moves::photo(&state.db, id)
        .await
        .map_err(DistributionError::from)?
        .ok_or(AppError::NotFound)?;
    crate::distribution::service::event_in_scope(&state.db, caller, event).await?;
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// The photo of a delivery note.
#[utoipa::path(get, path = "/api/v1/distributions/deliveries/{id}/photo", tag = "distributions",
    params(("id" = i64, Path, description = "Delivery note id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The photo", content_type = "image/jpeg", body = Vec<u8>),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "None in the caller's region", body = Problem)))]
async fn delivery_photo(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    caller.require(Permission::ReadDistributions)?;
    photo_response(&state, &caller, id).await
}

/// Decide a shortfall found when a hand-out's stock was counted: `upheld` (a loss to
/// pursue) or `dismissed` (explained), with a note; once (district officers). Requires an
/// `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/distributions/shortfalls/{id}/decision", tag = "distributions",
    request_body = Decision,
    params(("id" = i64, Path, description = "Shortfall id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "Decided", body = Shortfall),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such shortfall in the caller's region", body = Problem),
        (status = 409, description = "Decided already", body = Problem),
        (status = 422, description = "A field is wrong", body = Problem)))]
async fn decide_shortfall(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<Decision>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageDistributions)?;
    let now = state.clock.now();
    let decision = command.body.clone();
    let run = async {
        let done =
            site::decide(&state.db, &caller, id, &decision, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, done))
    };
    let subject = id.to_string();
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
