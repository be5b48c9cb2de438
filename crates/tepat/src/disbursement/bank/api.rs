//! JSON API for paying by bank: recipients' accounts from a bank's account-opening file,
//! a payroll's `pain.001` file per bank, the banks' `pain.002` status reports, and
//! closing a reconciled cycle. Every POST carries an `Idempotency-Key`.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::accounts::{self, AccountsImported};
use super::reconcile::{self, Imported};
use crate::auth::{ApiCaller, Permission};
use crate::disbursement::api::CycleCommand;
use crate::disbursement::model::Cycle;
use crate::disbursement::payroll;
use crate::http::idempotency::{self, IdempotentJson};
use crate::http::{AppError, AppState, RequestId};

type Problem = crate::http::Problem;

/// The largest account file or status report the API reads; larger ones go through the
/// command line (`tepat payroll import-accounts`, `tepat payroll import-status`).
pub const FILE_BYTES_MAX: usize = 64 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_accounts))
        .routes(routes!(payroll_file))
        .routes(routes!(import_status))
        .routes(routes!(close_cycle))
        .routes(routes!(resolve_exception))
}

/// The body, when its media type is `expected`.
async fn body_of(
    headers: &HeaderMap,
    body: Body,
    expected: &'static [&'static str],
) -> Result<axum::body::Bytes, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    if !expected.contains(&media.as_str()) {
        return Err(AppError::UnsupportedMediaType(expected[0]));
    }
    axum::body::to_bytes(body, FILE_BYTES_MAX)
        .await
        .map_err(|_| AppError::PayloadTooLarge(FILE_BYTES_MAX))
}

/// Load recipients' accounts from a bank's account-opening file (CSV:
/// `no_kk,kanal,penyedia,no_rekening,nama_pemilik`). One bad row refuses the whole file,
/// naming every bad row. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/recipient-accounts", tag = "disbursement",
    request_body(content = String, content_type = "text/csv",
        description = "no_kk,kanal,penyedia,no_rekening,nama_pemilik"),
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "Rows loaded", body = AccountsImported),
        (status = 400, description = "Missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 413, description = "Body larger than 64 MiB", body = Problem),
        (status = 415, description = "Content-Type is not text/csv", body = Problem),
        (status = 422, description = "Rows refused; the message names each", body = Problem)))]
async fn import_accounts(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ReportPayments)?;
    let key = idempotency::key_from(&headers)?;
    let bytes = body_of(&headers, body, &["text/csv"]).await?;
    let hash = hex::encode(Sha256::digest(&bytes));
    let now = state.clock.now();
    let run = async {
        let done = accounts::import(&state.db, &caller.actor, "API", &bytes, now).await?;
        Ok((StatusCode::OK, done))
    };
    idempotency::once(&state.db, &caller.actor, &key, &hash, now, run).await
}

/// Which bank's file.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct BankQuery {
    /// The bank's BIC.
    bank: String,
}

/// A payroll's ISO 20022 `pain.001.001.09` credit-transfer file for one bank: the same
/// bytes every time. Approved bank-transfer payrolls only.
#[utoipa::path(get, path = "/api/v1/payrolls/{id}/pain001", tag = "disbursement",
    params(("id" = i64, Path, description = "Payroll id"), BankQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/xml", body = String),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such payroll or bank in the caller's scope", body = Problem),
        (status = 409, description = "Not an approved bank-transfer payroll", body = Problem)))]
async fn payroll_file(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Query(query): Query<BankQuery>,
) -> Result<Response, AppError> {
    caller.require(Permission::ReportPayments)?;
    let payroll = payroll::store::payroll(&state.db, id)
        .await?
        .filter(|p| caller.covers_code(&p.region_code))
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let file = super::export::attachment(&state.db, &payroll, &query.bank, &caller.actor, now);
    Ok(file.await?)
}

/// Import a bank's payment status report (`pain.002.001.03` or `pain.002.001.12`):
/// accepted payments post their reservations, rejected ones are voided and queued for
/// re-payment with the bank's reason, the rest become exceptions. The same file again
/// changes nothing (`already_imported`). Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/payment-status", tag = "disbursement",
    request_body(content = String, content_type = "application/xml",
        description = "pain.002.001.03 or pain.002.001.12"),
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "What the report did", body = Imported),
        (status = 400, description = "Missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 409, description = "Not an approved bank-transfer payroll", body = Problem),
        (status = 413, description = "Body larger than 64 MiB", body = Problem),
        (status = 415, description = "Content-Type is not XML", body = Problem),
        (status = 422, description = "Unreadable, truncated, with a DOCTYPE, or for an unknown payroll", body = Problem)))]
async fn import_status(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ReportPayments)?;
    let key = idempotency::key_from(&headers)?;
    let bytes = body_of(&headers, body, &["application/xml", "text/xml"]).await?;
    let hash = hex::encode(Sha256::digest(&bytes));
    let now = state.clock.now();
    let run = async {
        let done: Imported =
            reconcile::import(&state.db, &caller, &bytes, request_id.0.clone(), now).await?;
        Ok((StatusCode::OK, done))
    };
    idempotency::once(&state.db, &caller.actor, &key, &hash, now, run).await
}

/// Close a reconciled cycle: what its envelope still holds returns to the treasury by
/// one ledger transfer, with the closing in the log. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/cycles/{id}/close", tag = "disbursement",
    request_body = CycleCommand,
    params(("id" = i64, Path, description = "Cycle id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "The closed cycle", body = Cycle),
        (status = 400, description = "Missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such cycle in the caller's scope", body = Problem),
        (status = 409, description = "Not reconciled, or payments still await a bank", body = Problem)))]
async fn close_cycle(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<CycleCommand>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let run = async {
        let cycle =
            crate::disbursement::close::close(&state.db, &caller, id, request_id.0.clone(), now)
                .await?;
        Ok((StatusCode::OK, cycle))
    };
    let subject = format!("cycle:{id}:close");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}

/// How an exception was settled.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Resolution {
    /// 5 to 500 characters: what was found and done.
    note: String,
}

/// The exception's payroll's cycle, after the resolution.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Resolved {
    id: i64,
    cycle_id: i64,
}

/// Mark an exception of a status report resolved, with a note, in the log; when nothing
/// else waits, the cycle is reconciled. Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/payment-exceptions/{id}/resolve", tag = "disbursement",
    request_body = Resolution,
    params(("id" = i64, Path, description = "Exception id"),
        ("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "Resolved", body = Resolved),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 403, description = "Not allowed", body = Problem),
        (status = 404, description = "No such exception in the caller's scope", body = Problem),
        (status = 409, description = "Already resolved", body = Problem),
        (status = 422, description = "The note breaks its rule", body = Problem)))]
async fn resolve_exception(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    Path(id): Path<i64>,
    command: IdempotentJson<Resolution>,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let note = command.body.note.clone();
    let run = async {
        let cycle_id =
            super::resolve::resolve(&state.db, &caller, id, &note, request_id.0.clone(), now)
                .await?;
        Ok((StatusCode::OK, Resolved { id, cycle_id }))
    };
    let subject = format!("payment_exception:{id}:resolve");
    command
        .once(&state.db, &caller.actor, Some(&subject), now, run)
        .await
}
