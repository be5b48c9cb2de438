//! Importing a bank's status report: each accepted payment posts its reservation, each
//! rejected one voids it and goes to the re-payment queue with the bank's reason; what
//! cannot be applied (an unknown id, a differing amount, a duplicate, a status after a
//! final one, an unknown status) becomes an exception for a person — never dropped, never
//! applied twice. The file, its transfers, the payments' new states, its exceptions and
//! its event commit together; the same file again changes nothing.

use std::collections::HashSet;

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::pain002::{self, StatusLine};
use super::store::{self as bank_store, Exception, FileRow, Payment, Settled};
use crate::auth::Principal;
use crate::db::{Db, ResultExt};
use crate::disbursement::error::CycleError;
use crate::disbursement::model::{APPROVED, DISBURSED, RECONCILED};
use crate::disbursement::payroll::{self, Payroll, reserve_transfer_id};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::store as ledger;
use crate::ledger::{NewTransfer, Phase};
use crate::region_code::RegionCode;

pub const STATUS_IMPORTED: Action = Action("payment_status.imported");

/// What the ledger calls a payment's settlement.
pub const TRANSFER_PAY: &str = "pay";
pub const TRANSFER_REJECT: &str = "reject";

/// What an import did (or, for a file imported before, what that import did).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Imported {
    pub file: FileRow,
    /// True when this very file was imported before and nothing changed now.
    pub already_imported: bool,
    /// The exceptions this import opened (none when already imported).
    pub exceptions: Vec<Exception>,
}

/// How a status code settles a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    Paid,
    Rejected,
    /// Not final yet: the payment still awaits the bank.
    Waiting,
}

/// The ISO 20022 transaction status codes: settled or accepted for settlement is paid,
/// `RJCT` is rejected, the rest of the known codes still wait; an unknown code is `None`.
pub fn settlement(status: &str) -> Option<Settlement> {
    match status {
        "ACSC" | "ACCC" | "ACSP" | "ACWC" => Some(Settlement::Paid),
        "RJCT" => Some(Settlement::Rejected),
        "ACTC" | "ACCP" | "PDNG" | "RCVD" | "ACWP" | "ACFC" | "PATC" | "PART" => {
            Some(Settlement::Waiting)
        }
        _ => None,
    }
}

/// Imports a status report in `bytes` as `caller` (who must cover the payroll's region).
pub async fn import(
    db: &Db,
    caller: &Principal,
    bytes: &[u8],
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Imported, CycleError> {
    let sha256 = hex::encode(Sha256::digest(bytes));
    if let Some(file) = bank_store::status_file(db, &sha256).await? {
        return Ok(already(file));
    }
    let report = pain002::read(bytes).map_err(|why| {
        CycleError::Invalid(crate::web::form::FieldRule::new(
            "file",
            "pain002",
            &why.to_string(),
            &why.indonesian(),
        ))
    })?;
    let payroll = payroll_of(db, caller, &report.original_message_id).await?;
    let (_, bank) = super::parse_message_id(&report.original_message_id).unwrap_or_default();
    let answer = Answer {
        sha256,
        version: report.version.to_owned(),
        message_id: report.message_id,
        original_message_id: report.original_message_id,
        provider: bank,
        lines: report.lines,
    };
    settle_answer(db, caller, &payroll, answer, request_id, now).await
}

/// A provider's answer about one payroll's payments with one bank or e-wallet provider,
/// whatever it came as (a pain.002 file, an e-wallet provider's JSON).
#[derive(Debug, Clone)]
pub struct Answer {
    /// SHA-256 of the answer as received: the same answer twice changes nothing.
    pub sha256: String,
    /// `pain.002.001.03`, `pain.002.001.12` or `e_wallet`.
    pub version: String,
    pub message_id: String,
    /// The message it answers: `TEPAT-{payroll}-{provider}`.
    pub original_message_id: String,
    /// The bank's BIC or the e-wallet provider's code.
    pub provider: String,
    pub lines: Vec<StatusLine>,
}

/// Applies an answer about `payroll`'s payments with one provider: posts, voids, the
/// payments' states and the exceptions, with one event, in one transaction, once.
pub async fn settle_answer(
    db: &Db,
    caller: &Principal,
    payroll: &Payroll,
    answer: Answer,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Imported, CycleError> {
    if let Some(file) = bank_store::status_file(db, &answer.sha256).await? {
        return Ok(already(file));
    }
    let mut tx = db.begin_bulk().await?;
    let payments = bank_store::payments(&mut tx, payroll.id, &answer.provider).await?;
    let sorted = sort(payroll.id, &answer.lines, &payments);
    let mut file = FileRow {
        sha256: answer.sha256.clone(),
        message_id: answer.message_id.clone(),
        original_message_id: answer.original_message_id.clone(),
        payroll_id: payroll.id,
        version: answer.version.clone(),
        paid: count(&sorted.settled, "paid"),
        rejected: count(&sorted.settled, "rejected"),
        exceptions: sorted.exceptions.len() as i64,
        imported_by: caller.name.clone(),
        imported_at: crate::db::timestamp::to_db(now),
    };
    if !bank_store::claim_file(&mut tx, &file, &caller.actor).await? {
        drop(tx);
        file = bank_store::status_file(db, &answer.sha256)
            .await?
            .ok_or(CycleError::NotFound)?;
        return Ok(already(file));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: STATUS_IMPORTED,
        subject_type: "payroll",
        subject_id: payroll.id.to_string(),
        region: RegionCode::parse(&payroll.region_code).ok(),
        changes: Changes::new()
            .set("provider", answer.provider.as_str())
            .set("status_file", answer.sha256.as_str())
            .set("message_id", answer.message_id.as_str())
            .set("paid", file.paid)
            .set("rejected", file.rejected)
            .set("exceptions", file.exceptions),
        request_id,
    };
    apply(&mut tx, payroll, &sorted, event, &answer.sha256, now).await?;
    tx.commit().await.store()?;
    Ok(Imported {
        file,
        already_imported: false,
        exceptions: sorted.exceptions,
    })
}

/// Writes what a report's lines came to: the posts and voids with the import's event,
/// the payments' and entitlements' new states, the exceptions, and the cycle reconciled
/// when nothing awaits a bank any more.
async fn apply(
    tx: &mut crate::db::Tx,
    payroll: &Payroll,
    sorted: &Sorted,
    event: NewEvent,
    sha256: &str,
    now: OffsetDateTime,
) -> Result<(), CycleError> {
    let written = ledger::write(tx, &sorted.batch, event.clone(), now).await?;
    if let Some((_, id, refusal)) = written.first_refusal(&sorted.batch) {
        return Err(CycleError::conflict(
            "file",
            "ledger",
            &format!("transfer {id}: {refusal}"),
            &format!("buku besar menolak {id}: {refusal}"),
        ));
    }
    let event = match written.event {
        Some(event) => event,
        None => crate::events::store::record(tx, event, now).await?,
    };
    bank_store::set_file_event(tx, sha256, event.0).await?;
    bank_store::settle(tx, payroll.id, &sorted.settled, sha256, now).await?;
    crate::notifications::hooks::payments_settled(tx, payroll.id, &sorted.settled, now).await?;
    bank_store::insert_exceptions(tx, sha256, payroll.id, &sorted.exceptions).await?;
    if bank_store::cycle_outstanding(tx, payroll.cycle_id).await? == (0, 0) {
        bank_store::set_cycle_status(tx, payroll.cycle_id, &[APPROVED, DISBURSED], RECONCILED)
            .await?;
    }
    Ok(())
}

fn already(file: FileRow) -> Imported {
    Imported {
        file,
        already_imported: true,
        exceptions: Vec::new(),
    }
}

fn count(settled: &[Settled], status: &str) -> i64 {
    settled.iter().filter(|(_, s, _)| *s == status).count() as i64
}

/// The payroll a report answers: one of Tepat's, paid by bank, approved, in the caller's
/// region.
async fn payroll_of(db: &Db, caller: &Principal, original: &str) -> Result<Payroll, CycleError> {
    let unknown = || {
        CycleError::invalid(
            "file",
            "unknown_payroll",
            "its OrgnlMsgId names no payroll file of Tepat you may answer",
            "OrgnlMsgId-nya tidak menunjuk berkas daftar bayar Tepat yang boleh Anda jawab",
        )
    };
    let (id, _) = super::parse_message_id(original).ok_or_else(unknown)?;
    let payroll = payroll::store::payroll(db, id)
        .await?
        .filter(|p| caller.covers_code(&p.region_code))
        .ok_or_else(unknown)?;
    super::export::exportable(&payroll)?;
    Ok(payroll)
}

/// A report's lines sorted into transfers, settled payments and exceptions.
struct Sorted {
    batch: Vec<NewTransfer>,
    settled: Vec<Settled>,
    exceptions: Vec<Exception>,
}

fn sort(
    payroll: i64,
    lines: &[StatusLine],
    payments: &std::collections::HashMap<String, Payment>,
) -> Sorted {
    let mut sorted = Sorted {
        batch: Vec::new(),
        settled: Vec::new(),
        exceptions: Vec::new(),
    };
    let mut seen = HashSet::with_capacity(lines.len());
    for line in lines {
        match judge(line, payments, &mut seen) {
            Err((kind, detail)) => sorted.exceptions.push(Exception {
                end_to_end_id: line.end_to_end_id.chars().take(64).collect(),
                kind: kind.to_owned(),
                detail,
            }),
            Ok(None) => {}
            Ok(Some((payment, paid))) => {
                let pending = reserve_transfer_id(payroll, payment.entitlement);
                let (phase, code, suffix, status) = if paid {
                    (Phase::Post, TRANSFER_PAY, "pay", "paid")
                } else {
                    (Phase::Void, TRANSFER_REJECT, "reject", "rejected")
                };
                let id = format!(
                    "payroll:{payroll}:entitlement:{}:{suffix}",
                    payment.entitlement
                );
                sorted.batch.push(
                    NewTransfer::resolve(id, &pending, phase, code)
                        .with_reference(format!("entitlement:{}", payment.entitlement)),
                );
                let reason =
                    (!paid).then(|| line.reason.clone().unwrap_or_else(|| "NARR".to_owned()));
                sorted.settled.push((payment.entitlement, status, reason));
            }
        }
    }
    sorted
}

/// One line: the payment it settles and whether it was paid, nothing (still waiting), or
/// the exception it is.
fn judge<'a>(
    line: &StatusLine,
    payments: &'a std::collections::HashMap<String, Payment>,
    seen: &mut HashSet<String>,
) -> Result<Option<(&'a Payment, bool)>, (&'static str, String)> {
    let Some(payment) = payments.get(line.end_to_end_id.trim()) else {
        return Err((
            "unknown_id",
            format!(
                "tidak ada pembayaran dengan EndToEndId \"{}\" di berkas ini",
                line.end_to_end_id
            ),
        ));
    };
    if !seen.insert(line.end_to_end_id.trim().to_owned()) {
        return Err((
            "duplicate",
            "status kedua untuk pembayaran yang sama di berkas ini".to_owned(),
        ));
    }
    if let Some(amount) = &line.amount
        && rupiah(amount) != Some(payment.amount)
    {
        return Err((
            "amount_differs",
            format!(
                "bank menyebut jumlah {amount}, daftar bayar {}",
                payment.amount
            ),
        ));
    }
    let Some(settlement) = settlement(&line.status) else {
        return Err((
            "unknown_status",
            format!("kode status \"{}\" tidak dikenal", line.status),
        ));
    };
    if payment.status != "reserved" {
        return Err((
            "after_final",
            format!(
                "status {} datang setelah status akhir ({})",
                line.status,
                if payment.status == "paid" {
                    "dibayar"
                } else {
                    "ditolak"
                }
            ),
        ));
    }
    Ok(match settlement {
        Settlement::Paid => Some((payment, true)),
        Settlement::Rejected => Some((payment, false)),
        Settlement::Waiting => None,
    })
}

/// An amount as a bank writes it (`750000` or `750000.00`) in whole rupiah.
fn rupiah(text: &str) -> Option<i64> {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if !fraction.bytes().all(|b| b == b'0') || whole.is_empty() {
        return None;
    }
    whole.parse().ok()
}

/// A bank's reason code for a rejection, in Bahasa Indonesia (ISO 20022 external status
/// reason codes).
pub fn reason_text(code: &str) -> &'static str {
    match code {
        "AC01" => "nomor rekening salah",
        "AC03" => "nomor rekening penerima tidak sah",
        "AC04" => "rekening sudah ditutup",
        "AC06" => "rekening diblokir",
        "AG01" => "transaksi tidak diizinkan untuk rekening ini",
        "AM04" => "dana tidak mencukupi",
        "AM05" => "pembayaran ganda",
        "BE01" => "nama tidak cocok dengan pemilik rekening",
        "MD07" => "pemilik rekening meninggal dunia",
        "RC01" => "kode bank (BIC) salah",
        "RR01" | "RR02" | "RR03" | "RR04" => "data kepatuhan penerima kurang",
        "MS02" | "MS03" => "ditolak bank tanpa alasan yang disebut",
        _ => "alasan lain (lihat keterangan bank)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_in_whole_rupiah() {
        assert_eq!(rupiah("750000"), Some(750_000));
        assert_eq!(rupiah("750000.00"), Some(750_000));
        assert_eq!(rupiah("750000.50"), None);
        assert_eq!(rupiah("abc"), None);
    }

    #[test]
    fn status_codes_settle_as_iso_20022_says() {
        assert_eq!(settlement("ACSC"), Some(Settlement::Paid));
        assert_eq!(settlement("RJCT"), Some(Settlement::Rejected));
        assert_eq!(settlement("PDNG"), Some(Settlement::Waiting));
        assert_eq!(settlement("XXXX"), None);
    }

    #[test]
    fn lines_become_transfers_or_exceptions() {
        let payments: std::collections::HashMap<String, Payment> =
            [(1, "reserved"), (2, "reserved"), (3, "paid")]
                .into_iter()
                .map(|(e, s)| {
                    (
                        e.to_string(),
                        Payment {
                            entitlement: e,
                            amount: 100,
                            status: s.to_owned(),
                        },
                    )
                })
                .collect();
        let line = |e: &str, status: &str, amount: Option<&str>| StatusLine {
            end_to_end_id: e.to_owned(),
            status: status.to_owned(),
            reason: (status == "RJCT").then(|| "AC04".to_owned()),
            amount: amount.map(str::to_owned),
        };
        let lines = [
            line("1", "ACSC", Some("100")),
            line("2", "RJCT", None),
            line("2", "ACSC", None),
            line("3", "RJCT", None),
            line("9", "ACSC", None),
        ];
        let mut mismatched = lines.to_vec();
        mismatched[0].amount = Some("90".to_owned());
        let payroll = 7;
        let sorted = sort(payroll, &lines, &payments);
        assert_eq!(sorted.batch.len(), 2);
        assert_eq!(sorted.batch[0].id, "payroll:7:entitlement:1:pay");
        assert_eq!(
            sorted.batch[0].pending_id.as_deref(),
            Some("payroll:7:entitlement:1:reserve")
        );
        assert_eq!(sorted.batch[1].phase, Phase::Void);
        assert_eq!(sorted.settled[1], (2, "rejected", Some("AC04".to_owned())));
        let kinds: Vec<&str> = sorted.exceptions.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["duplicate", "after_final", "unknown_id"]);
        let sorted = sort(payroll, &mismatched, &payments);
        assert_eq!(sorted.exceptions[0].kind, "amount_differs");
        assert_eq!(sorted.batch.len(), 1);
    }
}
