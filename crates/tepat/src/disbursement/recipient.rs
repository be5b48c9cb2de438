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
}

/// The entitlements of `household`, newest first.
pub async fn of_household(db: &Db, household: i64) -> Result<Vec<RecipientPayment>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.name, e.amount, e.status, \
         (SELECT p.reason_code FROM payments p WHERE p.entitlement_id = e.id \
          ORDER BY p.payroll_id DESC LIMIT 1), \
         (SELECT p.settled_at FROM payments p WHERE p.entitlement_id = e.id \
          ORDER BY p.payroll_id DESC LIMIT 1) \
         FROM entitlements e JOIN cycles c ON c.id = e.cycle_id \
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
            })
        })
        .collect()
}
