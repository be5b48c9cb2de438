//! JSON API for the offline limits of voucher programmes: officials read them; a ministry
//! officer sets a programme's with an `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::model::Limits;
use super::{setting, store};
use crate::auth::{ApiCaller, Permission};
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, RequestId};
use crate::vouchers::error::VoucherError;

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_offline_limits))
        .routes(routes!(set_offline_limits))
}

/// One programme's offline limits, in rupiah.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct ProgrammeOfflineLimits {
    /// The programme's code, e.g. `SEMBAKO`.
    programme: String,
    /// The most one voucher may be spent offline at one shop.
    per_voucher: i64,
    /// The most one shop may take offline in one day (WIB).
    per_day: i64,
    /// The most one shop may hold unsynced at once.
    outstanding: i64,
}

impl ProgrammeOfflineLimits {
    fn new(programme: String, limits: Limits) -> Self {
        Self {
            programme,
            per_voucher: limits.per_voucher,
            per_day: limits.per_day,
            outstanding: limits.outstanding,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct OfflineLimitsList {
    items: Vec<ProgrammeOfflineLimits>,
}

/// Every voucher programme's offline limits, by programme code.
#[utoipa::path(get, path = "/api/v1/offline-limits", tag = "vouchers",
    security(("bearer" = [])),
    responses((status = 200, description = "The limits", body = OfflineLimitsList),
        (status = 401, description = "No credentials", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem)))]
async fn list_offline_limits(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<OfflineLimitsList>, AppError> {
    caller.require(Permission::ReadMerchants)?;
    let limits = store::limits(&state.db).await.map_err(VoucherError::from)?;
    let mut items: Vec<ProgrammeOfflineLimits> = limits
        .into_iter()
        .map(|(programme, limits)| ProgrammeOfflineLimits::new(programme, limits))
        .collect();
    items.sort_by(|a, b| a.programme.cmp(&b.programme));
    Ok(Json(OfflineLimitsList { items }))
}

/// Set a voucher programme's offline limits (a ministry officer): each 1 to 1,000,000,000
/// rupiah, `per_voucher` within `per_day` and within `outstanding`. Recorded as the event
/// `voucher.offline_limits_changed`; shops' phones take them with their next bundle.
/// Requires an `Idempotency-Key` header.
#[utoipa::path(put, path = "/api/v1/offline-limits/{programme}", tag = "vouchers",
    request_body = Limits,
    params(("programme" = String, Path, description = "Programme code, e.g. SEMBAKO"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The limits now", body = ProgrammeOfflineLimits),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not a ministry officer", body = Problem),
        (status = 404, description = "No such programme", body = Problem),
        (status = 409, description = "Not a programme spent at merchants", body = Problem),
        (status = 422, description = "A limit out of range, or per_voucher above another", body = Problem)))]
async fn set_offline_limits(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(programme): Path<String>,
    command: IdempotentJson<Limits>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::SetOfflineLimits)?;
    let now = state.clock.now();
    let limits = command.body;
    let run = async {
        let set = setting::set(
            &state.db,
            &caller,
            &programme,
            limits,
            request_id.0.clone(),
            now,
        )
        .await?;
        Ok((
            StatusCode::OK,
            ProgrammeOfflineLimits::new(programme.clone(), set),
        ))
    };
    command
        .once(&state.db, &caller.actor, Some(&programme), now, run)
        .await
}
