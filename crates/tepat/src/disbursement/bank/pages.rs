//! Paying by bank on the cycle's page: each approved bank payroll's files to download, the
//! form to upload a bank's status report, the counts of paid, rejected and waiting
//! payments, the open exceptions, the re-payment queue, and closing a reconciled cycle.

use axum::extract::{Multipart, Path, State};
use axum::response::Response;

use super::reconcile::reason_text;
use super::store as bank_store;
use crate::auth::{Permission, Principal, SignedIn};
use crate::budgets::model::rupiah;
use crate::db::Db;
use crate::disbursement::payroll::{self, Payroll};
use crate::http::routes::RouteBook;
use crate::http::upload::{self, FormSender};
use crate::http::{AppError, AppState, RequestId};
use crate::web::layout::PageCtx;

/// Rejected payments listed on the page.
const QUEUE_SHOWN: i64 = 100;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/penyaluran/daftar-bayar/{id}/pain001/{bank}", download)
        .post("/penyaluran/daftar-bayar/{id}/status", upload_status)
        .post("/penyaluran/{id}/tutup", close)
        .post("/penyaluran/daftar-bayar/{id}/dompet", send_wallet)
        .post("/penyaluran/pengecualian/{id}/selesai", resolve_exception)
}

/// One bank's file of a payroll.
pub struct BankFile {
    pub bank: String,
    pub count: i64,
    pub amount: String,
}

/// A bank payroll's files, counts and exceptions.
pub struct PayrollPayments {
    pub payroll: i64,
    /// Paid through the e-wallet provider rather than by bank file.
    pub wallet: bool,
    pub files: Vec<BankFile>,
    pub paid: i64,
    pub rejected: i64,
    pub waiting: i64,
    /// (exception id, end-to-end id, kind in words, detail).
    pub exceptions: Vec<(i64, String, String, String)>,
}

/// A rejected payment in words.
pub struct QueueRow {
    pub household: i64,
    pub amount: String,
    pub code: String,
    pub reason: String,
}

/// What the cycle's page shows of paying by bank.
#[derive(Default)]
pub struct PaymentsView {
    pub payrolls: Vec<PayrollPayments>,
    pub queue: Vec<QueueRow>,
}

/// The payments part of a cycle's page.
pub async fn view(
    db: &Db,
    ctx: &PageCtx,
    cycle: i64,
    payrolls: &[Payroll],
) -> Result<PaymentsView, AppError> {
    let mut view = PaymentsView::default();
    for p in payrolls
        .iter()
        .filter(|p| p.channel != "e_voucher" && p.status == "approved")
    {
        let files = bank_store::banks(db, p.id)
            .await?
            .into_iter()
            .filter(|_| p.channel == "bank_transfer")
            .map(|(bank, count, total)| BankFile {
                bank,
                count,
                amount: rupiah(total),
            })
            .collect();
        let (paid, rejected, waiting) = bank_store::payment_counts(db, p.id).await?;
        let exceptions = bank_store::open_exceptions(db, p.id)
            .await?
            .into_iter()
            .map(|(id, e)| {
                let kind = ctx.tr.t(&format!("bank.exception.{}", e.kind)).to_owned();
                (id, e.end_to_end_id, kind, e.detail)
            })
            .collect();
        view.payrolls.push(PayrollPayments {
            payroll: p.id,
            wallet: p.channel == "e_wallet",
            files,
            paid,
            rejected,
            waiting,
            exceptions,
        });
    }
    view.queue = bank_store::repay_queue(db, cycle, QUEUE_SHOWN)
        .await?
        .into_iter()
        .map(|q| QueueRow {
            household: q.household,
            amount: rupiah(q.amount),
            reason: reason_text(&q.reason).to_owned(),
            code: q.reason,
        })
        .collect();
    Ok(view)
}

async fn payroll_in_scope(db: &Db, me: &Principal, id: i64) -> Result<Payroll, AppError> {
    payroll::store::payroll(db, id)
        .await?
        .filter(|p| me.covers_code(&p.region_code))
        .ok_or(AppError::NotFound)
}

async fn download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((id, bank)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    me.require(Permission::ReportPayments)?;
    let payroll = payroll_in_scope(&state.db, &me, id).await?;
    let now = state.clock.now();
    Ok(super::export::attachment(&state.db, &payroll, &bank, &me.actor, now).await?)
}

async fn upload_status(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    sender: FormSender,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    me.require_write(Permission::ReportPayments)?;
    let payroll = payroll_in_scope(&state.db, &me, id).await?;
    let limit = super::api::FILE_BYTES_MAX as u64;
    let form = upload::receive_form(&sender, multipart, "berkas", limit).await?;
    let Some(file) = form.file else {
        let missing = crate::disbursement::error::CycleError::invalid(
            "berkas",
            "required",
            "choose the bank's status report file",
            "pilih berkas laporan status dari bank",
        );
        return crate::disbursement::pages::finish_with(
            &state,
            &me,
            ctx,
            payroll.cycle_id,
            Err(missing),
        )
        .await;
    };
    let bytes = tokio::fs::read(file.path())
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let now = state.clock.now();
    let done = super::reconcile::import(&state.db, &me, &bytes, request_id.0, now).await;
    crate::disbursement::pages::finish_with(&state, &me, ctx, payroll.cycle_id, done.map(|_| ()))
        .await
}

#[derive(Debug, Default, serde::Deserialize)]
struct NoFields {}

async fn close(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    crate::http::csrf::CsrfForm(_): crate::http::csrf::CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageCycles)?;
    let now = state.clock.now();
    let done = crate::disbursement::close::close(&state.db, &me, id, request_id.0, now).await;
    crate::disbursement::pages::finish_with(&state, &me, ctx, id, done.map(|_| ())).await
}

async fn send_wallet(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    crate::http::csrf::CsrfForm(_): crate::http::csrf::CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageCycles)?;
    let payroll = payroll_in_scope(&state.db, &me, id).await?;
    let now = state.clock.now();
    let done = match crate::disbursement::wallet::Provider::from_env() {
        Ok(provider) => {
            crate::disbursement::wallet::pay(&state.db, &me, id, &provider, request_id.0, now)
                .await
                .map(|_| ())
        }
        Err(e) => Err(crate::disbursement::error::CycleError::conflict(
            "provider",
            "configuration",
            &e.to_string(),
            &e.0,
        )),
    };
    crate::disbursement::pages::finish_with(&state, &me, ctx, payroll.cycle_id, done).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct ResolveForm {
    #[serde(default)]
    note: String,
}

async fn resolve_exception(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    crate::http::csrf::CsrfForm(form): crate::http::csrf::CsrfForm<ResolveForm>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageCycles)?;
    let payroll = bank_store::exception_payroll(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let payroll = payroll_in_scope(&state.db, &me, payroll).await?;
    let now = state.clock.now();
    let done = super::resolve::resolve(&state.db, &me, id, &form.note, request_id.0, now).await;
    crate::disbursement::pages::finish_with(&state, &me, ctx, payroll.cycle_id, done.map(|_| ()))
        .await
}
