//! JSON API of the e-wallet channel: send an approved e-wallet payroll's waiting payments
//! to the provider and settle its answer.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Provider, WalletBatch};
use crate::auth::{ApiCaller, Permission};
use crate::disbursement::api::CycleCommand;
use crate::disbursement::bank::reconcile::Imported;
use crate::disbursement::error::CycleError;
use crate::http::idempotency::IdempotentJson;
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(pay_wallet))
        .routes(routes!(wallet_status))
}

/// The provider's answers, one per wallet provider of the payroll.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct WalletAnswers {
    answers: Vec<Imported>,
}

/// Send an approved e-wallet payroll's waiting payments to the e-wallet provider (one
/// batch per wallet provider, under an idempotent batch id) and settle what it answers:
/// paid posts the reservation, rejected voids it and queues the payment for re-payment,
/// anything else is an exception. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/payrolls/{id}/wallet", tag = "disbursement",
    request_body = CycleCommand,
    params(("id" = i64, Path, description = "Payroll id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The provider's answers, settled", body = WalletAnswers),
        (status = 400, description = "Missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such payroll in the caller's scope", body = Problem),
        (status = 409, description = "Not an approved e-wallet payroll, or the provider cannot be reached", body = Problem)))]
async fn pay_wallet(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<CycleCommand>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let run = async {
        let provider = Provider::from_env()
            .map_err(|e| CycleError::conflict("provider", "configuration", &e.to_string(), &e.0))?;
        let answers =
            super::pay(&state.db, &caller, id, &provider, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, WalletAnswers { answers }))
    };
    let subject = format!("payroll:{id}:wallet");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// Statuses an e-wallet provider pushes about a batch Tepat sent it (its callback),
/// settled like its answer to the batch: paid posts the reservation, rejected voids it and
/// queues the payment for re-payment, anything else is an exception; the same statuses
/// twice change nothing. For a payment operator's token. Requires an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/wallet-status", tag = "disbursement",
    request_body = WalletBatch,
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "What the statuses did", body = Imported),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 422, description = "The batch names no e-wallet batch the caller may answer", body = Problem)))]
async fn wallet_status(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    command: IdempotentJson<WalletBatch>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ReportPayments)?;
    let now = state.clock.now();
    let run = async {
        let done =
            super::callback(&state.db, &caller, &command.body, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, done))
    };
    command.once(&state.db, &caller.actor, None, now, run).await
}
