//! What a recipient sees of their own aid: each cycle that entitled their household, the
//! amount, where the payment stands and, when the bank refused it, why — in words.

use sqlx::Row;

use crate::db::{Db, ResultExt, StoreError};

/// Cycles shown to a recipient, newest first.
const SHOWN_MAX: i64 = 24;

/// One entitlement of a household as its family sees it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RecipientPayment {
    /// "PKH 2027 tahap 1".
    pub cycle: String,
    /// Rupiah.
    pub amount: i64,
    /// `computed`, `reserved`, `paid`, `rejected` or `returned`.
    pub status: String,
    /// The bank's reason, in Bahasa Indonesia, when it refused the payment.
    pub reason: Option<String>,
    /// When the bank's answer came.
    pub settled_at: Option<String>,
    /// The voucher it was paid into, for programmes spent at merchants.
    pub voucher: Option<RecipientVoucher>,
}

/// A household's voucher: the code to type, what it still holds, until when.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RecipientVoucher {
    /// The typed code, in groups of four.
    pub code: String,
    pub remaining: i64,
    /// Last day it may be spent, `YYYY-MM-DD`.
    pub valid_until: String,
    /// Its QR code as inline SVG, for the page.
    #[serde(skip)]
    pub qr: String,
}

/// The entitlements of `household`, newest first.
pub async fn of_household(db: &Db, household: i64) -> Result<Vec<RecipientPayment>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.name, e.amount, e.status, \
         (SELECT p.reason_code FROM payments p WHERE p.entitlement_id = e.id \
          ORDER BY p.payroll_id DESC LIMIT 1), \
         (SELECT p.settled_at FROM payments p WHERE p.entitlement_id = e.id \
          ORDER BY p.payroll_id DESC LIMIT 1), \
         v.code, a.credits_posted - a.debits_posted - a.debits_pending, v.valid_until, \
         v.payload \
         FROM entitlements e JOIN cycles c ON c.id = e.cycle_id \
         LEFT JOIN vouchers v ON v.entitlement_id = e.id AND v.status = 'active' \
         LEFT JOIN ledger_accounts a ON a.id = v.ledger_account_id \
         WHERE e.household_id = $1 ORDER BY e.id DESC LIMIT $2",
    )
    .bind(household)
    .bind(SHOWN_MAX)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            let status: String = r.try_get(2).store()?;
            let code: Option<String> = r.try_get(3).store()?;
            Ok(RecipientPayment {
                cycle: r.try_get(0).store()?,
                amount: r.try_get(1).store()?,
                reason: code
                    .filter(|_| status == "rejected")
                    .map(|c| super::bank::reconcile::reason_text(&c).to_owned()),
                status,
                settled_at: r.try_get(4).store()?,
                voucher: voucher(r)?,
            })
        })
        .collect()
}

fn voucher(row: &sqlx::any::AnyRow) -> Result<Option<RecipientVoucher>, StoreError> {
    let code: Option<String> = row.try_get(5).store()?;
    let Some(code) = code else {
        return Ok(None);
    };
    let payload: String = row.try_get(8).store()?;
    Ok(Some(RecipientVoucher {
        code: crate::vouchers::code::display(&code),
        remaining: row.try_get(6).store()?,
        valid_until: row.try_get(7).store()?,
        qr: crate::web::qr::svg(&payload, 160).unwrap_or_default(),
    }))
}
