//! The e-wallet channel: a payroll paid into recipients' e-wallets through a provider.
//! A batch of the payroll's waiting payments goes to the provider under an idempotent id
//! (`TEPAT-{payroll}-{provider}`: sending it again is the same batch), and the provider's
//! answer — at once, or later by polling — settles them exactly as a bank's status report
//! does: paid posts the reservation, rejected voids it and queues the payment for
//! re-payment, anything else is an exception. The provider is configured by
//! `TEPAT_EWALLET_URL` and `TEPAT_EWALLET_TOKEN` (an HTTP-JSON provider, `http.rs`); with
//! no URL the simulated provider (`simulated.rs`) answers, for the demo and the tests.

pub mod api;
pub mod http;
pub mod poll;
pub mod simulated;

use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;

use super::bank::pain002::StatusLine;
use super::bank::reconcile::{self, Answer, Imported};
use super::error::CycleError;
use super::payroll::{self, Payroll};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt};

/// One payment sent to a provider.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WalletPayment {
    /// The entitlement id.
    pub id: String,
    /// The recipient's wallet (a phone number).
    pub wallet: String,
    pub name: String,
    /// Rupiah.
    pub amount: i64,
}

/// A provider's word on one payment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct WalletStatus {
    pub id: String,
    /// `paid`, `rejected` or `pending`.
    pub status: String,
    /// An ISO 20022 reason code for a rejection (`AC01`, `AC04`, …).
    #[serde(default)]
    pub reason: Option<String>,
    /// The amount the provider moved, when it says.
    #[serde(default)]
    pub amount: Option<i64>,
}

/// A batch and the provider's answer about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct WalletBatch {
    pub batch: String,
    pub statuses: Vec<WalletStatus>,
}

/// Why a provider could not be reached or understood.
#[derive(Debug, thiserror::Error)]
#[error("e-wallet provider: {0}")]
pub struct ProviderError(pub String);

/// The provider payments go through.
pub enum Provider {
    Simulated(simulated::Simulated),
    Http(http::HttpProvider),
}

impl Provider {
    /// The HTTP provider at `TEPAT_EWALLET_URL` (with `TEPAT_EWALLET_TOKEN`), or the
    /// simulated one when no URL is set.
    pub fn from_env() -> Result<Self, ProviderError> {
        match std::env::var("TEPAT_EWALLET_URL") {
            Ok(url) if !url.trim().is_empty() => {
                let token = std::env::var("TEPAT_EWALLET_TOKEN").unwrap_or_default();
                Ok(Self::Http(http::HttpProvider::new(url.trim(), &token)?))
            }
            _ => Ok(Self::Simulated(simulated::Simulated)),
        }
    }

    /// Sends a batch (again: the provider answers for the batch it already has).
    pub async fn send(
        &self,
        batch: &str,
        payments: &[WalletPayment],
    ) -> Result<WalletBatch, ProviderError> {
        match self {
            Self::Simulated(p) => Ok(p.send(batch, payments)),
            Self::Http(p) => p.send(batch, payments).await,
        }
    }
}

/// The batch id of a payroll's payments with one provider.
pub fn batch_id(payroll: i64, provider: &str) -> String {
    format!("TEPAT-{payroll}-{provider}")
}

/// Sends every waiting payment of an approved e-wallet payroll to `provider` (one batch
/// per wallet provider) and settles what it answers; the answers, as imported.
pub async fn pay(
    db: &Db,
    caller: &Principal,
    id: i64,
    provider: &Provider,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Vec<Imported>, CycleError> {
    caller.allows(Permission::ManageCycles, true)?;
    let payroll = payroll::store::payroll(db, id)
        .await?
        .filter(|p| caller.covers_code(&p.region_code))
        .ok_or(CycleError::NotFound)?;
    if payroll.channel != "e_wallet" || payroll.status != "approved" {
        return Err(CycleError::conflict(
            "payroll",
            "approved_wallet_payroll",
            "only an approved e-wallet payroll is paid through the e-wallet provider",
            "hanya daftar bayar dompet digital yang sudah disetujui yang dibayar lewat penyedia",
        ));
    }
    let mut answers = Vec::new();
    for (wallet_provider, payments) in waiting(db, &payroll).await? {
        let batch = batch_id(payroll.id, &wallet_provider);
        let answer = provider.send(&batch, &payments).await.map_err(|e| {
            CycleError::conflict(
                "provider",
                "unreachable",
                &e.to_string(),
                &format!("penyedia dompet digital tidak dapat dihubungi: {}", e.0),
            )
        })?;
        let answer = to_answer(&batch, &wallet_provider, &answer);
        answers.push(
            reconcile::settle_answer(db, caller, &payroll, answer, request_id.clone(), now).await?,
        );
    }
    Ok(answers)
}

/// The payroll and wallet provider a batch id names.
pub fn parse_batch_id(text: &str) -> Option<(i64, String)> {
    let (payroll, provider) = text.trim().strip_prefix("TEPAT-")?.split_once('-')?;
    let valid = (2..=32).contains(&provider.len())
        && provider
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    Some((payroll.parse().ok()?, provider.to_owned())).filter(|_| valid)
}

/// Settles statuses a provider pushes to Tepat (its callback) about a batch sent earlier.
pub async fn callback(
    db: &Db,
    caller: &Principal,
    answer: &WalletBatch,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Imported, CycleError> {
    caller.allows(Permission::ReportPayments, true)?;
    let unknown = || {
        CycleError::invalid(
            "batch",
            "unknown_batch",
            "names no e-wallet batch of Tepat you may answer",
            "tidak menunjuk kiriman dompet digital Tepat yang boleh Anda jawab",
        )
    };
    let (id, wallet_provider) = parse_batch_id(&answer.batch).ok_or_else(unknown)?;
    let payroll = payroll::store::payroll(db, id)
        .await?
        .filter(|p| caller.covers_code(&p.region_code))
        .filter(|p| p.channel == "e_wallet" && p.status == "approved")
        .ok_or_else(unknown)?;
    let answer = to_answer(&answer.batch, &wallet_provider, answer);
    reconcile::settle_answer(db, caller, &payroll, answer, request_id, now).await
}

/// The provider's answer as status lines (ISO 20022 codes), hashed as received.
fn to_answer(batch: &str, provider: &str, answer: &WalletBatch) -> Answer {
    let text = serde_json::to_string(answer).unwrap_or_default();
    let lines = answer
        .statuses
        .iter()
        .map(|s| StatusLine {
            end_to_end_id: s.id.clone(),
            status: match s.status.as_str() {
                "paid" => "ACSC".to_owned(),
                "rejected" => "RJCT".to_owned(),
                "pending" => "PDNG".to_owned(),
                other => other.to_owned(),
            },
            reason: s.reason.clone(),
            amount: s.amount.map(|a| a.to_string()),
        })
        .collect();
    Answer {
        sha256: hex::encode(Sha256::digest(text.as_bytes())),
        version: "e_wallet".to_owned(),
        message_id: format!(
            "{batch}-{}",
            &hex::encode(Sha256::digest(text.as_bytes()))[..12]
        ),
        original_message_id: batch.to_owned(),
        provider: provider.to_owned(),
        lines,
    }
}

/// The payments of a payroll still waiting, by wallet provider.
async fn waiting(
    db: &Db,
    payroll: &Payroll,
) -> Result<Vec<(String, Vec<WalletPayment>)>, CycleError> {
    let rows = sqlx::query(
        "SELECT provider, entitlement_id, account_number, holder_name, amount FROM payments \
         WHERE payroll_id = $1 AND status = 'reserved' ORDER BY provider, entitlement_id",
    )
    .bind(payroll.id)
    .fetch_all(&db.pool)
    .await
    .store()?;
    let mut batches: Vec<(String, Vec<WalletPayment>)> = Vec::new();
    for row in &rows {
        let provider: String = row.try_get(0).store()?;
        let entitlement: i64 = row.try_get(1).store()?;
        let payment = WalletPayment {
            id: entitlement.to_string(),
            wallet: row.try_get(2).store()?,
            name: row.try_get(3).store()?,
            amount: row.try_get(4).store()?,
        };
        match batches.last_mut() {
            Some((p, list)) if *p == provider => list.push(payment),
            _ => batches.push((provider, vec![payment])),
        }
    }
    Ok(batches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_ids_name_their_payroll_and_provider() {
        assert_eq!(batch_id(7, "dana"), "TEPAT-7-dana");
        assert_eq!(parse_batch_id("TEPAT-7-dana"), Some((7, "dana".to_owned())));
        assert_eq!(parse_batch_id("TEPAT-7-DANA"), None);
        assert_eq!(parse_batch_id("TEPAT-x-dana"), None);
        assert_eq!(parse_batch_id("OTHER-7-dana"), None);
    }
}
